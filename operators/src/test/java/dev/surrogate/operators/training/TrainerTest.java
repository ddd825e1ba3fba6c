package dev.surrogate.operators.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.testing.PointwiseMlp;
import dev.surrogate.operators.testing.Synthetic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void register() {
        PointwiseMlp.register();
    }

    private static final InMemoryFieldSource DATA = Synthetic.decayingWaves(40, 3, 32, 7);
    private static final SampleSplit SPLIT = SampleSplit.holdOutLast(40, 0.25);

    private static TaskDataset train() {
        return new TaskDataset(DATA, Task.of("final", 1), SPLIT.train());
    }

    private static TaskDataset val() {
        return new TaskDataset(DATA, Task.of("final", 1), SPLIT.validation());
    }

    private static Trainer trainer(int epochs, long seed) {
        TrainingSettings s = new TrainingSettings(epochs, 8, 1e-2, 1e-4, LrSchedule.of("cosine", epochs), seed);
        return new Trainer(new PointwiseMlp(1, 16, 1, 1), Loss.byName("rel_l2", new double[] {1.0}),
                Normalizer.fit(train()), s);
    }

    @Test
    void trainingReducesLossAndWritesTheModelDirectory() throws Exception {
        ModelDirectory dir = new ModelDirectory(tmp.resolve("m"));
        List<String> events = new ArrayList<>();
        List<EpochRecord> h = trainer(12, 3).train(train(), val(), dir, new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int epochs, int batches) {
                events.add("start " + epoch + "/" + epochs + " " + batches);
            }

            @Override
            public void epochDone(EpochRecord r) {
                events.add("done " + r.epoch());
            }
        });
        assertEquals(12, h.size());
        assertEquals("start 1/12 4", events.get(0)); // 30 training pairs in batches of 8
        assertEquals("done 12", events.get(events.size() - 1));
        double first = h.get(0).trainLoss();
        double last = h.get(11).validationLoss();
        assertTrue(last < 0.2 * first, "validation loss " + last + " should be far below the first train loss "
                + first);
        assertEquals(1e-2, h.get(0).learningRate(), 1e-12);
        assertTrue(h.get(11).learningRate() < h.get(5).learningRate(), "cosine schedule decays");
        for (String f : new String[] {ModelDirectory.CONFIG, ModelDirectory.WEIGHTS, ModelDirectory.HISTORY,
                ModelDirectory.CHECKPOINT}) {
            assertTrue(Files.isRegularFile(dir.file(f)), f);
        }
        List<String> csv = Files.readAllLines(dir.file(ModelDirectory.HISTORY));
        assertEquals(EpochRecord.CSV_HEADER, csv.get(0));
        assertEquals(13, csv.size());
        try (var s = Files.list(dir.path())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
        ModelConfig c = dir.readConfig();
        assertEquals(PointwiseMlp.TYPE, c.modelType());
        assertEquals("final", c.task().name());
        assertEquals("rel_l2", c.loss());
        assertEquals(12, c.training().epochs());
        assertArrayEquals(new int[] {32}, c.trainedShape());

        // the predictor reproduces the validation loss from the saved files alone
        Predictor p = Predictor.load(dir.path());
        TaskDataset v = val();
        float[] x = new float[v.size() * v.inputSize()];
        float[] y = new float[v.size() * v.outputSize()];
        for (int i = 0; i < v.size(); i++) {
            v.fill(i, x, i * v.inputSize(), y, i * v.outputSize());
        }
        INDArray pred = p.predict(Nd4j.create(x, new long[] {v.size(), 1, 32}, 'c'));
        double rel = 0;
        for (int i = 0; i < v.size(); i++) {
            double num = 0;
            double den = 0;
            for (int j = 0; j < 32; j++) {
                double t = y[i * 32 + j];
                double d = pred.getDouble(i, 0, j) - t;
                num += d * d;
                den += t * t;
            }
            rel += Math.sqrt(num / den);
        }
        assertEquals(h.get(11).validationLoss(), rel / v.size(), 1e-5);
    }

    @Test
    void predictorEvaluatesAtAnotherResolution() {
        ModelDirectory dir = new ModelDirectory(tmp.resolve("sr"));
        trainer(10, 5).train(train(), null, dir, new TrainingListener() { });
        Predictor p = Predictor.load(dir.path());
        // u_T = (u_0 - c) / 2 + c is pointwise, so the same weights work on a 4x finer grid
        InMemoryFieldSource fine = Synthetic.decayingWaves(5, 3, 128, 99);
        TaskDataset f = new TaskDataset(fine, Task.of("final", 1), new int[] {0, 1, 2, 3, 4});
        float[] x = new float[f.size() * f.inputSize()];
        float[] y = new float[f.size() * f.outputSize()];
        for (int i = 0; i < f.size(); i++) {
            f.fill(i, x, i * f.inputSize(), y, i * f.outputSize());
        }
        INDArray pred = p.predict(Nd4j.create(x, new long[] {5, 1, 128}, 'c'));
        assertArrayEquals(new long[] {5, 1, 128}, pred.shape());
        double maxErr = 0;
        for (int i = 0; i < y.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(pred.getDouble(i) - y[i]));
        }
        assertTrue(maxErr < 0.1, "max error at nx = 128: " + maxErr);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.predict(Nd4j.zeros(2, 3, 16)));
        assertTrue(e.getMessage().contains("[2, 3, 16]"), e.getMessage());
    }

    @Test
    void resumeAfterTwoEpochsEqualsFourEpochsStraight() {
        ModelDirectory straight = new ModelDirectory(tmp.resolve("straight"));
        List<EpochRecord> full = trainer(4, 11).train(train(), val(), straight, new TrainingListener() { });

        ModelDirectory split = new ModelDirectory(tmp.resolve("split"));
        // a run configured for 4 epochs that dies after epoch 2 ...
        RuntimeException killed = assertThrows(RuntimeException.class, () -> trainer(4, 11).train(train(), val(),
                split, new TrainingListener() {
                    @Override
                    public void epochDone(EpochRecord r) {
                        if (r.epoch() == 2) {
                            throw new RuntimeException("simulated kill");
                        }
                    }
                }));
        assertEquals("simulated kill", killed.getMessage());
        assertEquals(2, split.readCheckpoint().epochsDone());
        // ... resumed by a fresh trainer rebuilt from the directory alone
        List<EpochRecord> resumed = Trainer.fromDirectory(split, null).resume(train(), val(), split,
                new TrainingListener() { });
        assertEquals(4, resumed.size());
        for (int e = 0; e < 4; e++) {
            assertEquals(full.get(e).trainLoss(), resumed.get(e).trainLoss(), 0, "train loss epoch " + (e + 1));
            assertEquals(full.get(e).validationLoss(), resumed.get(e).validationLoss(), 0, "val loss " + (e + 1));
        }
        Map<String, INDArray> a = straight.readWeights();
        Map<String, INDArray> b = split.readWeights();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertEquals(a.get(k), b.get(k), "weights of " + k + " are bit-identical");
        }
        Checkpoint ca = straight.readCheckpoint();
        Checkpoint cb = split.readCheckpoint();
        assertEquals(ca.iteration(), cb.iteration());
        for (String k : ca.updaterState().keySet()) {
            assertEquals(ca.updaterState().get(k), cb.updaterState().get(k), "Adam state of " + k);
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        ModelDirectory a = new ModelDirectory(tmp.resolve("a"));
        ModelDirectory b = new ModelDirectory(tmp.resolve("b"));
        ModelDirectory c = new ModelDirectory(tmp.resolve("c"));
        trainer(2, 1).train(train(), null, a, new TrainingListener() { });
        trainer(2, 1).train(train(), null, b, new TrainingListener() { });
        trainer(2, 2).train(train(), null, c, new TrainingListener() { });
        assertEquals(a.readWeights().get("mlp_w1"), b.readWeights().get("mlp_w1"));
        assertTrue(!a.readWeights().get("mlp_w1").equals(c.readWeights().get("mlp_w1")));
    }

    @Test
    void heteroscedasticModelTrainsWithGaussianNllAndPredictsAVariance() {
        ModelDirectory dir = new ModelDirectory(tmp.resolve("hetero"));
        TrainingSettings s = new TrainingSettings(6, 8, 1e-2, 0, LrSchedule.of("constant", 6), 4);
        List<EpochRecord> h = new Trainer(new PointwiseMlp(1, 16, 1, 1, true), Loss.byName("gaussian_nll",
                new double[] {1}), Normalizer.fit(train()), s).train(train(), val(), dir, new TrainingListener() { });
        assertTrue(h.get(5).trainLoss() < h.get(0).trainLoss(), "NLL decreases: " + h);
        Predictor p = Predictor.load(dir.path());
        assertTrue(p.heteroscedastic());
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 32);
        INDArray[] mv = p.predictMeanAndLogVariance(x);
        assertArrayEquals(new long[] {3, 1, 32}, mv[0].shape());
        assertArrayEquals(new long[] {3, 1, 32}, mv[1].shape());
        assertEquals(p.predict(x), mv[0]);
    }

    @Test
    void rejectsMismatchedData() {
        TrainingSettings s = TrainingSettings.defaults(1, 0);
        Trainer t = new Trainer(new PointwiseMlp(2, 4, 1, 1), Loss.byName("mse", new double[] {1}),
                Normalizer.identity(2, 1), s);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.train(train(), null, new ModelDirectory(tmp.resolve("bad")), new TrainingListener() { }));
        assertTrue(e.getMessage().contains("1 input / 1 output channels"), e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> trainer(1, 0).resume(train(), null, new ModelDirectory(tmp.resolve("none")),
                        new TrainingListener() { }));
        assertTrue(r.getMessage().contains("nothing to resume"), r.getMessage());
    }
}
