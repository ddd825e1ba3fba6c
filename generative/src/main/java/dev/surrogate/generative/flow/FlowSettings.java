package dev.surrogate.generative.flow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flow-matching method's choices, saved with the model: the source noise, the path's {@code sigma_min} and the
 * distribution of training times.
 *
 * @param noise source distribution {@code z_0}
 * @param path  probability path (its {@code sigma_min})
 * @param time  distribution of {@code t} in training
 */
public record FlowSettings(FlowNoise noise, ProbabilityPath path, TimeDistribution time) {

    /** Checks that nothing is missing. */
    public FlowSettings {
        if (noise == null || path == null || time == null) {
            throw new IllegalArgumentException("flow settings need a noise, a path and a time distribution");
        }
    }

    /** @return white noise, {@code sigma_min = 0}, uniform {@code t} (PBFM's defaults) */
    public static FlowSettings defaults() {
        return new FlowSettings(new FlowNoise.White(), new ProbabilityPath(0), new TimeDistribution.Uniform());
    }

    /** @param n noise @return a copy with that noise */
    public FlowSettings withNoise(FlowNoise n) {
        return new FlowSettings(n, path, time);
    }

    /** @param sigmaMin noise left at t = 1 @return a copy with that path */
    public FlowSettings withSigmaMin(double sigmaMin) {
        return new FlowSettings(noise, new ProbabilityPath(sigmaMin), time);
    }

    /** @param t time distribution @return a copy with it */
    public FlowSettings withTime(TimeDistribution t) {
        return new FlowSettings(noise, path, t);
    }

    /** @return {@code {"noise": {...}, "sigma_min": s, "time_distribution": {...}}} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noise", noise.toMap());
        m.put("sigma_min", path.sigmaMin());
        m.put("time_distribution", time.toMap());
        return m;
    }

    /**
     * @param m map written by {@link #toMap()} (possibly with other keys)
     * @return the settings
     * @throws IllegalArgumentException if an entry is missing or malformed
     */
    @SuppressWarnings("unchecked")
    public static FlowSettings fromMap(Map<String, ?> m) {
        try {
            return new FlowSettings(FlowNoise.fromMap((Map<String, ?>) m.get("noise")),
                    new ProbabilityPath(((Number) m.get("sigma_min")).doubleValue()),
                    TimeDistribution.fromMap((Map<String, ?>) m.get("time_distribution")));
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("malformed flow settings " + m + ": " + e.getMessage(), e);
        }
    }
}
