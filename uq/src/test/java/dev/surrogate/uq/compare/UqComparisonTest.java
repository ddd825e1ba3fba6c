package dev.surrogate.uq.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.metrics.EnsembleEvaluator;
import dev.surrogate.operators.metrics.FrequencyBands;
import dev.surrogate.operators.training.Json;
import dev.surrogate.uq.conformal.ConformalForecaster;
import dev.surrogate.uq.testing.GaussianForecaster;
import dev.surrogate.uq.testing.NoisyData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A method registered from outside runs through the comparison like the built-in ones. */
class UqComparisonTest {
    private static final double SIGMA = 0.2;
    private static final int NX = 32;
    private static final FieldSource TRAIN = NoisyData.of(200, NX, SIGMA, 21);
    private static final FieldSource TEST = NoisyData.of(100, NX, SIGMA, 22);

    @TempDir
    Path tmp;

    /** Needs no training: a Gaussian forecast whose spread is the option {@code gaussian.ratio} times the truth's. */
    static final class GaussianMethod implements UqMethod {
        private final double ratio;

        GaussianMethod(MethodOptions options) {
            ratio = options.real("gaussian.ratio", 1);
        }

        @Override
        public Map<String, Object> settings() {
            return Map.of("ratio", ratio);
        }

        @Override
        public Fitted fit(CompareContext context, Path dir) {
            return new Fitted(new GaussianForecaster(ratio * SIGMA), 0, false, Map.of("ratio", ratio));
        }
    }

    @BeforeAll
    static void register() {
        UqMethods.REGISTRY.register("test-gaussian", m -> new GaussianMethod(UqMethods.options(m)));
    }

    private static CompareContext context() {
        int[] fit = new int[150];
        int[] cal = new int[50];
        for (int i = 0; i < 150; i++) {
            fit[i] = i;
        }
        for (int i = 0; i < 50; i++) {
            cal[i] = 150 + i;
        }
        return new CompareContext(TRAIN, fit, cal, Task.of("final", 1), new CompareContext.Recipe(1, 8, 1e-3, 0,
                "constant"), 0, r -> {
                    throw new AssertionError("the test method builds no model");
                }, Map.of(), true, new CompareListener() { }, Map.of("file", "synthetic"));
    }

    private static long[] range(long from, int n) {
        long[] g = new long[n];
        for (int i = 0; i < n; i++) {
            g[i] = from + i;
        }
        return g;
    }

    @Test
    void anOverConfidentMethodIsCalibratedInItsRow() {
        MethodOptions options = new MethodOptions(Map.of("gaussian.ratio", "0.5"));
        UqMethod method = UqMethods.create("test-gaussian", options);
        assertTrue(options.unused().isEmpty());
        UqComparison c = new UqComparison(new UqComparison.Settings(30, 0.9, 4, 25, Reliability.DEFAULT_LEVELS));
        int[] test = new int[100];
        for (int i = 0; i < 100; i++) {
            test[i] = i;
        }
        UqComparison.Row row = c.run("test-gaussian", method, context(), tmp.resolve("g"), range(0, 200),
                new UqComparison.TestSet(TEST, test, range(10_000, 100)));
        Map<String, Object> m = row.toMap();
        assertEquals("test-gaussian", m.get("name"));
        assertEquals("gaussian", m.get("forecaster"));
        assertEquals(0.5, m.get("ratio"));
        long n = 100L * NX;
        double cov = ((Number) m.get("coverage_90_calibrated")).doubleValue();
        long nCal = 50L * NX;
        // binomial test count plus the scatter of the coverage given the calibrated scale (see the conformal test)
        assertEquals(0.9, cov, 4 * Math.sqrt(0.09 * (1.0 / n + 1.0 / (nCal + 2))) + 1.0 / (nCal + 1),
                "calibrated coverage");
        assertTrue(((Number) m.get("coverage_90")).doubleValue() < 0.7, "over-confident before");
        assertEquals(50L * NX, row.calibration().points());
        // the reliability curve at 0.9 is the coverage_90 of the scores
        assertEquals(row.raw().overall().coverage90(), row.observed()[8], 0);
        assertEquals(cov, row.observedCalibrated()[8], 0);
        for (int l = 0; l < row.levels().length; l++) {
            assertTrue(row.observed()[l] < row.levels()[l], "over-confident at every level");
        }
        assertEquals(NX, row.band().x().length);
        for (int i = 0; i < NX; i++) {
            assertTrue(row.band().loCalibrated()[i] <= row.band().lo()[i]
                    && row.band().hi()[i] <= row.band().hiCalibrated()[i], "calibration widens the band");
        }
        // the calibrated scores are those of the ConformalForecaster, evaluated on its own
        EnsembleEvaluator.Report wrapped = new EnsembleEvaluator(new ConformalForecaster(row.fitted().forecaster(),
                row.calibration()), Task.of("final", 1), List.of("u"), 30, 4, 25, FrequencyBands.PDEBENCH)
                .evaluate(TEST, test, range(10_000, 100), d -> { });
        assertEquals(wrapped.overall().crps(), row.calibrated().crps(), 1e-12 * wrapped.overall().crps());
        assertEquals(wrapped.overall().coverage90(), row.calibrated().coverage90(), 0);
        assertEquals(wrapped.overall().nll(), row.calibrated().nll(), 1e-12 * Math.abs(wrapped.overall().nll()));
        assertTrue(Files.isRegularFile(tmp.resolve("g").resolve(UqComparison.STAMP)));
        assertFalse(Json.compact(m).isEmpty());

        // the same directory with another setting is refused
        UqMethod other = UqMethods.create("test-gaussian", new MethodOptions(Map.of("gaussian.ratio", "2")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.run("test-gaussian", other,
                context(), tmp.resolve("g"), range(0, 200), new UqComparison.TestSet(TEST, test, range(10_000,
                        100))));
        assertTrue(e.getMessage().contains("settings") && e.getMessage().contains("ratio"), e.getMessage());
    }

    @Test
    void unknownMethodsAndUnreadOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UqMethods.create("bogus", MethodOptions.none()));
        assertTrue(e.getMessage().contains("bogus") && e.getMessage().contains("ensemble"), e.getMessage());
        MethodOptions o = new MethodOptions(Map.of("members", "3", "typo", "1"));
        UqMethods.create("ensemble", o);
        assertEquals(java.util.Set.of("typo"), o.unused());
        assertThrows(IllegalArgumentException.class, () -> UqMethods.create("ensemble",
                new MethodOptions(Map.of("members", "three"))));
        assertThrows(IllegalArgumentException.class, () -> UqMethods.create("dropout",
                new MethodOptions(Map.of("dropout", "1.5"))));
        assertTrue(UqMethods.names().containsAll(List.of("ensemble", "dropout")));
    }
}
