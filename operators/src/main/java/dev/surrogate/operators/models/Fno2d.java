package dev.surrogate.operators.models;

import dev.surrogate.operators.layers.Activation;
import dev.surrogate.operators.layers.ChannelDropout;
import dev.surrogate.operators.layers.HeteroscedasticHead;
import dev.surrogate.operators.layers.SpectralConv2d;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Two-dimensional Fourier neural operator (Li et al. 2021), following the reference {@code fourier_2d.py} and
 * {@code fourier_2d_time.py}: grid coordinates {@code (x/L, y/L)} appended as two input channels, pointwise
 * lifting to {@code width}, {@code layers} Fourier layers {@code h <- GELU(K h + W h)} with {@code K} a
 * {@link SpectralConv2d} keeping {@code modesX} x-modes and {@code 2 modesY} y-wavenumbers (no GELU after the last
 * layer), projection {@code width -> projectionWidth -> outChannels}. For the Navier-Stokes benchmark the input
 * channels are the last 10 vorticity snapshots and the output the next one, applied autoregressively.
 *
 * <p>Inside, activations are {@code [nx * ny * batch, channels]} matrices with rows ordered {@code (x, y, b)};
 * see {@link SpectralConv2d} for why x is outermost. Variables are named {@code fno2d/...}.
 */
public final class Fno2d implements NeuralOperator {
    /** Model name in config maps. */
    public static final String MODEL = "fno2d";
    private static final String PREFIX = "fno2d";

    /**
     * Hyper-parameters.
     *
     * @param inChannels      input field channels (the two grid coordinates are added on top)
     * @param outChannels     predicted channels
     * @param width           channels of the Fourier layers (reference Navier-Stokes code: 20)
     * @param modesY          kept y wavenumbers per sign (reference: 12); at most {@code ny/2} of any grid
     * @param modesX          kept real-FFT x modes (reference: 12); at most {@code nx/2 + 1}
     * @param layers          Fourier layers (reference: 4)
     * @param projectionWidth hidden channels of the projection MLP (reference: 128)
     * @param dropout         channel-dropout rate after every GELU, in {@code [0, 1)}
     * @param heteroscedastic predict mean and log-variance
     * @param varianceFloor   smallest predicted variance (heteroscedastic only)
     * @param seed            initialisation seed
     */
    public record Config(int inChannels, int outChannels, int width, int modesY, int modesX, int layers,
                         int projectionWidth, double dropout, boolean heteroscedastic, double varianceFloor,
                         long seed) {
        /** Validates every field. */
        public Config {
            ConfigValues.positive(MODEL, "inChannels", inChannels);
            ConfigValues.positive(MODEL, "outChannels", outChannels);
            ConfigValues.positive(MODEL, "width", width);
            ConfigValues.positive(MODEL, "modesY", modesY);
            ConfigValues.positive(MODEL, "modesX", modesX);
            ConfigValues.positive(MODEL, "layers", layers);
            ConfigValues.positive(MODEL, "projectionWidth", projectionWidth);
            ConfigValues.probability(MODEL, "dropout", dropout);
            ConfigValues.positiveReal(MODEL, "varianceFloor", varianceFloor);
        }

        /**
         * The reference Navier-Stokes configuration: width 20, 12 x 12 modes, 4 layers, projection 128, seed 0.
         *
         * @param inChannels  input field channels
         * @param outChannels predicted channels
         * @return the configuration
         */
        public static Config defaults(int inChannels, int outChannels) {
            return new Config(inChannels, outChannels, 20, 12, 12, 4, 128, 0, false,
                    HeteroscedasticHead.DEFAULT_VARIANCE_FLOOR, 0);
        }

        /** @param w width @return a copy with that width */
        public Config withWidth(int w) {
            return new Config(inChannels, outChannels, w, modesY, modesX, layers, projectionWidth, dropout,
                    heteroscedastic, varianceFloor, seed);
        }

        /** @param my y modes @param mx x modes @return a copy with those mode counts */
        public Config withModes(int my, int mx) {
            return new Config(inChannels, outChannels, width, my, mx, layers, projectionWidth, dropout,
                    heteroscedastic, varianceFloor, seed);
        }

        /** @param l layers @return a copy with that layer count */
        public Config withLayers(int l) {
            return new Config(inChannels, outChannels, width, modesY, modesX, l, projectionWidth, dropout,
                    heteroscedastic, varianceFloor, seed);
        }

        /** @param p projection width @return a copy with that projection width */
        public Config withProjectionWidth(int p) {
            return new Config(inChannels, outChannels, width, modesY, modesX, layers, p, dropout, heteroscedastic,
                    varianceFloor, seed);
        }

        /** @param rate dropout rate @return a copy with that dropout rate */
        public Config withDropout(double rate) {
            return new Config(inChannels, outChannels, width, modesY, modesX, layers, projectionWidth, rate,
                    heteroscedastic, varianceFloor, seed);
        }

        /** @param on heteroscedastic head @return a copy with the head switched */
        public Config withHeteroscedastic(boolean on) {
            return new Config(inChannels, outChannels, width, modesY, modesX, layers, projectionWidth, dropout, on,
                    varianceFloor, seed);
        }

        /** @param s seed @return a copy with that seed */
        public Config withSeed(long s) {
            return new Config(inChannels, outChannels, width, modesY, modesX, layers, projectionWidth, dropout,
                    heteroscedastic, varianceFloor, s);
        }

        /** @return the fields as a map, plus {@code "model": "fno2d"} */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", MODEL);
            m.put("inChannels", inChannels);
            m.put("outChannels", outChannels);
            m.put("width", width);
            m.put("modesY", modesY);
            m.put("modesX", modesX);
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
                    v.integer("modesY"), v.integer("modesX"), v.integer("layers"), v.integer("projectionWidth"),
                    v.real("dropout"), v.bool("heteroscedastic"), v.real("varianceFloor"), v.longValue("seed"));
        }
    }

    private final Config config;

    /** @param config hyper-parameters */
    public Fno2d(Config config) {
        this.config = config;
    }

    /**
     * @param map a config map (see {@link Config#toMap()})
     * @return the model
     */
    public static Fno2d fromConfig(Map<String, ?> map) {
        return new Fno2d(Config.fromMap(map));
    }

    /** @return hyper-parameters */
    public Config hyperParameters() {
        return config;
    }

    /**
     * {@inheritDoc}
     *
     * @param input        {@code [batch, inChannels, ny, nx]}
     * @param spatialShape {@code {ny, nx}}, with {@code 2 modesY <= ny} and {@code modesX <= nx/2 + 1}
     * @return {@code [batch, outChannels, ny, nx]} ({@code 2 outChannels} if heteroscedastic)
     */
    @Override
    public SDVariable forward(SameDiff sd, SDVariable input, int[] spatialShape) {
        GridLayouts.check(MODEL, input, spatialShape, 2, config.inChannels());
        int ny = spatialShape[0];
        int nx = spatialShape[1];
        long points = (long) nx * ny;
        int width = config.width();
        long seed = config.seed();
        ChannelDropout dropout = new ChannelDropout(config.dropout());
        SDVariable h0 = input.permute(3, 2, 0, 1).reshape(-1, config.inChannels());
        SDVariable grid = GridLayouts.xMajorGrid(sd, input.dataType(), spatialShape);
        SDVariable h = FnoStages.lift(sd, h0, grid, points, config.inChannels(), 2, width, PREFIX + "/lift", seed);
        h = FnoStages.fourierLayers(sd, h, points, width, config.layers(), Activation.GELU, dropout, PREFIX, seed,
                (l, x, b) -> new SpectralConv2d(PREFIX + "/layer" + l + "/spectral", width, width, config.modesY(),
                        config.modesX(), seed).apply(sd, x, ny, nx, b));
        HeteroscedasticHead head = config.heteroscedastic()
                ? new HeteroscedasticHead(config.outChannels(), config.varianceFloor()) : null;
        SDVariable out = FnoStages.project(sd, h, points, width, config.projectionWidth(), config.outChannels(),
                Activation.GELU, dropout, head, PREFIX, seed);
        int channels = config.heteroscedastic() ? 2 * config.outChannels() : config.outChannels();
        return out.reshape(nx, ny, -1, channels).permute(2, 3, 1, 0);
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
        return 2;
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
