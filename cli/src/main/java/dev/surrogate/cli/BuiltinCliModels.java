package dev.surrogate.cli;

import dev.surrogate.operators.models.DeepOnet;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.Fno2d;

/** The toolkit's own {@code train MODEL} names: {@code fno} (1-D or 2-D from the data) and {@code deeponet}. */
final class BuiltinCliModels {
    private BuiltinCliModels() {
    }

    static void registerAll() {
        CliModels.register("fno", (o, in, out, dims, seed) -> {
            if (o.sensors != null || o.latent != null) {
                throw new IllegalArgumentException("--sensors and --latent are DeepONet options, not FNO ones");
            }
            if (dims == 1) {
                Fno1d.Config c = Fno1d.Config.defaults(in, out);
                return new Fno1d(c.withWidth(ModelOptions.or(o.width, c.width()))
                        .withModes(ModelOptions.or(o.modes, c.modes()))
                        .withLayers(ModelOptions.or(o.layers, c.layers())).withDropout(o.dropout)
                        .withHeteroscedastic(o.heteroscedastic).withSeed(seed));
            }
            Fno2d.Config c = Fno2d.Config.defaults(in, out);
            return new Fno2d(c.withWidth(ModelOptions.or(o.width, c.width()))
                    .withModes(ModelOptions.or(o.modes, c.modesY()), ModelOptions.or(o.modes, c.modesX()))
                    .withLayers(ModelOptions.or(o.layers, c.layers())).withDropout(o.dropout)
                    .withHeteroscedastic(o.heteroscedastic).withSeed(seed));
        });
        CliModels.register("deeponet", (o, in, out, dims, seed) -> {
            if (o.modes != null) {
                throw new IllegalArgumentException("--modes is an FNO option; DeepONet takes --sensors and --latent");
            }
            DeepOnet.Config c = DeepOnet.Config.defaults(in, out, dims);
            c = c.withNets(ModelOptions.or(o.width, c.branchWidth()), ModelOptions.or(o.layers, c.branchLayers()),
                    ModelOptions.or(o.latent, c.latent()));
            if (o.sensors != null) {
                c = c.withSensors(o.sensors);
            }
            return new DeepOnet(c.withDropout(o.dropout).withHeteroscedastic(o.heteroscedastic).withSeed(seed));
        });
    }
}
