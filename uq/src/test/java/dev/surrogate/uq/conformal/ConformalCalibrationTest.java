package dev.surrogate.uq.conformal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import dev.surrogate.operators.metrics.EnsembleEvaluator;
import dev.surrogate.operators.metrics.FrequencyBands;
import dev.surrogate.uq.testing.GaussianForecaster;
import dev.surrogate.uq.testing.NoisyData;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Split conformal calibration against its guarantee: a forecaster with the wrong spread, calibrated on independent
 * values, covers the nominal fraction of fresh values within binomial error.
 */
class ConformalCalibrationTest {
    private static final double SIGMA_TRUE = 0.2;
    private static final int SAMPLES = 250;
    private static final int NX = 64;
    private static final int K = 40;
    private static final Task FINAL = Task.of("final", 1);

    private static final FieldSource CALIBRATION = NoisyData.of(SAMPLES, NX, SIGMA_TRUE, 11);
    private static final FieldSource TEST = NoisyData.of(SAMPLES, NX, SIGMA_TRUE, 12);

    private static int[] all() {
        int[] s = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            s[i] = i;
        }
        return s;
    }

    /** Global indices that differ between the two sets, so their draws are independent. */
    private static long[] global(long first) {
        long[] g = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            g[i] = first + i;
        }
        return g;
    }

    private static Calibration calibrate(ProbabilisticForecaster f, double level) {
        ConformalCalibrator c = new ConformalCalibrator(level, K);
        new EnsembleEvaluator(f, FINAL, List.of("u"), K, 5, 32, FrequencyBands.PDEBENCH).onPoints(c)
                .evaluate(CALIBRATION, all(), global(0), n -> { });
        assertEquals((long) SAMPLES * NX, c.points());
        return c.calibrate();
    }

    private static EnsembleEvaluator.Report test(ProbabilisticForecaster f, int batch) {
        return new EnsembleEvaluator(f, FINAL, List.of("u"), K, 6, batch, FrequencyBands.PDEBENCH)
                .evaluate(TEST, all(), global(100_000), n -> { });
    }

    private static double coverageAt(EnsembleEvaluator.Report r, double level) {
        if (level == 0.5) {
            return r.overall().coverage50();
        }
        return level == 0.9 ? r.overall().coverage90() : r.overall().coverage95();
    }

    @ParameterizedTest(name = "sigma {0} x the truth's, level {1}")
    @CsvSource({"0.3333333, 0.9", "3.0, 0.9", "0.3333333, 0.5", "3.0, 0.5", "0.3333333, 0.95", "3.0, 0.95"})
    void overAndUnderConfidentForecastsBecomeNominal(double ratio, double level) {
        ProbabilisticForecaster raw = new GaussianForecaster(ratio * SIGMA_TRUE);
        Calibration cal = calibrate(raw, level);
        EnsembleEvaluator.Report before = test(raw, 32);
        EnsembleEvaluator.Report after = test(new ConformalForecaster(raw, cal), 32);

        long n = (long) SAMPLES * NX;
        // values are independent (iid noise, independent draws): the test count inside is binomial, and the
        // coverage conditional on the calibrated scale scatters with variance c (1 - c) / (n_cal + 2) (a Beta
        // law); the conformal quantile adds at most 1 / (n_cal + 1) above the level
        double tolerance = 4 * Math.sqrt(level * (1 - level) * (1.0 / n + 1.0 / (n + 2))) + 1.0 / (n + 1);
        double covered = coverageAt(after, level);
        assertEquals(level, covered, tolerance, "calibrated coverage at " + level + " (scale " + cal.scale() + ")");
        double uncalibrated = coverageAt(before, level);
        if (ratio < 1) {
            assertTrue(uncalibrated < level - 0.2, "over-confident before: " + uncalibrated);
            assertTrue(cal.scale() > 1, "widens: " + cal.scale());
        } else {
            assertTrue(uncalibrated > level + Math.min(0.2, (1 - level) / 2), "under-confident before: "
                    + uncalibrated);
            assertTrue(cal.scale() < 1, "narrows: " + cal.scale());
        }
        assertEquals(cal.coverageBefore(), uncalibrated, 0.03, "coverage on the calibration split is the test's");
        // members scaled by lambda about their median: every member standard deviation scales by lambda
        assertEquals(cal.scale() * before.overall().sharpness(), after.overall().sharpness(),
                1e-5 * after.overall().sharpness());
    }

    @Test
    void calibratedMembersDoNotDependOnTheBatching() {
        ProbabilisticForecaster raw = new GaussianForecaster(0.5 * SIGMA_TRUE);
        Calibration cal = calibrate(raw, 0.9);
        EnsembleEvaluator.Report a = test(new ConformalForecaster(raw, cal), 1);
        EnsembleEvaluator.Report b = test(new ConformalForecaster(raw, cal), 77);
        assertEquals(a.overall().crps(), b.overall().crps(), 0);
        assertEquals(a.overall().coverage90(), b.overall().coverage90(), 0);

        // members beyond the first block come from the next K inner members
        ConformalForecaster f = new ConformalForecaster(raw, cal);
        INDArray x = Nd4j.create(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new long[] {1, 1, 4}, 'c');
        INDArray m3 = f.forecast(x, new long[] {7}, K + 3, 1).dup();
        f.forecast(x, new long[] {7}, 0, 1);
        assertArrayEquals(m3.data().asFloat(), f.forecast(x, new long[] {7}, K + 3, 1).data().asFloat());
        assertTrue(!java.util.Arrays.equals(m3.data().asFloat(), f.forecast(x, new long[] {7}, 3, 1).data()
                .asFloat()), "member K + 3 is not member 3");
    }

    @Test
    void scoreIsTheScaleThatJustCoversTheTruth() {
        double[] sorted = {-2, -1, 0, 1, 4};
        // median 0; numpy quantiles at 0.05 and 0.95 of five values: -1.8 and 3.4
        assertEquals(1.0, ConformalCalibrator.score(sorted, 3.4, 0.9), 1e-12);
        assertEquals(0.5, ConformalCalibrator.score(sorted, -0.9, 0.9), 1e-12);
        assertEquals(0, ConformalCalibrator.score(sorted, 0, 0.9), 0);
        assertEquals(Double.POSITIVE_INFINITY, ConformalCalibrator.score(new double[] {1, 1, 1}, 2, 0.9));
    }

    @Test
    void tooFewCalibrationValuesAreRefused() {
        ConformalCalibrator c = new ConformalCalibrator(0.95, 3);
        for (int i = 0; i < 10; i++) {
            c.add(new double[] {0, 1, 2}, 1.5);
        }
        // (n + 1) 0.95 = 10.45 > 10
        IllegalStateException e = assertThrows(IllegalStateException.class, c::calibrate);
        assertTrue(e.getMessage().contains("needs at least 19 calibration values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConformalCalibrator(1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> new ConformalCalibrator(0.9, 1));
    }
}
