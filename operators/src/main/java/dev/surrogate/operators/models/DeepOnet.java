package dev.surrogate.operators.models;

import dev.surrogate.operators.layers.Activation;
import dev.surrogate.operators.layers.ChannelDropout;
import dev.surrogate.operators.layers.Constants;
import dev.surrogate.operators.layers.HeteroscedasticHead;
import dev.surrogate.operators.layers.PointwiseLinear;
import dev.surrogate.operators.layers.Weights;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Deep operator network (Lu, Jin, Pang, Zhang, Karniadakis 2021, "Learning nonlinear operators via DeepONet",
 * Nature Machine Intelligence): {@code G(u)(y) = sum_k b_k(u) t_k(y) + b_0}.
 * <ul>
 *   <li>Branch net: an MLP on the input field sampled at {@code sensors} fixed positions per axis
 *       ({@code sensors^d} per channel), with {@code branchLayers} hidden layers of {@code branchWidth};
 *       its last layer is linear with {@code latent} outputs per predicted channel.</li>
 *   <li>Trunk net: an MLP on the normalised coordinates {@code y/L in [0, 1)} with {@code trunkLayers} hidden
 *       layers of {@code trunkWidth} and {@code latent} outputs, activation on the last layer too (as in the
 *       paper).</li>
 *   <li>Output: for each predicted channel its own {@code latent} branch outputs dotted with the shared trunk
 *       outputs, plus a per-channel bias; evaluated at every grid point of the input, so the model fits the
 *       {@link NeuralOperator} boundary shapes.</li>
 * </ul>
 * Sensors sit at {@code j L / sensors}, and the field is read there by periodic linear interpolation from the
 * graph's grid (exact sampling when the grid size is a multiple of {@code sensors}), so the same weights evaluate
 * on other resolutions. Channel dropout (per sample and feature) follows every hidden branch layer; the trunk is
 * shared by all samples of a batch and gets none. Variables are named {@code deeponet/...}.
 */
public final class DeepOnet implements NeuralOperator {
    /** Model name in config maps. */
    public static final String MODEL = "deeponet";
    private static final String PREFIX = "deeponet";

    /**
     * Hyper-parameters.
     *
     * @param inChannels      input field channels
     * @param outChannels     predicted channels
     * @param spatialDims     1 or 2
     * @param sensors         sensor points per axis
     * @param branchWidth     hidden width of the branch net
     * @param branchLayers    hidden layers of the branch net, {@code >= 1}
     * @param trunkWidth      hidden width of the trunk net
     * @param trunkLayers     hidden layers of the trunk net, {@code >= 1}
     * @param latent          number p of basis functions per predicted channel
     * @param activation      {@code gelu}, {@code tanh}, {@code relu}
     * @param dropout         channel-dropout rate after every hidden branch layer, in {@code [0, 1)}
     * @param heteroscedastic predict mean and log-variance
     * @param varianceFloor   smallest predicted variance (heteroscedastic only)
     * @param seed            initialisation seed
     */
    public record Config(int inChannels, int outChannels, int spatialDims, int sensors, int branchWidth,
                         int branchLayers, int trunkWidth, int trunkLayers, int latent, String activation,
                         double dropout, boolean heteroscedastic, double varianceFloor, long seed) {
        /** Validates every field. */
        public Config {
            ConfigValues.positive(MODEL, "inChannels", inChannels);
            ConfigValues.positive(MODEL, "outChannels", outChannels);
            if (spatialDims != 1 && spatialDims != 2) {
                throw new IllegalArgumentException(MODEL + ": spatialDims must be 1 or 2, got " + spatialDims);
            }
            ConfigValues.positive(MODEL, "sensors", sensors);
            ConfigValues.positive(MODEL, "branchWidth", branchWidth);
            ConfigValues.positive(MODEL, "branchLayers", branchLayers);
            ConfigValues.positive(MODEL, "trunkWidth", trunkWidth);
            ConfigValues.positive(MODEL, "trunkLayers", trunkLayers);
            ConfigValues.positive(MODEL, "latent", latent);
            activation = Activation.parse(activation).configName();
            ConfigValues.probability(MODEL, "dropout", dropout);
            ConfigValues.positiveReal(MODEL, "varianceFloor", varianceFloor);
        }

        /**
         * A configuration for 1-D fields on 256 points: 128 sensors, branch and trunk 3 x 128 GELU, 128 basis
         * functions, seed 0.
         *
         * @param inChannels  input field channels
         * @param outChannels predicted channels
         * @param spatialDims 1 or 2
         * @return the configuration
         */
        public static Config defaults(int inChannels, int outChannels, int spatialDims) {
            return new Config(inChannels, outChannels, spatialDims, spatialDims == 1 ? 128 : 32, 128, 3, 128, 3,
                    128, "gelu", 0, false, HeteroscedasticHead.DEFAULT_VARIANCE_FLOOR, 0);
        }

        /** @param s sensors per axis @return a copy with that sensor count */
        public Config withSensors(int s) {
            return new Config(inChannels, outChannels, spatialDims, s, branchWidth, branchLayers, trunkWidth,
                    trunkLayers, latent, activation, dropout, heteroscedastic, varianceFloor, seed);
        }

        /**
         * @param width  hidden width of both nets
         * @param layers hidden layers of both nets
         * @param p      basis functions per channel
         * @return a copy with those sizes
         */
        public Config withNets(int width, int layers, int p) {
            return new Config(inChannels, outChannels, spatialDims, sensors, width, layers, width, layers, p,
                    activation, dropout, heteroscedastic, varianceFloor, seed);
        }

        /** @param name activation name @return a copy with that activation */
        public Config withActivation(String name) {
            return new Config(inChannels, outChannels, spatialDims, sensors, branchWidth, branchLayers, trunkWidth,
                    trunkLayers, latent, name, dropout, heteroscedastic, varianceFloor, seed);
        }

        /** @param rate dropout rate @return a copy with that dropout rate */
        public Config withDropout(double rate) {
            return new Config(inChannels, outChannels, spatialDims, sensors, branchWidth, branchLayers, trunkWidth,
                    trunkLayers, latent, activation, rate, heteroscedastic, varianceFloor, seed);
        }

        /** @param on heteroscedastic head @return a copy with the head switched */
        public Config withHeteroscedastic(boolean on) {
            return new Config(inChannels, outChannels, spatialDims, sensors, branchWidth, branchLayers, trunkWidth,
                    trunkLayers, latent, activation, dropout, on, varianceFloor, seed);
        }

        /** @param s seed @return a copy with that seed */
        public Config withSeed(long s) {
            return new Config(inChannels, outChannels, spatialDims, sensors, branchWidth, branchLayers, trunkWidth,
                    trunkLayers, latent, activation, dropout, heteroscedastic, varianceFloor, s);
        }

        /** @return the fields as a map, plus {@code "model": "deeponet"} */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", MODEL);
            m.put("inChannels", inChannels);
            m.put("outChannels", outChannels);
            m.put("spatialDims", spatialDims);
            m.put("sensors", sensors);
            m.put("branchWidth", branchWidth);
            m.put("branchLayers", branchLayers);
            m.put("trunkWidth", trunkWidth);
            m.put("trunkLayers", trunkLayers);
            m.put("latent", latent);
            m.put("activation", activation);
            m.put("dropout", dropout);
            m.put("heteroscedastic", heteroscedastic);
            m.put("varianceFloor", varianceFloor);
            m.put("seed", seed);
            return m;
        }

        /**
         * @param map a map written by {@link #toMap()} (possibly through JSON)
         * @return the configuration
         * @throws IllegalArgumentException naming a missing or mistyped key
         */
        public static Config fromMap(Map<String, ?> map) {
            ConfigValues v = new ConfigValues(map, MODEL);
            return new Config(v.integer("inChannels"), v.integer("outChannels"), v.integer("spatialDims"),
                    v.integer("sensors"), v.integer("branchWidth"), v.integer("branchLayers"),
                    v.integer("trunkWidth"), v.integer("trunkLayers"), v.integer("latent"), v.string("activation"),
                    v.real("dropout"), v.bool("heteroscedastic"), v.real("varianceFloor"), v.longValue("seed"));
        }
    }

    private final Config config;

    /** @param config hyper-parameters */
    public DeepOnet(Config config) {
        this.config = config;
    }

    /**
     * @param map a config map (see {@link Config#toMap()})
     * @return the model
     */
    public static DeepOnet fromConfig(Map<String, ?> map) {
        return new DeepOnet(Config.fromMap(map));
    }

    /** @return hyper-parameters */
    public Config hyperParameters() {
        return config;
    }

    /**
     * {@inheritDoc}
     *
     * @param input        {@code [batch, inChannels, nx]} or {@code [batch, inChannels, ny, nx]}
     * @param spatialShape {@code {nx}} or {@code {ny, nx}}
     * @return {@code [batch, outChannels, *spatialShape]} ({@code 2 outChannels} if heteroscedastic)
     */
    @Override
    public SDVariable forward(SameDiff sd, SDVariable input, int[] spatialShape) {
        int dims = config.spatialDims();
        GridLayouts.check(MODEL, input, spatialShape, dims, config.inChannels());
        DataType dt = input.dataType();
        Activation act = Activation.parse(config.activation());
        long seed = config.seed();
        int m = config.sensors();
        int cin = config.inChannels();
        int nx = spatialShape[dims - 1];
        long points = dims == 1 ? nx : (long) nx * spatialShape[0];
        long sensorValues = dims == 1 ? (long) cin * m : (long) cin * m * m;

        // branch input: the field at the sensors, [batch, cin * m^d]
        SDVariable px = interpolation(sd, dt, nx, m);
        SDVariable b;
        if (dims == 1) {
            b = input.reshape(-1, nx).mmul(px).reshape(-1, sensorValues);
        } else {
            int ny = spatialShape[0];
            SDVariable py = interpolation(sd, dt, ny, m);
            SDVariable alongX = input.reshape(-1, nx).mmul(px).reshape(-1, ny, m).permute(0, 2, 1);
            b = alongX.reshape(-1, ny).mmul(py).reshape(-1, sensorValues);
        }
        ChannelDropout dropout = new ChannelDropout(config.dropout());
        long in = sensorValues;
        for (int l = 0; l < config.branchLayers(); l++) {
            b = new PointwiseLinear(PREFIX + "/branch" + l, Math.toIntExact(in), config.branchWidth(), seed)
                    .apply(sd, b);
            b = dropout.apply(sd, act.apply(sd, b), 1, config.branchWidth());
            in = config.branchWidth();
        }
        int channels = config.heteroscedastic() ? 2 * config.outChannels() : config.outChannels();
        int p = config.latent();
        b = new PointwiseLinear(PREFIX + "/branch" + config.branchLayers(), config.branchWidth(), channels * p,
                seed).apply(sd, b);

        // trunk: basis functions at the grid points, [points, p]
        SDVariable t = GridLayouts.rowMajorGrid(sd, dt, spatialShape);
        long tin = dims;
        for (int l = 0; l < config.trunkLayers(); l++) {
            t = act.apply(sd, new PointwiseLinear(PREFIX + "/trunk" + l, Math.toIntExact(tin), config.trunkWidth(),
                    seed).apply(sd, t));
            tin = config.trunkWidth();
        }
        t = act.apply(sd, new PointwiseLinear(PREFIX + "/trunk" + config.trunkLayers(), config.trunkWidth(), p,
                seed).apply(sd, t));

        SDVariable bias = Weights.uniform(sd, PREFIX + "/bias", dt, seed, 0, 0, 1, channels, 1);
        SDVariable out = sd.mmul(b.reshape(-1, p), t, false, true, false).reshape(-1, channels, points).add(bias);
        if (config.heteroscedastic()) {
            out = new HeteroscedasticHead(config.outChannels(), config.varianceFloor()).apply(sd, out, 3, 1);
        }
        return dims == 1 ? out : out.reshape(-1, channels, spatialShape[0], nx);
    }

    /** Periodic linear interpolation {@code [n, m]} from the grid {@code i/n} to the sensors {@code j/m}. */
    private static SDVariable interpolation(SameDiff sd, DataType dt, int n, int m) {
        return Constants.getOrCreate(sd, String.format(Locale.ROOT, "deeponet/sensors_n%d_m%d", n, m), dt, () -> {
            double[] w = new double[n * m];
            for (int j = 0; j < m; j++) {
                double pos = (double) j * n / m;
                int i0 = (int) Math.floor(pos);
                double f = pos - i0;
                w[(i0 % n) * m + j] += 1 - f;
                w[((i0 + 1) % n) * m + j] += f;
            }
            return w;
        }, n, m);
    }

    /** {@inheritDoc} */
    @Override
    public int inChannels() {
        return config.inChannels();
    }

    /** {@inheritDoc} */
    @Override
    public int outChannels() {
        return config.outChannels();
    }

    /** {@inheritDoc} */
    @Override
    public int spatialDims() {
        return config.spatialDims();
    }

    /** {@inheritDoc} */
    @Override
    public boolean heteroscedastic() {
        return config.heteroscedastic();
    }

    /** {@inheritDoc} */
    @Override
    public void setDropoutActive(SameDiff sd, boolean active) {
        ChannelDropout.setActive(sd, active);
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> config() {
        return config.toMap();
    }
}
