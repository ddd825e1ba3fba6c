package dev.surrogate.operators.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.BatchIterator;
import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.testing.Synthetic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class TrainingRunTest {
    private static final InMemoryFieldSource DATA = Synthetic.decayingWaves(12, 3, 32, 5);

    @BeforeAll
    static void init() {
        Nd4jRuntime.init(1);
    }

    private static TaskDataset data() {
        int[] all = new int[DATA.sampleCount()];
        java.util.Arrays.setAll(all, i -> i);
        return new TaskDataset(DATA, Task.of("final", 1), all);
    }

    /** A small FNO-1D graph with Adam and decoupled weight decay, initial weights from {@code seed}. */
    private static SurrogateGraph graph(long seed) {
        TaskDataset d = data();
        Nd4j.getRandom().setSeed(seed);
        Fno1d model = new Fno1d(Fno1d.Config.defaults(1, 1).withWidth(8).withModes(4).withLayers(2)
                .withProjectionWidth(16));
        SurrogateGraph g = SurrogateGraph.build(model, Normalizer.fit(d), d.spatialShape());
        TrainingGraph.build(g, new SupervisedObjective(Loss.byName("rel_l2", new double[] {1.0})), d,
                LossCombination.sum(), 0);
        TrainingConfig tc = TrainingConfig.builder().updater(new Adam(1e-2))
                .dataSetFeatureMapping(SurrogateGraph.INPUT).dataSetLabelMapping(SupervisedObjective.TARGET)
                .minimize(TrainingGraph.LOSS).weightDecay(1e-3, true).build();
        g.sameDiff().setTrainingConfig(tc);
        return g;
    }

    private static List<MultiDataSet> batches() {
        BatchIterator it = new BatchIterator(data(), 4, true, 9);
        List<MultiDataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    /** Runs {@code r} with SameDiff's own session executing the steps (the path {@code fit} shares). */
    private static void throughSession(Runnable r) {
        System.setProperty(SurrogateGraph.FORWARD_PROPERTY, "samediff");
        try {
            r.run();
        } finally {
            System.clearProperty(SurrogateGraph.FORWARD_PROPERTY);
        }
    }

    @Test
    void stepsUpdateTheWeightsExactlyAsFitDoes() {
        throughSession(TrainingRunTest::sessionStepsEqualFit);
    }

    @Test
    void executorStepsAgreeWithTheSessionsToRoundOff() {
        List<MultiDataSet> batches = batches();
        SurrogateGraph viaSession = graph(5);
        SurrogateGraph viaExecutor = graph(5);
        double[] sessionLosses = new double[batches.size()];
        throughSession(() -> {
            try (TrainingRun run = new TrainingRun(viaSession.sameDiff())) {
                assertFalse(run.usesExecutor());
                for (int i = 0; i < batches.size(); i++) {
                    sessionLosses[i] = run.step(batches.get(i));
                }
            }
        });
        try (TrainingRun run = new TrainingRun(viaExecutor.sameDiff())) {
            for (int i = 0; i < batches.size(); i++) {
                double loss = run.step(batches.get(i));
                assertEquals(sessionLosses[i], loss, 1e-5 * sessionLosses[i], "loss of batch " + i);
            }
            assertTrue(run.usesExecutor(), "the executor ran the steps");
            assertEquals(0, run.leftoverArrays(), "no session arrays");
            assertEquals(batches.size(), viaExecutor.sameDiff().getTrainingConfig().getIterationCount());
        }
        SurrogateGraph initial = graph(5);
        for (String name : viaSession.weights().keySet()) {
            INDArray a = viaSession.weights().get(name);
            INDArray b = viaExecutor.weights().get(name);
            double moved = a.sub(initial.weights().get(name)).amaxNumber().doubleValue();
            double diff = a.sub(b).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-3 * moved + 1e-7, name + ": differs by " + diff + ", moved by " + moved);
        }
    }

    private static void sessionStepsEqualFit() {
        List<MultiDataSet> batches = batches();
        SurrogateGraph viaFit = graph(5);
        // fit on the gradient graph TrainingRun builds (Nd4jRuntime.createGradients, with its rewrites), so that
        // the comparison is of the step, not of two gradient graphs that agree to round-off
        Nd4jRuntime.createGradients(viaFit.sameDiff());
        // the same seeded iterator gives fit the same batches in the same order
        viaFit.sameDiff().fit(new BatchIterator(data(), 4, true, 9), 1);

        SurrogateGraph viaRun = graph(5);
        try (TrainingRun run = new TrainingRun(viaRun.sameDiff())) {
            for (MultiDataSet b : batches) {
                double loss = run.step(b);
                assertTrue(loss > 0 && Double.isFinite(loss), "relative L2 loss " + loss);
            }
            assertEquals(batches.size(), viaRun.sameDiff().getTrainingConfig().getIterationCount());
        }
        Map<String, INDArray> a = viaFit.weights();
        Map<String, INDArray> b = viaRun.weights();
        assertEquals(a.keySet(), b.keySet());
        boolean moved = false;
        SurrogateGraph initial = graph(5);
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).dup().data().asFloat(), b.get(name).dup().data().asFloat(), 0f, name);
            moved |= !a.get(name).equals(initial.weights().get(name));
        }
        assertTrue(moved, "the steps changed the weights");
    }

    @Test
    void stepReturnsTheLossOfTheBatchBeforeTheUpdate() {
        MultiDataSet b = batches().get(0);
        SurrogateGraph g = graph(2);
        double before = g.sameDiff().output(Map.of(SurrogateGraph.INPUT, b.getFeatures(0), SupervisedObjective.TARGET,
                b.getLabels(0)), TrainingGraph.LOSS).get(TrainingGraph.LOSS).getDouble(0);
        try (TrainingRun run = new TrainingRun(g.sameDiff())) {
            assertEquals(before, run.step(b), 1e-6 * before);
            double second = run.step(b);
            assertTrue(second < before, "a step of Adam lowers the loss of its own batch: " + before + " -> "
                    + second);
        }
    }

    @Test
    void takesBackTheArraysTheSessionLeavesUnreleasedAfterEveryStep() {
        throughSession(TrainingRunTest::sessionLeftoversAreTakenBack);
    }

    private static void sessionLeftoversAreTakenBack() {
        SurrogateGraph g = graph(3);
        try (TrainingRun run = new TrainingRun(g.sameDiff())) {
            List<MultiDataSet> batches = batches();
            run.step(batches.get(0));
            long afterOne = run.leftoverArrays();
            run.step(batches.get(1));
            // weight gradients are such arrays in ND4J 1.0.0-M2.1: without this they waited for the GC
            assertTrue(afterOne > 0, "leftovers of the first step taken back");
            assertTrue(run.leftoverArrays() > afterOne, "and of the second");
            assertTrue(run.leftoverBytes() > 0);
        }
    }

    @Test
    void rejectsGraphsWithoutTrainingConfigurationAndBatchesOfTheWrongArity() {
        SameDiff bare = SameDiff.create();
        assertThrows(IllegalArgumentException.class, () -> new TrainingRun(bare));
        SurrogateGraph g = graph(1);
        try (TrainingRun run = new TrainingRun(g.sameDiff())) {
            MultiDataSet b = batches().get(0);
            MultiDataSet featuresOnly = new org.nd4j.linalg.dataset.MultiDataSet(b.getFeatures(), new INDArray[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.step(featuresOnly));
            assertTrue(e.getMessage().contains("label"), e.getMessage());
        }
    }

    @Test
    void capturedGradientsAppliedByHandEqualTheFusedStepExactly() {
        List<MultiDataSet> batches = batches();
        SurrogateGraph fused = graph(7);
        SurrogateGraph manual = graph(7);
        try (TrainingRun a = new TrainingRun(fused.sameDiff()); TrainingRun b = new TrainingRun(manual.sameDiff())) {
            for (MultiDataSet batch : batches) {
                Map<String, INDArray> ph = Map.of(SurrogateGraph.INPUT, batch.getFeatures(0),
                        SupervisedObjective.TARGET, batch.getLabels(0));
                double before = a.step(ph)[0];
                Map<String, INDArray> grads = new java.util.HashMap<>();
                double captured = b.gradients(ph, grads)[0];
                assertEquals(before, captured, 0, "the same forward pass");
                assertEquals(manual.weights().keySet(), grads.keySet(), "a gradient for every weight");
                b.applyUpdate(grads);
            }
        }
        for (String name : fused.weights().keySet()) {
            assertEquals(fused.weights().get(name), manual.weights().get(name), name + " bit-identical");
        }
        assertEquals(fused.sameDiff().getTrainingConfig().getIterationCount(),
                manual.sameDiff().getTrainingConfig().getIterationCount());
    }

    @Test
    void iterationArraysReusesLeftoversForOneIterationAndClosesThemAfter() {
        IterationArrays m = new IterationArrays();
        INDArray leftover = m.allocate(false, DataType.FLOAT, 4, 4);
        INDArray released = m.allocate(false, DataType.FLOAT, 8);
        m.release(released);
        m.endIteration();
        assertFalse(leftover.wasClosed(), "a leftover is kept as a spare");
        assertEquals(1, m.spareCount());
        assertEquals(1, m.leftoverArrays());
        assertEquals(16L * Float.BYTES, m.leftoverBytes());

        // next iteration: the spare and the released (cached) array are handed out again
        assertSame(leftover, m.allocate(false, DataType.FLOAT, 4, 4));
        assertSame(released, m.allocate(false, DataType.FLOAT, 8));
        INDArray other = m.allocate(false, DataType.FLOAT, 3);
        m.release(leftover);
        m.release(released);
        m.release(other);
        m.endIteration();
        assertEquals(0, m.spareCount(), "everything was released");

        // a spare nobody takes is closed at the end of the following iteration
        INDArray unused = m.allocate(false, DataType.FLOAT, 5, 5);
        m.endIteration();
        m.allocate(false, DataType.FLOAT, 2, 2);
        m.endIteration();
        assertTrue(unused.wasClosed(), "spare not reused in the next iteration: closed");
        assertEquals(1, m.spareCount(), "only the last iteration's leftover is kept");

        // a late release of a closed array is ignored instead of putting freed memory into the cache
        assertDoesNotThrow(() -> m.release(unused));
        assertFalse(m.allocate(false, DataType.FLOAT, 5, 5).wasClosed());
        m.close();
        assertTrue(released.wasClosed(), "close frees the cache");
        assertEquals(0, m.spareCount());
    }
}
