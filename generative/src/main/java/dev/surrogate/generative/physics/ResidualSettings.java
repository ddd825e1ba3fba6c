package dev.surrogate.generative.physics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The choices of PBFM's physics term (Baldan, Liu, Guastoni, Thuerey: "Flow Matching Meets PDEs" / "Physics vs
 * Distributions: Pareto Optimal Flow Matching with Physics Constraints"; reference code tum-pbs/PBFM), saved with
 * the model.
 *
 * @param power     exponent {@code p} of the time weight {@code t^p} of the residual loss ({@code 1} in PBFM;
 *                  {@code 0} weighs every path time alike), {@code >= 0}
 * @param order     order of the finite-difference time derivative (2, 4 or 6), as {@code surrogate residual}
 * @param maxUnroll Euler steps of the model from {@code z_t} to the clean estimate in the last stage of the
 *                  curriculum ({@code 1 .. maxUnroll} over equal parts of training; PBFM: 4 over the quarters);
 *                  {@code 1} unrolls nothing
 */
public record ResidualSettings(double power, int order, int maxUnroll) {
    /** PBFM's largest number of unrolled steps. */
    public static final int DEFAULT_UNROLL = 4;

    /** Validates. */
    public ResidualSettings {
        if (!(power >= 0) || !Double.isFinite(power)) {
            throw new IllegalArgumentException("residual time power must be finite and >= 0, got " + power);
        }
        if (order != 2 && order != 4 && order != 6) {
            throw new IllegalArgumentException("residual time-difference order must be 2, 4 or 6, got " + order);
        }
        if (maxUnroll < 1) {
            throw new IllegalArgumentException("unrolled steps must be >= 1, got " + maxUnroll);
        }
    }

    /** @return PBFM's choices: {@code t^1}, 4th-order time differences, unrolling up to 4 steps */
    public static ResidualSettings defaults() {
        return new ResidualSettings(1, 4, DEFAULT_UNROLL);
    }

    /**
     * The curriculum: epoch {@code e} of {@code E} is in stage {@code floor(maxUnroll e / E)} (capped), the
     * reference's {@code n_steps = (epoch - 1) // (epochs // 4) + 1} for 1-based epochs when 4 divides E, without
     * its fifth stage when it does not.
     *
     * @param epoch  0-based epoch
     * @param epochs epochs of the run
     * @return the stage, {@code 0 .. maxUnroll - 1}
     */
    public int stage(int epoch, int epochs) {
        if (epochs <= 0) {
            return 0;
        }
        long s = (long) maxUnroll * Math.max(0, epoch) / epochs;
        return (int) Math.min(maxUnroll - 1, s);
    }

    /**
     * @param stage a stage of {@link #stage}
     * @return Euler steps unrolled in that stage, {@code stage + 1}
     */
    public int unrollSteps(int stage) {
        return Math.min(maxUnroll, Math.max(0, stage) + 1);
    }

    /** @return {@code {"type": "residual", "power": p, "order": q, "max_unroll": n}} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "residual");
        m.put("power", power);
        m.put("order", order);
        m.put("max_unroll", maxUnroll);
        return m;
    }

    /**
     * @param m a map written by {@link #toMap()}
     * @return the settings
     * @throws IllegalArgumentException if the map is malformed
     */
    public static ResidualSettings fromMap(Map<?, ?> m) {
        if (!"residual".equals(m.get("type"))) {
            throw new IllegalArgumentException("unknown physics term " + m.get("type") + ": expected 'residual'");
        }
        try {
            return new ResidualSettings(((Number) m.get("power")).doubleValue(), ((Number) m.get("order")).intValue(),
                    ((Number) m.get("max_unroll")).intValue());
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("malformed physics settings " + m, e);
        }
    }

    @Override
    public String toString() {
        return "PDE residual (t^" + power + ", time differences of order " + order + ", up to " + maxUnroll
                + " unrolled steps)";
    }
}
