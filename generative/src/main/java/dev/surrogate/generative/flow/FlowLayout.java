package dev.surrogate.generative.flow;

import dev.surrogate.operators.data.ChannelStats;
import dev.surrogate.operators.data.Normalizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The velocity network's input channels and the statistics that normalise them. Input
 * {@code [batch, inputChannels, *space]}, channels in this order:
 * <ol>
 *   <li>{@code z_t}, the state on the path ({@link #targetChannels()} channels, already normalised);</li>
 *   <li>the time {@code t} as a constant channel;</li>
 *   <li>the condition: the task's input channels in physical units (the given snapshots, then any per-sample
 *       parameters as constant channels, see {@link dev.surrogate.operators.data.Task#parameters()}),
 *       normalised inside the graph with {@link #condition()}'s statistics.</li>
 * </ol>
 * The output is the velocity in normalised state space ({@link #targetChannels()} channels). Targets are
 * normalised per channel, {@code z_1 = (x_1 - mean) / std}, with {@link #target()}'s statistics (fitted on the
 * training data in double precision); samples are mapped back with the inverse.
 *
 * @param target    statistics of the target channels
 * @param condition statistics of the condition channels
 */
public record FlowLayout(ChannelStats.Affine target, ChannelStats.Affine condition) {

    /** @return channels of the state and the output, {@code horizon * fields} */
    public int targetChannels() {
        return target.channels();
    }

    /** @return channels of the condition, the task's input channels */
    public int conditionChannels() {
        return condition.channels();
    }

    /** @return index of the time channel */
    public int timeChannel() {
        return targetChannels();
    }

    /** @return index of the first condition channel */
    public int conditionOffset() {
        return targetChannels() + 1;
    }

    /** @return the velocity network's input channels */
    public int inputChannels() {
        return conditionOffset() + conditionChannels();
    }

    /**
     * @return the in-graph normaliser: identity for the state and time, the fitted statistics for the condition,
     *         identity for the output (the network predicts the normalised velocity)
     */
    public Normalizer normalizer() {
        int in = inputChannels();
        double[] mean = new double[in];
        double[] std = new double[in];
        for (int c = 0; c < conditionOffset(); c++) {
            std[c] = 1;
        }
        double[] cm = condition.mean();
        double[] cs = condition.std();
        System.arraycopy(cm, 0, mean, conditionOffset(), cm.length);
        System.arraycopy(cs, 0, std, conditionOffset(), cs.length);
        return new Normalizer(ChannelStats.affine(mean, std), ChannelStats.Affine.identity(targetChannels()));
    }

    /**
     * Normalises target values in place, {@code (x - mean_c) / std_c}.
     *
     * @param values {@code [channel][points]} values of one sample from {@code offset}. Modified.
     * @param offset first value
     * @param points values per channel
     */
    public void normalizeTarget(float[] values, int offset, int points) {
        double[] m = target.mean();
        double[] s = target.std();
        for (int c = 0; c < m.length; c++) {
            int base = offset + c * points;
            for (int i = 0; i < points; i++) {
                values[base + i] = (float) ((values[base + i] - m[c]) / s[c]);
            }
        }
    }

    /**
     * Maps normalised states back to physical units, {@code z std_c + mean_c}.
     *
     * @param z      {@code [channel][points]} values of one sample from {@code offset}; read only
     * @param offset first value
     * @param points values per channel
     * @param out    receives the physical values at the same offset. Modified.
     */
    public void denormalizeTarget(double[] z, int offset, int points, float[] out) {
        double[] m = target.mean();
        double[] s = target.std();
        for (int c = 0; c < m.length; c++) {
            int base = offset + c * points;
            for (int i = 0; i < points; i++) {
                out[base + i] = (float) (z[base + i] * s[c] + m[c]);
            }
        }
    }

    /** @return plain values for the model's config */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target_stats", target.toMap());
        m.put("condition_stats", condition.toMap());
        return m;
    }

    /**
     * @param m map written by {@link #toMap()} (possibly with other keys)
     * @return the layout
     * @throws IllegalArgumentException if an entry is missing or malformed
     */
    @SuppressWarnings("unchecked")
    public static FlowLayout fromMap(Map<String, ?> m) {
        try {
            return new FlowLayout(ChannelStats.Affine.fromMap((Map<String, ?>) m.get("target_stats")),
                    ChannelStats.Affine.fromMap((Map<String, ?>) m.get("condition_stats")));
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("malformed flow layout " + m + ": " + e.getMessage(), e);
        }
    }
}
