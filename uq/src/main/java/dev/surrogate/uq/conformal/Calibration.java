package dev.surrogate.uq.conformal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a split-conformal calibration (see {@link ConformalCalibrator}): scale the members of every value
 * about their median by {@code scale}, with ensembles of {@code members} members.
 *
 * @param level          nominal coverage {@code c} of the central interval the scale was calibrated for
 * @param scale          the factor {@code lambda} (1 leaves the forecast as it is; above 1 widens, below narrows)
 * @param members        ensemble size {@code K} the scores were computed with (the calibrated forecaster uses
 *                       blocks of that size)
 * @param points         number of calibration values {@code n}
 * @param coverageBefore fraction of calibration values inside the uncalibrated central {@code c} interval
 */
public record Calibration(double level, double scale, int members, long points, double coverageBefore) {

    /** Validates the arguments. */
    public Calibration {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("calibration level must be in (0, 1), got " + level);
        }
        if (!(scale >= 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("calibration scale must be finite and >= 0, got " + scale);
        }
        if (members < 2) {
            throw new IllegalArgumentException("calibration needs at least 2 members, got " + members);
        }
    }

    /** @return plain values for JSON */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", level);
        m.put("scale", scale);
        m.put("members", members);
        m.put("points", points);
        m.put("coverage_before", coverageBefore);
        return m;
    }

    /**
     * @param m a map written by {@link #toMap()}
     * @return the calibration
     * @throws IllegalArgumentException if a value is missing or malformed
     */
    public static Calibration fromMap(Map<String, ?> m) {
        try {
            return new Calibration(((Number) m.get("level")).doubleValue(), ((Number) m.get("scale")).doubleValue(),
                    ((Number) m.get("members")).intValue(), ((Number) m.get("points")).longValue(),
                    ((Number) m.get("coverage_before")).doubleValue());
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("incomplete calibration " + m, e);
        }
    }
}
