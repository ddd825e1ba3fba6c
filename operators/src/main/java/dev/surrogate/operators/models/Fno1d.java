package dev.surrogate.operators.models;

import dev.surrogate.operators.layers.Activation;
import dev.surrogate.operators.layers.ChannelDropout;
import dev.surrogate.operators.layers.HeteroscedasticHead;
import dev.surrogate.operators.layers.SpectralConv1d;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * One-dimensional Fourier neural operator (Li et al. 2021, "Fourier neural operator for parametric partial
 * differential equations", ICLR), following the reference {@code fourier_1d.py}:
 * <ol>
 *   <li>append the grid coordinate {@code x/L} in {@code [0, 1)} as an input channel;</li>
 *   <li>lift pointwise to {@code width} channels;</li>
 *   <li>{@code layers} Fourier layers {@code h <- GELU(K h + W h)} with {@code K} a {@link SpectralConv1d} on
 *       {@code modes} modes and {@code W} pointwise, no GELU after the last layer;</li>
 *   <li>project pointwise {@code width -> projectionWidth -> outChannels} with a GELU between.</li>
 * </ol>
 * GELU is the sigmoid approximation ({@link Activation#GELU}). Optional channel dropout after every GELU and an
 * optional heteroscedastic head ({@link NeuralOperator#heteroscedastic()}).
 *
 * <p>Inside, activations are x-major {@code [nx * batch, channels]} matrices: the DFT is then a plain GEMM over
 * the leading axis and the pointwise layers a GEMM over the trailing one, with no permutes except at the boundary
 * (see the package documentation for the measurements). Variables are named {@code fno1d/...}.
 */
public final class Fno1d implements NeuralOperator {
    /** Model name in config maps. */
    public static final String MODEL = "fno1d";
    private static final String PREFIX = "fno1d";

    /**
     * Hyper-parameters.
     *
     * @param inChannels      input field channels (the grid coordinate is added on top)
     * @param outChannels     predicted channels
     * @param width           channels of the Fourier layers (paper: 64)
     * @param modes           kept Fourier modes (paper: 16); at most {@code nx/2 + 1} of any grid it runs on
     * @param layers          Fourier layers (paper: 4)
     * @param projectionWidth hidden channels of the projection MLP (reference code: 128)
     * @param dropout         channel-dropout rate after every GELU, in {@code [0, 1)}
     * @param heteroscedastic predict mean and log-variance
     * @param varianceFloor   smallest predicted variance (heteroscedastic only)
     * @param seed            initialisation seed
     */
    public record Config(int inChannels, int outChannels, int width, int modes, int layers, int projectionWidth,
                         double dropout, boolean heteroscedastic, double varianceFloor, long seed) {
        /** Validates every field. */
        public Config {
            ConfigValues.positive(MODEL, "inChannels", inChannels);
            ConfigValues.positive(MODEL, "outChannels", outChannels);
            ConfigValues.positive(MODEL, "width", width);
            ConfigValues.positive(MODEL, "modes", modes);
            ConfigValues.positive(MODEL, "layers", layers);
            ConfigValues.positive(MODEL, "projectionWidth", projectionWidth);
            ConfigValues.probability(MODEL, "dropout", dropout);
            ConfigValues.positiveReal(MODEL, "varianceFloor", varianceFloor);
        }

        /**
         * The paper's Burgers configuration: width 64, 16 modes, 4 layers, projection 128, no dropout, seed 0.
         *
         * @param inChannels  input field channels
         * @param outChannels predicted channels
         * @return the configuration
         */
        public static Config defaults(int inChannels, int outChannels) {
            return new Config(inChannels, outChannels, 64, 16, 4, 128, 0, false,
                    HeteroscedasticHead.DEFAULT_VARIANCE_FLOOR, 0);
        }

        /** @param w width @return a copy with that width */
        public Config withWidth(int w) {
            return new Config(inChannels, outChannels, w, modes, layers, projectionWidth, dropout, heteroscedastic,
                    varianceFloor, seed);
        }

        /** @param m modes @return a copy with that mode count */
        public Config withModes(int m) {
            return new Config(inChannels, outChannels, width, m, layers, projectionWidth, dropout, heteroscedastic,
                    varianceFloor, seed);
        }

        /** @param l layers @return a copy with that layer count */
        public Config withLayers(int l) {
            return new Config(inChannels, outChannels, width, modes, l, projectionWidth, dropout, heteroscedastic,
                    varianceFloor, seed);
        }

        /** @param p projection width @return a copy with that projection width */
        public Config withProjectionWidth(int p) {
            return new Config(inChannels, outChannels, width, modes, layers, p, dropout, heteroscedastic,
                    varianceFloor, seed);
        }

        /** @param rate dropout rate @return a copy with that dropout rate */
        public Config withDropout(double rate) {
            return new Config(inChannels, outChannels, width, modes, layers, projectionWidth, rate, heteroscedastic,
                    varianceFloor, seed);
        }

        /** @param on heteroscedastic head @return a copy with the head switched */
        public Config withHeteroscedastic(boolean on) {
            return new Config(inChannels, outChannels, width, modes, layers, projectionWidth, dropout, on,
                    varianceFloor, seed);
        }

        /** @param s seed @return a copy with that seed */
        public Config withSeed(long s) {
            return new Config(inChannels, outChannels, width, modes, layers, projectionWidth, dropout,
                    heteroscedastic, varianceFloor, s);
        }

        /** @return the fields as a map, plus {@code "model": "fno1d"} */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", MODEL);
            m.put("inChannels", inChannels);
            m.put("outChannels", outChannels);
            m.put("width", width);
            m.put("modes", modes);
            m.put("layers", layers);
            m.put("projectionWidth", projectionWidth);
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
            return new Config(v.integer("inChannels"), v.integer("outChannels"), v.integer("width"),
                    v.integer("modes"), v.integer("layers"), v.integer("projectionWidth"), v.real("dropout"),
                    v.bool("heteroscedastic"), v.real("varianceFloor"), v.longValue("seed"));
        }
    }

    private final Config config;

    /** @param config hyper-parameters */
    public Fno1d(Config config) {
        this.config = config;
    }

    /**
     * @param map a config map (see {@link Config#toMap()})
     * @return the model
     */
    public static Fno1d fromConfig(Map<String, ?> map) {
        return new Fno1d(Config.fromMap(map));
    }

    /** @return hyper-parameters */
    public Config hyperParameters() {
        return config;
    }

    /**
     * {@inheritDoc}
     *
     * @param input        {@code [batch, inChannels, nx]}
     * @param spatialShape {@code {nx}}, with {@code modes <= nx/2 + 1}
     * @return {@code [batch, outChannels, nx]} ({@code 2 outChannels} if heteroscedastic)
     */
    @Override
    public SDVariable forward(SameDiff sd, SDVariable input, int[] spatialShape) {
        GridLayouts.check(MODEL, input, spatialShape, 1, config.inChannels());
        int nx = spatialShape[0];
        int width = config.width();
        long seed = config.seed();
        ChannelDropout dropout = new ChannelDropout(config.dropout());
        SDVariable h0 = input.permute(2, 0, 1).reshape(-1, config.inChannels());
        SDVariable grid = GridLayouts.xMajorGrid(sd, input.dataType(), spatialShape);
        SDVariable h = FnoStages.lift(sd, h0, grid, nx, config.inChannels(), 1, width, PREFIX + "/lift", seed);
        h = FnoStages.fourierLayers(sd, h, nx, width, config.layers(), Activation.GELU, dropout, PREFIX, seed,
                (l, x, b) -> new SpectralConv1d(PREFIX + "/layer" + l + "/spectral", width, width, config.modes(),
                        seed).apply(sd, x, nx, b));
        HeteroscedasticHead head = config.heteroscedastic()
                ? new HeteroscedasticHead(config.outChannels(), config.varianceFloor()) : null;
        SDVariable out = FnoStages.project(sd, h, nx, width, config.projectionWidth(), config.outChannels(),
                Activation.GELU, dropout, head, PREFIX, seed);
        return out.reshape(nx, -1, outputChannels()).permute(1, 2, 0);
    }

    private int outputChannels() {
        return config.heteroscedastic() ? 2 * config.outChannels() : config.outChannels();
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
        return 1;
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
