package dev.surrogate.uq.compare;

import dev.surrogate.operators.metrics.EnsembleEvaluator;
import dev.surrogate.operators.metrics.EnsembleScores;
import java.util.Arrays;

/**
 * Observed coverage of the members' central intervals over a range of nominal levels, for a reliability diagram:
 * for each level {@code c}, the fraction of values with {@code Q((1 - c) / 2) <= y <= Q((1 + c) / 2)}, the quantiles
 * numpy's linear ones of the value's members (the definition of {@code coverage_90}). A calibrated forecast lies on
 * the diagonal. Not thread-safe.
 */
public final class Reliability implements EnsembleEvaluator.PointListener {
    /** Levels of the diagram by default: 0.1, 0.2, ..., 0.9, 0.95, 0.99. */
    public static final double[] DEFAULT_LEVELS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};

    private final double[] levels;
    private final long[] inside;
    private double[] sorted = new double[0];
    private long points;

    /** @param levels nominal levels in (0, 1), ascending; copied */
    public Reliability(double[] levels) {
        for (int i = 0; i < levels.length; i++) {
            if (!(levels[i] > 0 && levels[i] < 1) || (i > 0 && levels[i] <= levels[i - 1])) {
                throw new IllegalArgumentException("reliability levels must be ascending in (0, 1), got "
                        + Arrays.toString(levels));
            }
        }
        this.levels = levels.clone();
        this.inside = new long[levels.length];
    }

    /** {@inheritDoc} */
    @Override
    public void points(float[][] memberValues, int offset, float[] truth, int truthOffset, int count) {
        int k = memberValues.length;
        if (sorted.length != k) {
            sorted = new double[k];
        }
        for (int p = 0; p < count; p++) {
            for (int m = 0; m < k; m++) {
                sorted[m] = memberValues[m][offset + p];
            }
            Arrays.sort(sorted);
            double y = truth[truthOffset + p];
            for (int l = 0; l < levels.length; l++) {
                if (EnsembleScores.quantile(sorted, (1 - levels[l]) / 2) <= y
                        && y <= EnsembleScores.quantile(sorted, (1 + levels[l]) / 2)) {
                    inside[l]++;
                }
            }
            points++;
        }
    }

    /** @return the nominal levels (a copy) */
    public double[] levels() {
        return levels.clone();
    }

    /** @return observed coverage at each level (NaN before any value) */
    public double[] observed() {
        double[] o = new double[levels.length];
        for (int l = 0; l < o.length; l++) {
            o[l] = inside[l] / (double) points;
        }
        return o;
    }

    /** @return number of values seen */
    public long points() {
        return points;
    }
}
