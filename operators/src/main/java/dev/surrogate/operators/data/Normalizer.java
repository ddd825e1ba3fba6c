package dev.surrogate.operators.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Unit-Gaussian normalisation per channel for a model's inputs and outputs, stored with the model. The model sees
 * {@code (x - mean_in) / std_in} and its raw output {@code z} is mapped back to physical units as
 * {@code z * std_out + mean_out}, inside the graph, so losses and predictions are in physical units.
 */
public final class Normalizer {
    private final ChannelStats.Affine input;
    private final ChannelStats.Affine output;

    /**
     * @param input  map applied to model inputs
     * @param output map whose inverse is applied to model outputs
     */
    public Normalizer(ChannelStats.Affine input, ChannelStats.Affine output) {
        this.input = input;
        this.output = output;
    }

    /** @return identity normaliser for the given channel counts */
    public static Normalizer identity(int inChannels, int outChannels) {
        return new Normalizer(ChannelStats.Affine.identity(inChannels), ChannelStats.Affine.identity(outChannels));
    }

    /**
     * Fits both maps on every pair of a dataset (one streaming pass, double accumulation).
     *
     * @param data training pairs only (fitting on validation data would leak it)
     * @return the fitted normaliser
     */
    public static Normalizer fit(TaskDataset data) {
        ChannelStats in = new ChannelStats(data.inputChannels());
        ChannelStats out = new ChannelStats(data.outputChannels());
        float[] x = new float[data.inputSize()];
        float[] y = new float[data.outputSize()];
        int points = data.source().points();
        for (int i = 0; i < data.size(); i++) {
            data.fill(i, x, 0, y, 0);
            in.addChannelsFirst(x, 0, points);
            out.addChannelsFirst(y, 0, points);
        }
        return new Normalizer(in.toAffine(), out.toAffine());
    }

    /** @return the input map */
    public ChannelStats.Affine input() {
        return input;
    }

    /** @return the output map */
    public ChannelStats.Affine output() {
        return output;
    }

    /**
     * Adds {@code (x - mean_in) / std_in} to a graph.
     *
     * @param sd          graph
     * @param x           {@code [batch, inChannels, *space]}
     * @param spatialDims 1 or 2
     * @return normalised input, same shape
     */
    public SDVariable encodeInput(SameDiff sd, SDVariable x, int spatialDims) {
        SDVariable mean = constant(sd, "normalizer_in_mean", input.mean(), spatialDims, x.dataType());
        SDVariable std = constant(sd, "normalizer_in_std", input.std(), spatialDims, x.dataType());
        return x.sub(mean).div(std);
    }

    /**
     * Adds {@code z * std_out + mean_out} to a graph.
     *
     * @param sd          graph
     * @param z           raw model output {@code [batch, outChannels, *space]}
     * @param spatialDims 1 or 2
     * @return output in physical units, same shape
     */
    public SDVariable decodeOutput(SameDiff sd, SDVariable z, int spatialDims) {
        SDVariable mean = constant(sd, "normalizer_out_mean", output.mean(), spatialDims, z.dataType());
        SDVariable std = constant(sd, "normalizer_out_std", output.std(), spatialDims, z.dataType());
        return z.mul(std).add(mean);
    }

    /**
     * Adds {@code logVar + 2 log std_out}: a log-variance of the normalised output expressed in physical units.
     *
     * @param sd          graph
     * @param logVar      log-variance of the normalised output {@code [batch, outChannels, *space]}
     * @param spatialDims 1 or 2
     * @return log-variance in physical units squared, same shape
     */
    public SDVariable decodeLogVariance(SameDiff sd, SDVariable logVar, int spatialDims) {
        double[] shift = output.std();
        for (int c = 0; c < shift.length; c++) {
            shift[c] = 2 * Math.log(shift[c]);
        }
        return logVar.add(constant(sd, "normalizer_out_log_var_shift", shift, spatialDims, logVar.dataType()));
    }

    /**
     * Applies the input map to values {@code [batch][channel][points]} in place (for tests and non-graph use).
     *
     * @param values values, modified
     * @param points values per channel
     */
    public void encodeInputInPlace(float[] values, int points) {
        apply(values, points, input, true);
    }

    /**
     * Applies the inverse output map to values {@code [batch][channel][points]} in place.
     *
     * @param values values, modified
     * @param points values per channel
     */
    public void decodeOutputInPlace(float[] values, int points) {
        apply(values, points, output, false);
    }

    private static void apply(float[] values, int points, ChannelStats.Affine map, boolean encode) {
        int channels = map.channels();
        double[] mean = map.mean();
        double[] std = map.std();
        if (values.length % (channels * points) != 0) {
            throw new IllegalArgumentException("array of " + values.length + " values is not a whole number of "
                    + channels + " channels x " + points + " points");
        }
        for (int i = 0; i < values.length; i++) {
            int c = (i / points) % channels;
            values[i] = (float) (encode ? (values[i] - mean[c]) / std[c] : values[i] * std[c] + mean[c]);
        }
    }

    /** The graph's constant {@code name}, created on first use, so several forward passes share it. */
    private static SDVariable constant(SameDiff sd, String name, double[] v, int spatialDims, DataType type) {
        if (sd.hasVariable(name)) {
            return sd.getVariable(name);
        }
        return sd.constant(name, broadcastable(v, spatialDims, type));
    }

    private static INDArray broadcastable(double[] v, int spatialDims, DataType type) {
        long[] shape = new long[2 + spatialDims];
        Arrays.fill(shape, 1);
        shape[1] = v.length;
        return Nd4j.createFromArray(v).castTo(type).reshape(shape);
    }

    /** @return {@code {"input": {...}, "output": {...}}} for the model's config JSON */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input.toMap());
        m.put("output", output.toMap());
        return m;
    }

    /**
     * @param m map written by {@link #toMap()}
     * @return the normaliser
     */
    @SuppressWarnings("unchecked")
    public static Normalizer fromMap(Map<String, ?> m) {
        Object in = m.get("input");
        Object out = m.get("output");
        if (!(in instanceof Map) || !(out instanceof Map)) {
            throw new IllegalArgumentException("normaliser config needs 'input' and 'output' maps, got " + m);
        }
        return new Normalizer(ChannelStats.Affine.fromMap((Map<String, ?>) in),
                ChannelStats.Affine.fromMap((Map<String, ?>) out));
    }
}
