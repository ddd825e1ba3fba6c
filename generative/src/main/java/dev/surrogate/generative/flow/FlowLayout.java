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
 *   <li>the time {@code t} as a constant channel (an average-velocity model: the start time {@code s} and the end
 *       time {@code t} of its interval, two constant channels, see {@link #timeChannels()});</li>
 *   <li>the condition: the task's input channels in physical units (the given snapshots, then any per-sample
 *       parameters as constant channels, see {@link dev.surrogate.operators.data.Task#parameters()}),
 *       normalised inside the graph with {@link #condition()}'s statistics.</li>
 * </ol>
 * The output is the velocity in normalised state space ({@link #targetChannels()} channels). Targets are
 * normalised per channel, {@code z_1 = (x_1 - mean) / std}, with {@link #target()}'s statistics (fitted on the
 * training data in double precision); samples are mapped back with the inverse.
 *
 * @param target       statistics of the target channels
 * @param condition    statistics of the condition channels
 * @param timeChannels 1 (a velocity {@code v(z, t)}) or 2 (an average velocity {@code u(z, s, t)})
 */
public record FlowLayout(ChannelStats.Affine target, ChannelStats.Affine condition, int timeChannels) {

    /** Validates the number of time channels. */
    public FlowLayout {
        if (timeChannels != 1 && timeChannels != 2) {
            throw new IllegalArgumentException("a flow's network takes 1 or 2 time channels, got " + timeChannels);
        }
    }

    /**
     * The layout of a velocity network (one time channel).
     *
     * @param target    statistics of the target channels
     * @param condition statistics of the condition channels
     */
    public FlowLayout(ChannelStats.Affine target, ChannelStats.Affine condition) {
        this(target, condition, 1);
    }

    /** @return this layout with two time channels (an average-velocity network) */
    public FlowLayout withAverageVelocity() {
        return new FlowLayout(target, condition, 2);
    }

    /** @return channels of the state and the output, {@code horizon * fields} */
    public int targetChannels() {
        return target.channels();
    }

    /** @return channels of the condition, the task's input channels */
    public int conditionChannels() {
        return condition.channels();
    }

    /** @return index of the (first) time channel */
    public int timeChannel() {
        return targetChannels();
    }

    /** @return index of the first condition channel */
    public int conditionOffset() {
        return targetChannels() + timeChannels;
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
        if (timeChannels != 1) {
            m.put("time_channels", timeChannels);
        }
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
            Object tc = m.get("time_channels");
            return new FlowLayout(ChannelStats.Affine.fromMap((Map<String, ?>) m.get("target_stats")),
                    ChannelStats.Affine.fromMap((Map<String, ?>) m.get("condition_stats")),
                    tc == null ? 1 : ((Number) tc).intValue());
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("malformed flow layout " + m + ": " + e.getMessage(), e);
        }
    }
}
