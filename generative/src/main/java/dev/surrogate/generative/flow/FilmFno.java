package dev.surrogate.generative.flow;

import dev.surrogate.operators.layers.Activation;
import dev.surrogate.operators.layers.PointwiseLinear;
import dev.surrogate.operators.layers.Weights;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.Fno2d;
import dev.surrogate.operators.models.LayerModulation;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A velocity network whose time enters every Fourier layer by FiLM (feature-wise linear modulation, Perez et al.
 * 2018) instead of as an input channel: the time {@code t} (the input's time channel, constant in space, see
 * {@link FlowLayout}) goes through a sinusoidal embedding {@code [sin(2 pi f_k t), cos(2 pi f_k t)]} with
 * frequencies {@code f_k} geometric from 1 to {@code maxFrequency}, then an MLP (one hidden GELU layer) to a scale
 * {@code gamma_l} and shift {@code beta_l} per channel and Fourier layer {@code l}; each layer's sum
 * {@code K h + W h + b} becomes {@code (K h + W h + b)(1 + gamma_l) + beta_l} before its activation. The MLP's last
 * layer starts at zero, so training starts from the plain FNO (adaLN-zero, as DiT does). The backbone FNO
 * ({@code fno1d} or {@code fno2d}) sees every other input channel. Variables: the backbone's, and
 * {@code film/embed/...}, {@code film/out/weight}, {@code film/out/bias}.
 */
public final class FilmFno implements NeuralOperator {
    /** Model type in {@code config.json}. */
    public static final String MODEL = "film_fno";
    private static final String PREFIX = "film";

    private final NeuralOperator backbone;
    private final int timeChannel;
    private final int frequencies;
    private final double maxFrequency;
    private final int hidden;
    private final int width;
    private final int layers;
    private final long seed;

    /**
     * @param backbone     an {@code fno1d} or {@code fno2d} taking every input channel but the time
     * @param timeChannel  index of the time channel in this model's input
     * @param frequencies  sinusoidal frequencies of the embedding (the embedding has twice as many values)
     * @param maxFrequency the largest frequency (cycles per unit time), at least 1
     * @param hidden       hidden width of the embedding MLP
     * @param seed         initialisation seed of the embedding MLP
     * @throws IllegalArgumentException if the backbone is not an FNO or a setting is out of range
     */
    public FilmFno(NeuralOperator backbone, int timeChannel, int frequencies, double maxFrequency, int hidden,
            long seed) {
        if (backbone instanceof Fno1d f) {
            width = f.hyperParameters().width();
            layers = f.hyperParameters().layers();
        } else if (backbone instanceof Fno2d f) {
            width = f.hyperParameters().width();
            layers = f.hyperParameters().layers();
        } else {
            throw new IllegalArgumentException("a FiLM velocity network needs an fno1d or fno2d backbone, got "
                    + backbone.getClass().getSimpleName());
        }
        if (backbone.heteroscedastic()) {
            throw new IllegalArgumentException("a FiLM velocity network's backbone must not be heteroscedastic");
        }
        if (timeChannel < 0 || timeChannel > backbone.inChannels()) {
            throw new IllegalArgumentException("time channel " + timeChannel + " outside [0, "
                    + (backbone.inChannels() + 1) + ")");
        }
        if (frequencies < 1 || !(maxFrequency >= 1) || hidden < 1) {
            throw new IllegalArgumentException("FiLM embedding needs frequencies >= 1, maxFrequency >= 1 and "
                    + "hidden >= 1, got " + frequencies + ", " + maxFrequency + ", " + hidden);
        }
        this.backbone = backbone;
        this.timeChannel = timeChannel;
        this.frequencies = frequencies;
        this.maxFrequency = maxFrequency;
        this.hidden = hidden;
        this.seed = seed;
    }

    /**
     * The defaults: 16 frequencies up to 100, hidden width 64.
     *
     * @param backbone    the backbone FNO
     * @param timeChannel index of the time channel in this model's input
     * @param seed        initialisation seed
     * @return the network
     */
    public static FilmFno of(NeuralOperator backbone, int timeChannel, long seed) {
        return new FilmFno(backbone, timeChannel, 16, 100, 64, seed);
    }

    /**
     * @param config a map written by {@link #config()}
     * @return the network
     */
    @SuppressWarnings("unchecked")
    public static FilmFno fromConfig(Map<String, ?> config) {
        try {
            return new FilmFno(ModelRegistry.create((Map<String, ?>) config.get("backbone")),
                    ((Number) config.get("timeChannel")).intValue(), ((Number) config.get("frequencies")).intValue(),
                    ((Number) config.get("maxFrequency")).doubleValue(), ((Number) config.get("hidden")).intValue(),
                    ((Number) config.get("seed")).longValue());
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("malformed " + MODEL + " config " + config + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SDVariable forward(SameDiff sd, SDVariable input, int[] spatialShape) {
        int dims = spatialShape.length;
        int in = inChannels();
        // the time is constant in space: read it at the first point
        SDIndex[] at = new SDIndex[2 + dims];
        at[0] = SDIndex.all();
        at[1] = SDIndex.point(timeChannel);
        for (int d = 0; d < dims; d++) {
            at[2 + d] = SDIndex.point(0);
        }
        SDVariable t = input.get(at).reshape(-1, 1);
        SDVariable rest = withoutChannel(sd, input, timeChannel, in, dims);
        double[] f = new double[frequencies];
        for (int k = 0; k < frequencies; k++) {
            double frac = frequencies == 1 ? 0 : (double) k / (frequencies - 1);
            f[k] = 2 * Math.PI * Math.pow(maxFrequency, frac);
        }
        String freqName = PREFIX + "/frequencies";
        SDVariable freq = sd.hasVariable(freqName) ? sd.getVariable(freqName)
                : sd.constant(freqName, Nd4j.createFromArray(f).castTo(input.dataType()).reshape(1, frequencies));
        SDVariable angle = t.mmul(freq);
        SDVariable embedding = sd.concat(1, sd.math().sin(angle), sd.math().cos(angle));
        SDVariable h = Activation.GELU.apply(sd, new PointwiseLinear(PREFIX + "/embed", 2 * frequencies, hidden, seed)
                .apply(sd, embedding));
        int out = 2 * width * layers;
        SDVariable w = Weights.uniform(sd, PREFIX + "/out/weight", input.dataType(), seed, 0, 0, hidden, out);
        SDVariable b = Weights.uniform(sd, PREFIX + "/out/bias", input.dataType(), seed, 0, 0, out);
        SDVariable film = h.mmul(w).add(b);
        LayerModulation modulation = (g, l, x, points) -> {
            SDVariable gamma = film.get(SDIndex.all(), SDIndex.interval(2 * l * width, (2 * l + 1) * width))
                    .reshape(1, -1, width);
            SDVariable beta = film.get(SDIndex.all(), SDIndex.interval((2 * l + 1) * width, (2 * l + 2) * width))
                    .reshape(1, -1, width);
            return x.reshape(points, -1, width).mul(gamma.add(1.0)).add(beta).reshape(-1, width);
        };
        return backbone instanceof Fno1d f1 ? f1.forward(sd, rest, spatialShape, modulation)
                : ((Fno2d) backbone).forward(sd, rest, spatialShape, modulation);
    }

    /** The input without channel {@code c}. */
    private static SDVariable withoutChannel(SameDiff sd, SDVariable input, int c, int channels, int dims) {
        SDVariable before = c > 0 ? input.get(range(dims, 0, c)) : null;
        SDVariable after = c + 1 < channels ? input.get(range(dims, c + 1, channels)) : null;
        if (before == null) {
            return after;
        }
        return after == null ? before : sd.concat(1, before, after);
    }

    private static SDIndex[] range(int dims, int from, int to) {
        SDIndex[] idx = new SDIndex[2 + dims];
        java.util.Arrays.fill(idx, SDIndex.all());
        idx[1] = SDIndex.interval(from, to);
        return idx;
    }

    /** @return the backbone's input channels plus the time channel */
    @Override
    public int inChannels() {
        return backbone.inChannels() + 1;
    }

    @Override
    public int outChannels() {
        return backbone.outChannels();
    }

    @Override
    public int spatialDims() {
        return backbone.spatialDims();
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", MODEL);
        m.put("backbone", backbone.config());
        m.put("timeChannel", timeChannel);
        m.put("frequencies", frequencies);
        m.put("maxFrequency", maxFrequency);
        m.put("hidden", hidden);
        m.put("seed", seed);
        return m;
    }
}
