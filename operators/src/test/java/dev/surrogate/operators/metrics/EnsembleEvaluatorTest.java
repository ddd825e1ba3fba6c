package dev.surrogate.operators.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.random.RandomStream;
import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.forecast.ForecastSeeds;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EnsembleEvaluatorTest {
    private static final int NX = 16;
    private static final int TIMES = 4;
    private static final int SAMPLES = 100;
    private static final double SIGMA = 0.1;

    /** Random walks {@code u(t + 1) = u(t) + SIGMA xi} at every point, independently. */
    private static InMemoryFieldSource randomWalks() {
        RandomStream rng = new Xoshiro256StarStar(42);
        float[] data = new float[SAMPLES * TIMES * NX];
        for (int s = 0; s < SAMPLES; s++) {
            for (int i = 0; i < NX; i++) {
                double u = Math.sin(2 * Math.PI * i / NX) + s * 0.01;
                for (int t = 0; t < TIMES; t++) {
                    data[(s * TIMES + t) * NX + i] = (float) u;
                    u += SIGMA * rng.nextGaussian();
                }
            }
        }
        return new InMemoryFieldSource(data, SAMPLES, TIMES, new int[] {NX}, new double[] {1.0}, List.of("u"));
    }

    /**
     * The true conditional law of the random walk one step ahead: persistence plus N(0, (scale SIGMA)^2), drawn
     * from (seed, global index, member, step) as the interface requires.
     */
    private record NoisyPersistence(double scale) implements ProbabilisticForecaster {
        @Override
        public String method() {
            return "noisy_persistence";
        }

        private INDArray step(INDArray window, long[] keys, int step) {
            float[] v = window.dup('c').data().asFloat();
            int per = v.length / keys.length;
            for (int b = 0; b < keys.length; b++) {
                RandomStream r = new Xoshiro256StarStar(ForecastSeeds.draw(keys[b], step, ForecastSeeds.GAUSSIAN));
                for (int j = b * per; j < (b + 1) * per; j++) {
                    v[j] += (float) (scale * SIGMA * r.nextGaussian());
                }
            }
            return Nd4j.create(v, window.shape(), 'c');
        }

        @Override
        public INDArray forecast(INDArray input, long[] inputIndices, int member, long seed) {
            return step(input, ForecastSeeds.members(seed, inputIndices, member), 0);
        }

        @Override
        public INDArray rollout(INDArray window, long[] inputIndices, int member, int steps, long seed) {
            long[] keys = ForecastSeeds.members(seed, inputIndices, member);
            INDArray out = Nd4j.create(window.dataType(), window.size(0), steps, 1, NX);
            INDArray current = window;
            for (int s = 0; s < steps; s++) {
                current = step(current, keys, s);
                for (int b = 0; b < window.size(0); b++) {
                    for (int i = 0; i < NX; i++) {
                        out.putScalar(new long[] {b, s, 0, i}, current.getDouble(b, 0, i));
                    }
                }
            }
            return out;
        }
    }

    private static int[] all() {
        int[] s = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            s[i] = i;
        }
        return s;
    }

    private static long[] global() {
        long[] g = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            g[i] = 500 + i;
        }
        return g;
    }

    private static EnsembleEvaluator.Report run(double scale, Task task, int k, int batch) {
        return new EnsembleEvaluator(new NoisyPersistence(scale), task, List.of("u"), k, 3, batch,
                FrequencyBands.PDEBENCH).evaluate(randomWalks(), all(), global(), n -> { });
    }

    @Test
    void scoresOfTheTrueConditionalLawAreCalibratedAtEveryRolloutStep() {
        int k = 16;
        EnsembleEvaluator.Report r = run(1, Task.of("next", 1), k, 7);
        assertEquals(TIMES - 1, r.perStep().size());
        long points = (long) SAMPLES * NX;
        for (int s = 0; s < TIMES - 1; s++) {
            EnsembleScores e = r.perStep().get(s);
            assertEquals(points, e.points());
            // calibrated at step s + 1: truth and members are both u0 + N(0, (s + 1) SIGMA^2)
            assertEquals(1.0, e.spreadSkill(), 0.1, "spread-skill at step " + (s + 1));
            double expected90 = 0.9 * (k - 1.0) / (k + 1.0);
            assertEquals(expected90, e.coverage90(), 5 * Math.sqrt(expected90 * (1 - expected90) / points),
                    "coverage_90 at step " + (s + 1));
            // sharpness grows like sqrt(step): E s = c4 sigma_s, c4(16) = 0.9835
            assertEquals(0.9835 * SIGMA * Math.sqrt(s + 1), e.sharpness(), 0.05 * SIGMA * Math.sqrt(s + 1));
        }
        assertEquals(3L * points, r.overall().points());
        Map<String, Object> json = r.toMap();
        for (String key : new String[] {"rel_l2", "nrmse", "rmse", "max_error", "samples", "seconds", "crps", "nll",
            "coverage_50", "coverage_90", "coverage_95", "spread_skill", "sharpness", "samples_per_input",
            "forecaster", "crps_per_step", "spread_skill_per_step", "rel_l2_per_step"}) {
            assertTrue(json.containsKey(key), key + " in " + json.keySet());
        }
        assertEquals(k, json.get("samples_per_input"));
        assertEquals(SAMPLES, json.get("samples"));
        assertEquals(3, ((List<?>) json.get("crps_per_step")).size());
    }

    @Test
    void anOverConfidentForecasterIsToldApart() {
        EnsembleEvaluator.Report narrow = run(0.3, Task.of("next", 1), 16, 20);
        EnsembleEvaluator.Report calibrated = run(1, Task.of("next", 1), 16, 20);
        assertTrue(narrow.overall().spreadSkill() < 0.5, "spread-skill " + narrow.overall().spreadSkill());
        assertTrue(narrow.overall().coverage90() < 0.5, "coverage_90 " + narrow.overall().coverage90());
        assertTrue(narrow.overall().crps() > calibrated.overall().crps(), "CRPS is proper");
        assertTrue(narrow.overall().nll() > calibrated.overall().nll(), "NLL is proper");
    }

    @Test
    void theReportDoesNotDependOnTheBatchSizeAndAgreesWithScoringByHand() {
        int k = 4;
        Task task = Task.of("final", 1);
        EnsembleEvaluator.Report a = run(1, task, k, 1);
        EnsembleEvaluator.Report b = run(1, task, k, 13);
        assertEquals(a.overall().crps(), b.overall().crps(), 0);
        assertEquals(a.overall().nll(), b.overall().nll(), 0);
        assertEquals(a.mean().overall().rmse(), b.mean().overall().rmse(), 0);

        // by hand: final task, truth at the last snapshot, members drawn one sample at a time
        InMemoryFieldSource data = randomWalks();
        NoisyPersistence f = new NoisyPersistence(1);
        EnsembleScores scores = new EnsembleScores(k);
        FieldMetrics mean = FieldMetrics.pdebench(1, new int[] {NX}, new double[] {1});
        float[] u0 = new float[NX];
        float[] truth = new float[NX];
        for (int s = 0; s < SAMPLES; s++) {
            data.read(s, 0, 0, u0, 0);
            data.read(s, TIMES - 1, 0, truth, 0);
            float[][] members = new float[k][];
            float[] m = new float[NX];
            for (int j = 0; j < k; j++) {
                members[j] = f.forecast(Nd4j.create(u0, new long[] {1, 1, NX}, 'c'), new long[] {500 + s}, j, 3)
                        .data().asFloat();
                for (int i = 0; i < NX; i++) {
                    m[i] += members[j][i] / k;
                }
            }
            scores.add(members, 0, truth, 0, NX);
            mean.add(m, truth, 0);
        }
        assertEquals(scores.crps(), a.overall().crps(), 1e-12);
        assertEquals(scores.coverage50(), a.overall().coverage50(), 0);
        assertEquals(scores.spreadSkill(), a.overall().spreadSkill(), 1e-12);
        assertEquals(mean.rmse(), a.mean().overall().rmse(), 1e-6);
        assertTrue(a.perStep().isEmpty());
    }

    @Test
    void rejectsTooFewMembersAndMismatchedIndices() {
        assertThrows(IllegalArgumentException.class, () -> new EnsembleEvaluator(new NoisyPersistence(1),
                Task.of("final", 1), List.of("u"), 1, 0, 4, FrequencyBands.PDEBENCH));
        EnsembleEvaluator e = new EnsembleEvaluator(new NoisyPersistence(1), Task.of("final", 1), List.of("v"), 2,
                0, 4, FrequencyBands.PDEBENCH);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> e.evaluate(randomWalks(), all(), global(), n -> { }));
        assertTrue(ex.getMessage().contains("fields"), ex.getMessage());
        EnsembleEvaluator ok = new EnsembleEvaluator(new NoisyPersistence(1), Task.of("final", 1), List.of("u"), 2,
                0, 4, FrequencyBands.PDEBENCH);
        assertThrows(IllegalArgumentException.class, () -> ok.evaluate(randomWalks(), all(), new long[3], n -> { }));
    }
}
