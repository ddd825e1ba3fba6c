package dev.surrogate.operators.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.testing.Synthetic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Data-parallel steps: the size-weighted mean of the parts' gradients is the whole batch's gradient (the loss is a
 * mean over examples), a run with replicas is deterministic, and the trainer gives ND4J its threads back.
 */
class DataParallelTest {
    private static final InMemoryFieldSource DATA = Synthetic.decayingWaves(40, 3, 32, 7);
    private static final SampleSplit SPLIT = SampleSplit.holdOutLast(40, 0.25);
    private static final Fno1d.Config SMALL = Fno1d.Config.defaults(1, 1).withWidth(8).withModes(4).withLayers(2)
            .withProjectionWidth(16);
    @TempDir
    Path tmp;

    @BeforeAll
    static void init() {
        Nd4jRuntime.init(1);
    }

    private static TaskDataset train() {
        return new TaskDataset(DATA, Task.of("final", 1), SPLIT.train());
    }

    private static SurrogateGraph graph(long seed, Objective objective) {
        TaskDataset d = train();
        Nd4j.getRandom().setSeed(seed);
        SurrogateGraph g = SurrogateGraph.build(new Fno1d(SMALL), Normalizer.fit(d), d.spatialShape());
        TrainingGraph.build(g, objective, d, LossCombination.sum(), 0);
        g.sameDiff().setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-2))
                .dataSetFeatureMapping(SurrogateGraph.INPUT).dataSetLabelMapping(SupervisedObjective.TARGET)
                .minimize(TrainingGraph.LOSS).build());
        return g;
    }

    @Test
    void theWeightedMeanOfThePartsGradientsIsTheWholeBatchsGradient() {
        Objective objective = new SupervisedObjective(Loss.byName("rel_l2", new double[] {1.0}));
        TaskDataset d = train();
        int[] examples = {3, 17, 5, 0, 22, 9, 14};
        Objective.BatchContext context = new Objective.BatchContext(1, 0, true);
        SurrogateGraph whole = graph(4, objective);
        Map<String, INDArray> expected = new TreeMap<>();
        double expectedLoss;
        try (TrainingRun run = new TrainingRun(whole.sameDiff())) {
            expectedLoss = run.gradients(objective.batch(d, examples, context), expected)[0];
        }
        // the replicas start from other weights: the step must hand them the first graph's
        SurrogateGraph first = graph(4, objective);
        List<SurrogateGraph> others = List.of(graph(11, objective), graph(12, objective));
        List<TrainingRun> runs = new ArrayList<>();
        for (SurrogateGraph o : others) {
            runs.add(new TrainingRun(o.sameDiff()));
        }
        Map<String, INDArray> actual = new LinkedHashMap<>();
        double loss;
        try (TrainingRun run = new TrainingRun(first.sameDiff());
                DataParallel parallel = new DataParallel(run, runs)) {
            List<int[]> parts = parallel.split(examples);
            assertEquals(3, parts.size());
            assertArrayEquals(new int[] {3, 17}, parts.get(0));
            assertArrayEquals(new int[] {5, 0}, parts.get(1));
            assertArrayEquals(new int[] {22, 9, 14}, parts.get(2));
            List<Map<String, INDArray>> placeholders = new ArrayList<>();
            for (int[] p : parts) {
                placeholders.add(objective.batch(d, p, context));
            }
            loss = parallel.gradients(placeholders, new int[] {2, 2, 3}, actual)[0];
        }
        assertEquals(expectedLoss, loss, 1e-6 * expectedLoss);
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            float[] e = expected.get(name).dup().data().asFloat();
            float[] a = actual.get(name).dup().data().asFloat();
            double scale = 0;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0, name + " has a zero gradient");
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-5 * scale, name + "[" + i + "]");
            }
        }
    }

    private Trainer trainer(int epochs, int replicas) {
        TrainingSettings s = new TrainingSettings(epochs, 8, 1e-2, 1e-4, LrSchedule.of("cosine", epochs), 3);
        return new Trainer(new Fno1d(SMALL), Loss.byName("rel_l2", new double[] {1.0}), Normalizer.fit(train()), s)
                .withReplicas(replicas);
    }

    @Test
    void aRunOnSeveralGraphsIsDeterministicFollowsTheOneGraphRunAndReturnsTheThreads() {
        int threads = Nd4jRuntime.threads();
        ModelDirectory a = new ModelDirectory(tmp.resolve("a"));
        ModelDirectory b = new ModelDirectory(tmp.resolve("b"));
        ModelDirectory one = new ModelDirectory(tmp.resolve("one"));
        List<EpochRecord> ha = trainer(2, 3).train(train(), null, a, new TrainingListener() { });
        assertEquals(threads, Nd4jRuntime.threads(), "ND4J's thread count is restored");
        List<EpochRecord> hb = trainer(2, 3).train(train(), null, b, new TrainingListener() { });
        List<EpochRecord> h1 = trainer(2, 1).train(train(), null, one, new TrainingListener() { });
        for (String name : a.readWeights().keySet()) {
            assertEquals(a.readWeights().get(name), b.readWeights().get(name), name);
        }
        assertEquals(ha.get(1).trainLoss(), hb.get(1).trainLoss(), 0.0);
        // the first batch's loss is computed before any update, the later ones after updates equal to round-off
        // (Adam divides by the gradient's size, so a component near zero can take a different step)
        for (int e = 0; e < 2; e++) {
            assertEquals(h1.get(e).trainLoss(), ha.get(e).trainLoss(), 1e-3 * h1.get(e).trainLoss(), "epoch " + e);
        }
        assertThrows(IllegalArgumentException.class, () -> trainer(1, -1));
    }
}
