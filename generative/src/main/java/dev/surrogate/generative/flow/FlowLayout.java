package dev.surrogate.generative.flow;

import dev.surrogate.operators.data.ChannelStats;
import dev.surrogate.operators.data.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The velocity network's input channels and the statistics that normalise them. Input
 * {@code [batch, inputChannels, *space]}, channels in this order:
 * <ol>
 *   <li>{@code z_t}, the state on the path ({@link #targetChannels()} channels, already normalised);</li>
 *   <li>the time {@code t} as a constant channel;</li>
 *   <li>the condition: the given snapshots of the pair in physical units ({@link #conditionChannels()}
 *       channels, normalised inside the graph with {@link #condition()}'s statistics);</li>
 *   <li>the per-sample parameters as constant channels in physical units (normalised inside the graph).</li>
 * </ol>
 * The output is the velocity in normalised state space ({@link #targetChannels()} channels). Targets are
 * normalised per channel, {@code z_1 = (x_1 - mean) / std}, with {@link #target()}'s statistics (fitted on the
 * training data in double precision); samples are mapped back with the inverse.
 *
 * @param target     statistics of the target channels
 * @param condition  statistics of the condition channels
 * @param parameters names of the per-sample parameters given as channels, in order (may be empty)
 * @param parameterStats statistics of the parameters (one channel each); ignored when there are none
 */
public record FlowLayout(ChannelStats.Affine target, ChannelStats.Affine condition, List<String> parameters,
        ChannelStats.Affine parameterStats) {

    /** Copies the list and checks the parameter statistics. */
    public FlowLayout {
        parameters = List.copyOf(parameters);
        if (!parameters.isEmpty() && parameterStats.channels() != parameters.size()) {
            throw new IllegalArgumentException(parameters.size() + " parameters " + parameters + " but statistics for "
                    + parameterStats.channels());
        }
    }

    /** @return channels of the state and the output, {@code horizon * fields} */
    public int targetChannels() {
        return target.channels();
    }

    /** @return channels of the given snapshots, {@code window * fields} */
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

    /** @return index of the first parameter channel */
    public int parameterOffset() {
        return conditionOffset() + conditionChannels();
    }

    /** @return the velocity network's input channels */
    public int inputChannels() {
        return parameterOffset() + parameters.size();
    }

    /**
     * @return the in-graph normaliser: identity for the state and time, the fitted statistics for the condition
     *         and the parameters, identity for the output (the network predicts the normalised velocity)
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
        if (!parameters.isEmpty()) {
            double[] pm = parameterStats.mean();
            double[] ps = parameterStats.std();
            System.arraycopy(pm, 0, mean, parameterOffset(), pm.length);
            System.arraycopy(ps, 0, std, parameterOffset(), ps.length);
        }
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
        m.put("parameters", new ArrayList<>(parameters));
        if (!parameters.isEmpty()) {
            m.put("parameter_stats", parameterStats.toMap());
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
            List<String> names = new ArrayList<>();
            for (Object o : (List<Object>) m.get("parameters")) {
                names.add(o.toString());
            }
            ChannelStats.Affine ps = names.isEmpty() ? ChannelStats.Affine.identity(1)
                    : ChannelStats.Affine.fromMap((Map<String, ?>) m.get("parameter_stats"));
            return new FlowLayout(ChannelStats.Affine.fromMap((Map<String, ?>) m.get("target_stats")),
                    ChannelStats.Affine.fromMap((Map<String, ?>) m.get("condition_stats")), names, ps);
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("malformed flow layout " + m + ": " + e.getMessage(), e);
        }
    }
}
