package dev.surrogate.operators.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.testing.Persistence;
import dev.surrogate.operators.training.Predictor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static final int NX = 32;
    private static final int TIMES = 6;
    private static final double C = 0.5;
    private static final double[] AMP = {1.0, 0.4, 2.0};

    private static double decay(int t) {
        return 1.0 / (1.0 + (double) t / (TIMES - 1));
    }

    /** u_s(t, x) = A_s d(t) sin(2 pi x) + C. */
    private static InMemoryFieldSource waves() {
        float[] data = new float[AMP.length * TIMES * NX];
        for (int s = 0; s < AMP.length; s++) {
            for (int t = 0; t < TIMES; t++) {
                for (int i = 0; i < NX; i++) {
                    data[(s * TIMES + t) * NX + i] = (float) (AMP[s] * decay(t) * Math.sin(2 * Math.PI * i / NX)
                            + C);
                }
            }
        }
        return new InMemoryFieldSource(data, AMP.length, TIMES, new int[] {NX}, new double[] {1.0}, List.of("u"));
    }

    /**
     * Relative L2 of predicting A d(from) sin + C when the truth is A d(to) sin + C: the sine is orthogonal to the
     * constant, sum sin^2 = n / 2, so rel = |A| |d(from) - d(to)| sqrt(1/2) / sqrt(C^2 + A^2 d(to)^2 / 2).
     */
    private static double rel(double a, int from, int to) {
        return Math.abs(a) * Math.abs(decay(from) - decay(to)) * Math.sqrt(0.5)
                / Math.sqrt(C * C + a * a * decay(to) * decay(to) / 2);
    }

    private static Predictor persistence(Task task) {
        Persistence model = new Persistence(task.window(), 1, 1);
        return model.predictor(task, List.of("u"), new int[] {NX});
    }

    @Test
    void finalTaskMetricsMatchClosedForm() {
        Evaluator.Report r = new Evaluator(persistence(Task.of("final", 1)), 2, FrequencyBands.PDEBENCH)
                .evaluate(waves(), new int[] {0, 1, 2}, n -> { });
        double expected = 0;
        for (double a : AMP) {
            expected += rel(a, 0, TIMES - 1);
        }
        assertEquals(expected / AMP.length, r.overall().relL2(), 1e-6);
        assertEquals(r.overall().relL2(), r.overall().nrmse(), 1e-12, "one channel: nRMSE = rel L2");
        // error (1 - d(T)) A sin at mode 1: fRMSE low = (1 - d) * sqrt(mean A^2) / 2 / 5
        double meanSq = (1 + 0.16 + 4) / 3;
        assertEquals((1 - decay(TIMES - 1)) * Math.sqrt(meanSq) / 2 / 5, r.overall().frmse()[0], 1e-6);
        assertEquals(2.0 * (1 - decay(TIMES - 1)), r.overall().maxError(), 1e-5);
        Map<String, Object> json = r.toMap();
        for (String k : new String[] {"rel_l2", "nrmse", "rmse", "max_error", "samples", "seconds", "frmse_low",
                "frmse_mid", "frmse_high"}) {
            assertTrue(json.containsKey(k), k);
        }
        assertEquals(3, json.get("samples"));
        assertTrue(!json.containsKey("rel_l2_per_step"));
    }

    @Test
    void rolloutErrorsPerStepMatchClosedForm() {
        int window = 2;
        Evaluator.Report r = new Evaluator(persistence(Task.of("next", window)), 3, FrequencyBands.PDEBENCH)
                .evaluate(waves(), new int[] {0, 1, 2}, n -> { });
        int steps = TIMES - window;
        assertEquals(steps, r.perStep().size());
        double pooled = 0;
        for (int s = 0; s < steps; s++) {
            // persistence keeps predicting the last given snapshot, u(window - 1)
            double expected = 0;
            for (double a : AMP) {
                expected += rel(a, window - 1, window + s);
            }
            assertEquals(expected / AMP.length, r.perStep().get(s).relL2(), 1e-6, "step " + (s + 1));
            pooled += expected;
        }
        assertEquals(pooled / (AMP.length * steps), r.overall().relL2(), 1e-6);
        assertTrue(r.perStep().get(steps - 1).relL2() > r.perStep().get(0).relL2(), "errors grow with the step");
        @SuppressWarnings("unchecked")
        List<Object> perStep = (List<Object>) r.toMap().get("rel_l2_per_step");
        assertEquals(steps, perStep.size());
        assertEquals(steps, r.toMap().get("rollout_steps"));
    }

    @Test
    void rejectsDatasetsWithOtherFields() {
        InMemoryFieldSource other = new InMemoryFieldSource(new float[TIMES * NX], 1, TIMES, new int[] {NX},
                new double[] {1.0}, List.of("vorticity"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Evaluator(persistence(Task.of("final", 1)), 1, FrequencyBands.PDEBENCH)
                        .evaluate(other, new int[] {0}, n -> { }));
        assertTrue(e.getMessage().contains("[vorticity]"), e.getMessage());
    }
}
