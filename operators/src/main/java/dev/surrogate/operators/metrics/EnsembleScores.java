package dev.surrogate.operators.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Proper scores and calibration of an ensemble forecast of {@code K} members, accumulated point by point in double
 * precision. A point is one value of the truth {@code y} (one channel at one grid point of one sample and step)
 * with its {@code K} member values {@code x_1 .. x_K}; every score is a mean over all points added.
 *
 * <ul>
 *   <li>{@code crps}: the fair (unbiased) ensemble CRPS of Ferro (2014) and Zamo &amp; Naveau (2018),
 *       {@code mean_i |x_i - y| - sum_{i,j} |x_i - x_j| / (2 K (K - 1))}. Its expectation over the members equals
 *       the CRPS of the distribution they are drawn from, for every {@code K >= 2}, so ensembles of different
 *       sizes are comparable; it is computed from the sorted members in {@code O(K log K)}.</li>
 *   <li>{@code nll}: negative log-likelihood of {@code y} under the Gaussian fitted to the members, mean
 *       {@code m = mean_i x_i} and the unbiased variance {@code s^2 = sum_i (x_i - m)^2 / (K - 1)}, floored at
 *       {@link #VARIANCE_FLOOR}: {@code ln(2 pi s^2) / 2 + (y - m)^2 / (2 s^2)} (natural log, nats).</li>
 *   <li>{@code coverage_50}, {@code coverage_90}, {@code coverage_95}: fraction of points with
 *       {@code q_lo <= y <= q_hi}, where {@code q_lo, q_hi} are the members' empirical quantiles at
 *       {@code (1 - c) / 2} and {@code (1 + c) / 2} with linear interpolation between order statistics (numpy's
 *       default: {@code h = (K - 1) p}, {@code q = x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h))},
 *       0-based order statistics). A calibrated ensemble covers about {@code c} (slightly less for small {@code K},
 *       because the empirical interval is narrower than the true one).</li>
 *   <li>{@code spread_skill}: {@code sqrt((K + 1) / K * mean s^2) / sqrt(mean (y - m)^2)}, the RMS spread (same
 *       unbiased {@code s^2}) over the RMSE of the ensemble mean with the finite-ensemble correction of Fortin et
 *       al. (2014): for members exchangeable with the truth {@code E (y - m)^2 = (1 + 1/K) E s^2}, so a calibrated
 *       ensemble scores 1, an over-confident one less, an over-dispersed one more.</li>
 *   <li>{@code sharpness}: mean over points of the members' standard deviation {@code s} (same divisor
 *       {@code K - 1}), in the field's units: how concentrated the forecast is, whatever the truth.</li>
 * </ul>
 * Not thread-safe.
 */
public final class EnsembleScores {
    /**
     * Smallest member variance used by the NLL, in squared field units: about the square of float32's resolution
     * for fields of order one, so that identical members (a model with no spread there) give a large but finite
     * NLL instead of infinity.
     */
    public static final double VARIANCE_FLOOR = 1e-12;

    /** Nominal probabilities of the central intervals reported as {@code coverage_50/90/95}. */
    private static final double[] LEVELS = {0.5, 0.9, 0.95};

    private final int members;
    private final double[] sorted;
    /** Weight of order statistic i in the pair sum: (2 i - K + 1) / (K (K - 1)). */
    private final double[] pairWeight;

    private long points;
    private double crpsSum;
    private double nllSum;
    private double varianceSum;
    private double stdSum;
    private double squaredErrorSum;
    private final long[] inside = new long[LEVELS.length];

    /** @param members ensemble size {@code K >= 2} */
    public EnsembleScores(int members) {
        if (members < 2) {
            throw new IllegalArgumentException("ensemble scores need at least 2 members, got " + members);
        }
        this.members = members;
        this.sorted = new double[members];
        this.pairWeight = new double[members];
        double norm = (double) members * (members - 1);
        for (int i = 0; i < members; i++) {
            pairWeight[i] = (2.0 * i - members + 1) / norm;
        }
    }

    /** @return ensemble size K */
    public int members() {
        return members;
    }

    /**
     * Adds one point.
     *
     * @param values the {@code K} member values; read only
     * @param truth  the observed value
     */
    public void add(double[] values, double truth) {
        if (values.length != members) {
            throw new IllegalArgumentException("got " + values.length + " member values, expected " + members);
        }
        System.arraycopy(values, 0, sorted, 0, members);
        score(truth);
    }

    /**
     * Adds {@code count} consecutive points: point {@code p} has members {@code memberValues[k][offset + p]} and
     * truth {@code truth[truthOffset + p]}.
     *
     * @param memberValues one array per member, all in the same layout; read only
     * @param offset       first point in every member array
     * @param truth        observed values; read only
     * @param truthOffset  first point in {@code truth}
     * @param count        number of points
     */
    public void add(float[][] memberValues, int offset, float[] truth, int truthOffset, int count) {
        if (memberValues.length != members) {
            throw new IllegalArgumentException("got " + memberValues.length + " members, expected " + members);
        }
        for (int p = 0; p < count; p++) {
            for (int k = 0; k < members; k++) {
                sorted[k] = memberValues[k][offset + p];
            }
            score(truth[truthOffset + p]);
        }
    }

    /** Scores the point whose member values are in {@code sorted} (not yet sorted). */
    private void score(double y) {
        int k = members;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += sorted[i];
        }
        double mean = sum / k;
        double ss = 0;
        for (int i = 0; i < k; i++) {
            double d = sorted[i] - mean;
            ss += d * d;
        }
        double variance = ss / (k - 1);
        Arrays.sort(sorted);
        double absError = 0;
        double pairs = 0;
        for (int i = 0; i < k; i++) {
            absError += Math.abs(sorted[i] - y);
            pairs += pairWeight[i] * sorted[i];
        }
        crpsSum += absError / k - pairs;
        double v = Math.max(variance, VARIANCE_FLOOR);
        double e = y - mean;
        nllSum += 0.5 * Math.log(2 * Math.PI * v) + e * e / (2 * v);
        varianceSum += variance;
        stdSum += Math.sqrt(variance);
        squaredErrorSum += e * e;
        for (int l = 0; l < LEVELS.length; l++) {
            double lo = quantile(sorted, (1 - LEVELS[l]) / 2);
            double hi = quantile(sorted, (1 + LEVELS[l]) / 2);
            if (lo <= y && y <= hi) {
                inside[l]++;
            }
        }
        points++;
    }

    /**
     * Empirical quantile with linear interpolation between order statistics (numpy's default, Hyndman and Fan's
     * type 7).
     *
     * @param sorted values in ascending order, at least one; read only
     * @param p      probability in [0, 1]
     * @return the quantile
     */
    public static double quantile(double[] sorted, double p) {
        if (!(p >= 0 && p <= 1) || sorted.length == 0) {
            throw new IllegalArgumentException("quantile needs p in [0, 1] and values, got p=" + p + " of "
                    + sorted.length + " values");
        }
        double h = (sorted.length - 1) * p;
        int j = (int) Math.floor(h);
        if (j >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
    }

    /**
     * Adds the points of another accumulator with the same ensemble size.
     *
     * @param other scores to merge into this one; unchanged
     */
    public void merge(EnsembleScores other) {
        if (other.members != members) {
            throw new IllegalArgumentException("cannot merge scores of " + other.members + " members into "
                    + members);
        }
        points += other.points;
        crpsSum += other.crpsSum;
        nllSum += other.nllSum;
        varianceSum += other.varianceSum;
        stdSum += other.stdSum;
        squaredErrorSum += other.squaredErrorSum;
        for (int l = 0; l < LEVELS.length; l++) {
            inside[l] += other.inside[l];
        }
    }

    /** @return number of points added */
    public long points() {
        return points;
    }

    /** @return mean fair CRPS, in field units */
    public double crps() {
        return crpsSum / points;
    }

    /** @return mean Gaussian negative log-likelihood, nats */
    public double nll() {
        return nllSum / points;
    }

    /** @return fraction of points inside the members' central 50 % interval */
    public double coverage50() {
        return inside[0] / (double) points;
    }

    /** @return fraction of points inside the members' central 90 % interval */
    public double coverage90() {
        return inside[1] / (double) points;
    }

    /** @return fraction of points inside the members' central 95 % interval */
    public double coverage95() {
        return inside[2] / (double) points;
    }

    /** @return corrected RMS spread over the RMSE of the ensemble mean (1 when calibrated) */
    public double spreadSkill() {
        return Math.sqrt((members + 1.0) / members * varianceSum / squaredErrorSum);
    }

    /** @return mean member standard deviation, in field units */
    public double sharpness() {
        return stdSum / points;
    }

    /** @return RMSE of the ensemble mean, in field units */
    public double meanRmse() {
        return Math.sqrt(squaredErrorSum / points);
    }

    /**
     * @return the contract's keys {@code crps, nll, coverage_50, coverage_90, coverage_95, spread_skill,
     *         sharpness} plus {@code samples_per_input} (K); non-finite values become {@code null}
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("crps", FieldMetrics.finite(crps()));
        m.put("nll", FieldMetrics.finite(nll()));
        m.put("coverage_50", FieldMetrics.finite(coverage50()));
        m.put("coverage_90", FieldMetrics.finite(coverage90()));
        m.put("coverage_95", FieldMetrics.finite(coverage95()));
        m.put("spread_skill", FieldMetrics.finite(spreadSkill()));
        m.put("sharpness", FieldMetrics.finite(sharpness()));
        m.put("samples_per_input", members);
        return m;
    }
}
