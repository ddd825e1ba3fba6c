package dev.surrogate.uq.bnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Posterior draws of an operator's sampled weights with the likelihood noise scale of each: what the posterior
 * predictive needs. Stored as one array per weight with a leading draw axis, {@code [draws, *shape]}.
 */
public final class WeightDraws {
    /** Entry holding the noise scale of every draw, {@code [draws]}. */
    public static final String NOISE_SCALE = "noise_scale";

    private final Map<String, INDArray> stacked;
    private final double[] noiseScales;

    /**
     * @param stacked     sampled weights by name, each {@code [draws, *shape]} (float32)
     * @param noiseScales noise scale {@code sigma} of each draw, physical units
     * @throws IllegalArgumentException if the draw counts disagree or there are none
     */
    public WeightDraws(Map<String, INDArray> stacked, double[] noiseScales) {
        if (noiseScales.length == 0) {
            throw new IllegalArgumentException("no posterior draws");
        }
        for (Map.Entry<String, INDArray> e : stacked.entrySet()) {
            if (e.getValue().rank() < 1 || e.getValue().size(0) != noiseScales.length) {
                throw new IllegalArgumentException("weight '" + e.getKey() + "' has shape "
                        + Arrays.toString(e.getValue().shape()) + ", expected " + noiseScales.length
                        + " draws along its first axis");
            }
        }
        for (double s : noiseScales) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("noise scale of a draw must be positive and finite, got " + s);
            }
        }
        this.stacked = new LinkedHashMap<>(stacked);
        this.noiseScales = noiseScales.clone();
    }

    /**
     * @param layout    where each sampled weight sits in a position vector
     * @param positions positions of the draws {@code [draws][dimension]}, in the order to keep
     * @param noise     the noise scale of a position
     * @return the draws
     */
    public static WeightDraws of(WeightLayout layout, List<double[]> positions,
            ToDoubleFunction<double[]> noise) {
        int n = positions.size();
        Map<String, INDArray> stacked = new LinkedHashMap<>();
        for (WeightLayout.Entry e : layout.entries()) {
            float[] v = new float[n * e.length()];
            for (int d = 0; d < n; d++) {
                double[] q = positions.get(d);
                for (int i = 0; i < e.length(); i++) {
                    v[d * e.length() + i] = (float) q[e.offset() + i];
                }
            }
            long[] shape = new long[e.shape().length + 1];
            shape[0] = n;
            System.arraycopy(e.shape(), 0, shape, 1, e.shape().length);
            stacked.put(e.name(), Nd4j.create(v, shape, 'c'));
        }
        double[] sigma = new double[n];
        for (int d = 0; d < n; d++) {
            sigma[d] = noise.applyAsDouble(positions.get(d));
        }
        return new WeightDraws(stacked, sigma);
    }

    /** @return number of draws */
    public int size() {
        return noiseScales.length;
    }

    /** @return names of the sampled weights */
    public List<String> names() {
        return new ArrayList<>(stacked.keySet());
    }

    /**
     * @param draw draw index
     * @return its sampled weights by name (new arrays)
     */
    public Map<String, INDArray> weights(int draw) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : stacked.entrySet()) {
            m.put(e.getKey(), e.getValue().get(NDArrayIndex.point(draw)).dup('c'));
        }
        return m;
    }

    /**
     * @param draw draw index
     * @return its noise scale
     */
    public double noiseScale(int draw) {
        return noiseScales[draw];
    }

    /** @return the stacked arrays plus {@link #NOISE_SCALE}, for an {@code .npz} file */
    public Map<String, INDArray> toArrays() {
        Map<String, INDArray> m = new LinkedHashMap<>(stacked);
        m.put(NOISE_SCALE, Nd4j.createFromArray(noiseScales).castTo(DataType.FLOAT));
        return m;
    }

    /**
     * @param arrays arrays written by {@link #toArrays()}
     * @return the draws
     * @throws IllegalArgumentException if the noise scales are missing or the shapes disagree
     */
    public static WeightDraws fromArrays(Map<String, INDArray> arrays) {
        INDArray s = arrays.get(NOISE_SCALE);
        if (s == null) {
            throw new IllegalArgumentException("posterior draws lack the '" + NOISE_SCALE + "' entry");
        }
        Map<String, INDArray> stacked = new LinkedHashMap<>(arrays);
        stacked.remove(NOISE_SCALE);
        return new WeightDraws(stacked, s.dup().data().asDouble());
    }
}
