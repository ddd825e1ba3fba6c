package dev.surrogate.uq.conformal;

import dev.surrogate.operators.metrics.EnsembleEvaluator;
import dev.surrogate.operators.metrics.EnsembleScores;
import java.util.Arrays;

/**
 * Split conformal calibration (Vovk et al. 2005; Angelopoulos and Bates 2023) of an ensemble forecast's central
 * interval by one scale factor. Fed the {@code K} members and the truth of every value of a held-out calibration
 * split (as an {@link EnsembleEvaluator.PointListener}), it computes for each value the nonconformity score
 *
 * <pre>
 *   r = (y - q50) / (qhi - q50)   if y &gt; q50
 *   r = (q50 - y) / (q50 - qlo)   if y &lt; q50
 *   r = 0                         if y = q50
 * </pre>
 *
 * where {@code q50}, {@code qlo = Q((1 - c) / 2)} and {@code qhi = Q((1 + c) / 2)} are the members' empirical
 * quantiles (numpy's linear interpolation, {@link EnsembleScores#quantile}) and {@code c} the nominal level; a zero
 * denominator with {@code y} on that side gives {@code r = +inf}. {@code r} is the smallest factor
 * {@code lambda} by which the members must be scaled about their median, {@code x -> q50 + lambda (x - q50)}, for
 * their central {@code c} interval to contain {@code y}: the scaled members' quantiles are
 * {@code q50 + lambda (Q(p) - q50)}, since that map is increasing and type-7 quantiles are affine in the order
 * statistics, and they widen monotonically with {@code lambda} because {@code qlo <= q50 <= qhi}. (The median, not
 * the mean, is the centre for that reason: the mean of skewed members can lie outside their central interval.)
 *
 * <p>The calibrated scale is the {@code k}-th smallest of the {@code n} scores, {@code k = ceil((n + 1) c)}. For a
 * test value whose (members, truth) pair is exchangeable with the calibration values', the scaled members' central
 * {@code c} interval then contains the truth with probability at least {@code c} (and below
 * {@code c + 1 / (n + 1)} when scores do not tie), whatever the forecaster: the finite-sample guarantee of split
 * conformal prediction. The guarantee is marginal, over values; values of one field are correlated, so the coverage
 * realised on a finite test set scatters more than a binomial count of independent values would. Intervals at other
 * levels are scaled by the same factor and are calibrated only as far as the forecast's shape is right. The members
 * must be drawn with the same {@code K} at calibration and at test time ({@link ConformalForecaster} does that).
 * Not thread-safe.
 */
public final class ConformalCalibrator implements EnsembleEvaluator.PointListener {
    private final double level;
    private final int members;
    private final double[] sorted;
    private double[] scores = new double[1024];
    private long count;
    private long inside;

    /**
     * @param level   nominal coverage {@code c} of the central interval, in (0, 1), e.g. 0.9
     * @param members ensemble size {@code K >= 2} the forecaster is drawn with
     */
    public ConformalCalibrator(double level, int members) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("calibration level must be in (0, 1), got " + level);
        }
        if (members < 2) {
            throw new IllegalArgumentException("calibration needs at least 2 members per input, got " + members);
        }
        this.level = level;
        this.members = members;
        this.sorted = new double[members];
    }

    /**
     * Adds one value.
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

    /** {@inheritDoc} */
    @Override
    public void points(float[][] memberValues, int offset, float[] truth, int truthOffset, int n) {
        if (memberValues.length != members) {
            throw new IllegalArgumentException("got " + memberValues.length + " members, expected " + members);
        }
        for (int p = 0; p < n; p++) {
            for (int k = 0; k < members; k++) {
                sorted[k] = memberValues[k][offset + p];
            }
            score(truth[truthOffset + p]);
        }
    }

    private void score(double y) {
        Arrays.sort(sorted);
        double r = score(sorted, y, level);
        if (r <= 1) {
            inside++;
        }
        if (count == scores.length) {
            if (count >= Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("more than " + count + " calibration values; use a smaller "
                        + "calibration split");
            }
            scores = Arrays.copyOf(scores, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * count));
        }
        scores[(int) count++] = r;
    }

    /**
     * The nonconformity score of one value (see the class documentation).
     *
     * @param sorted members in ascending order; read only
     * @param y      the truth
     * @param level  nominal level {@code c}
     * @return the smallest scale about the median whose central {@code c} interval contains {@code y}
     */
    public static double score(double[] sorted, double y, double level) {
        double median = EnsembleScores.quantile(sorted, 0.5);
        if (y > median) {
            double hi = EnsembleScores.quantile(sorted, (1 + level) / 2) - median;
            return hi > 0 ? (y - median) / hi : Double.POSITIVE_INFINITY;
        }
        if (y < median) {
            double lo = median - EnsembleScores.quantile(sorted, (1 - level) / 2);
            return lo > 0 ? (median - y) / lo : Double.POSITIVE_INFINITY;
        }
        return 0;
    }

    /** @return number of values added */
    public long points() {
        return count;
    }

    /**
     * @return the calibrated scale and the coverage before calibration
     * @throws IllegalStateException if there are too few values for the level ({@code (n + 1) c > n}) or the members
     *                               coincide at so many values that no finite scale covers the truth there
     */
    public Calibration calibrate() {
        long n = count;
        long k = (long) Math.ceil((n + 1) * level);
        if (k > n) {
            throw new IllegalStateException("conformal calibration at level " + level + " needs at least "
                    + (long) Math.ceil(level / (1 - level)) + " calibration values, got " + n
                    + "; use a larger calibration split");
        }
        double[] s = Arrays.copyOf(scores, (int) n);
        Arrays.sort(s);
        double scale = s[(int) (k - 1)];
        if (!Double.isFinite(scale)) {
            throw new IllegalStateException("the members coincide with each other (zero spread) at "
                    + String.format(java.util.Locale.ROOT, "%.1f", 100.0 * countInfinite(s) / n)
                    + " % of the calibration values while missing the truth there: no scale of their spread covers "
                    + "it at level " + level);
        }
        return new Calibration(level, scale, members, n, inside / (double) n);
    }

    private static long countInfinite(double[] s) {
        long c = 0;
        for (double v : s) {
            if (v == Double.POSITIVE_INFINITY) {
                c++;
            }
        }
        return c;
    }
}
