package dev.surrogate.uq.compare;

import dev.surrogate.operators.metrics.EnsembleEvaluator;
import dev.surrogate.operators.metrics.EnsembleScores;
import dev.surrogate.uq.conformal.Calibration;
import dev.surrogate.uq.conformal.ConformalForecaster;
import java.util.Arrays;

/**
 * Scores of the calibrated forecast computed from the uncalibrated members as they are scored, without drawing them
 * again: every point's {@code K} members are mapped to {@code q50 + lambda (x - q50)} about their median, exactly
 * what {@link ConformalForecaster} returns for those members (same arithmetic, rounded to float32 the same way),
 * then scored by {@link EnsembleScores} and a {@link Reliability}. The evaluation must use the calibration's
 * {@code K} members per input. Not thread-safe.
 */
final class CalibratedScores implements EnsembleEvaluator.PointListener {
    private final double lambda;
    private final EnsembleScores scores;
    private final Reliability reliability;
    private final double[] sorted;
    private float[][] scaled = new float[0][];

    /**
     * @param calibration the calibration to apply
     * @param levels      levels of the reliability curve
     */
    CalibratedScores(Calibration calibration, double[] levels) {
        this.lambda = calibration.scale();
        this.scores = new EnsembleScores(calibration.members());
        this.reliability = new Reliability(levels);
        this.sorted = new double[calibration.members()];
    }

    @Override
    public void points(float[][] memberValues, int offset, float[] truth, int truthOffset, int count) {
        int k = sorted.length;
        if (memberValues.length != k) {
            throw new IllegalArgumentException("calibrated with " + k + " members, scored with "
                    + memberValues.length);
        }
        if (scaled.length != k || scaled[0].length < count) {
            scaled = new float[k][count];
        }
        for (int p = 0; p < count; p++) {
            for (int m = 0; m < k; m++) {
                sorted[m] = memberValues[m][offset + p];
            }
            Arrays.sort(sorted);
            double median = EnsembleScores.quantile(sorted, 0.5);
            for (int m = 0; m < k; m++) {
                scaled[m][p] = (float) (median + lambda * ((double) memberValues[m][offset + p] - median));
            }
        }
        scores.add(scaled, 0, truth, truthOffset, count);
        reliability.points(scaled, 0, truth, truthOffset, count);
    }

    /** @return the calibrated forecast's scores */
    EnsembleScores scores() {
        return scores;
    }

    /** @return the calibrated forecast's reliability curve */
    Reliability reliability() {
        return reliability;
    }
}
