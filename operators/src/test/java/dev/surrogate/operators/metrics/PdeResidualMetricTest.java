package dev.surrogate.operators.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.testing.Persistence;
import dev.surrogate.operators.training.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pde_residual}: 1 for the truth itself, large for a forecast that ignores the dynamics. */
class PdeResidualMetricTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        Nd4jRuntime.init();
        data = dir.resolve("b.nc");
        BurgersSettings s = BurgersSettings.defaults().withNx(32).withTimes(0.4, 9)
                .withInitialCondition(BurgersSettings.InitialCondition.COLE_HOPF);
        new DatasetGenerator(new BurgersProblem(s), DatasetGenerator.Settings.of(3, 1).withThreads(1))
                .generate(data, ProgressListener.NONE);
    }

    @Test
    void theTruthAsPredictionScoresExactlyOne() throws IOException {
        try (NetcdfFieldSource src = NetcdfFieldSource.open(data, List.of("u"))) {
            int window = 3;
            PdeResidualMetric metric = PdeResidualMetric.forRollouts(src, src.reader(), Task.of("next", window),
                    List.of("u"), 4, note -> { throw new AssertionError(note); }).orElseThrow();
            int steps = src.timeCount() - window;
            int p = src.points();
            for (int s = 0; s < src.sampleCount(); s++) {
                float[] pred = new float[steps * p];
                for (int k = 0; k < steps; k++) {
                    src.read(s, window + k, 0, pred, k * p);
                }
                metric.rollout(s, pred, 0, steps);
            }
            assertEquals(1.0, metric.ratio(), 1e-12);
            assertTrue(metric.trueResidual() > 0 && metric.trueResidual() < 0.05, "floor " + metric.trueResidual());
            Map<String, Object> m = metric.toMap();
            assertEquals(1.0, (Double) m.get("pde_residual"), 1e-12);
            assertTrue(((String) m.get("pde_residual_discretisation")).contains("4th-order"));
        }
    }

    /** Persistence (u stays at its last input value) has u_t = 0 where u u_x - nu u_xx is not: far from physical. */
    @Test
    void persistenceRolloutsAreFarLessPhysicalThanTheData() throws IOException {
        Task task = Task.of("next", 2);
        Persistence model = new Persistence(2, 1, 1);
        Predictor predictor = model.predictor(task, List.of("u"), new int[] {32});
        try (NetcdfFieldSource src = NetcdfFieldSource.open(data, List.of("u"))) {
            PdeResidualMetric metric = PdeResidualMetric.forRollouts(src, src.reader(), task, List.of("u"), 4,
                    note -> { throw new AssertionError(note); }).orElseThrow();
            new Evaluator(predictor, 2, FrequencyBands.PDEBENCH).onRollout(metric).evaluate(src, new int[] {0, 1, 2},
                    done -> { });
            assertTrue(metric.ratio() > 10, "persistence scored " + metric.ratio());
        }
    }

    @Test
    void notAvailableWhereItCannotBeMeasured() throws IOException {
        try (NetcdfFieldSource src = NetcdfFieldSource.open(data, List.of("u"))) {
            List<String> notes = new ArrayList<>();
            assertTrue(PdeResidualMetric.forRollouts(src, src.reader(), Task.of("final", 1), List.of("u"), 4,
                    notes::add).isEmpty());
            assertTrue(notes.isEmpty(), "a single predicted snapshot needs no explanation");
            Optional<PdeResidualMetric> m = PdeResidualMetric.forRollouts(src, src.reader(), Task.of("next", 2),
                    List.of("w"), 4, notes::add);
            assertTrue(m.isEmpty());
            assertEquals(1, notes.size());
            assertTrue(notes.get(0).contains("[u]"), notes.get(0));
        }
    }
}
