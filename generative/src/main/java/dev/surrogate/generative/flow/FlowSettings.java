package dev.surrogate.generative.flow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flow-matching method's choices, saved with the model: the source noise, the path's {@code sigma_min}, the
 * distribution of training times and what the network outputs.
 *
 * @param noise            source distribution {@code z_0}
 * @param path             probability path (its {@code sigma_min})
 * @param time             distribution of {@code t} in training
 * @param parameterization what the network outputs (the velocity, or the clean sample)
 */
public record FlowSettings(FlowNoise noise, ProbabilityPath path, TimeDistribution time,
        Parameterization parameterization) {

    /** Checks that nothing is missing. */
    public FlowSettings {
        if (noise == null || path == null || time == null || parameterization == null) {
            throw new IllegalArgumentException("flow settings need a noise, a path, a time distribution and a "
                    + "parameterization");
        }
    }

    /** @return white noise, {@code sigma_min = 0}, uniform {@code t}, a velocity network (PBFM's defaults) */
    public static FlowSettings defaults() {
        return new FlowSettings(new FlowNoise.White(), new ProbabilityPath(0), new TimeDistribution.Uniform(),
                Parameterization.VELOCITY);
    }

    /** @param n noise @return a copy with that noise */
    public FlowSettings withNoise(FlowNoise n) {
        return new FlowSettings(n, path, time, parameterization);
    }

    /** @param sigmaMin noise left at t = 1 @return a copy with that path */
    public FlowSettings withSigmaMin(double sigmaMin) {
        return new FlowSettings(noise, new ProbabilityPath(sigmaMin), time, parameterization);
    }

    /** @param t time distribution @return a copy with it */
    public FlowSettings withTime(TimeDistribution t) {
        return new FlowSettings(noise, path, t, parameterization);
    }

    /** @param p what the network outputs @return a copy with it */
    public FlowSettings withParameterization(Parameterization p) {
        return new FlowSettings(noise, path, time, p);
    }

    /**
     * @return {@code {"noise": {...}, "sigma_min": s, "time_distribution": {...}}}, and
     *         {@code "parameterization": {...}} unless the network is a velocity (so the settings of velocity flows,
     *         and what is compared with them, read as before the option)
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noise", noise.toMap());
        m.put("sigma_min", path.sigmaMin());
        m.put("time_distribution", time.toMap());
        if (parameterization.data()) {
            m.put("parameterization", parameterization.toMap());
        }
        return m;
    }

    /**
     * @param m map written by {@link #toMap()} (possibly with other keys; without a parameterization, as saved
     *          before it was an option: velocity)
     * @return the settings
     * @throws IllegalArgumentException if an entry is missing or malformed
     */
    @SuppressWarnings("unchecked")
    public static FlowSettings fromMap(Map<String, ?> m) {
        try {
            return new FlowSettings(FlowNoise.fromMap((Map<String, ?>) m.get("noise")),
                    new ProbabilityPath(((Number) m.get("sigma_min")).doubleValue()),
                    TimeDistribution.fromMap((Map<String, ?>) m.get("time_distribution")),
                    Parameterization.fromMap((Map<?, ?>) m.get("parameterization")));
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("malformed flow settings " + m + ": " + e.getMessage(), e);
        }
    }
}
