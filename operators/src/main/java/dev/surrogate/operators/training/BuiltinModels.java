package dev.surrogate.operators.training;

import dev.surrogate.operators.models.DeepOnet;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.Fno2d;

/** Registers the toolkit's own operators (FNO 1-D and 2-D, DeepONet) with {@link ModelRegistry}. */
final class BuiltinModels {
    private BuiltinModels() {
    }

    static void registerAll() {
        ModelRegistry.register(Fno1d.MODEL, Fno1d.class, Fno1d::fromConfig);
        ModelRegistry.register(Fno2d.MODEL, Fno2d.class, Fno2d::fromConfig);
        ModelRegistry.register(DeepOnet.MODEL, DeepOnet.class, DeepOnet::fromConfig);
    }
}
