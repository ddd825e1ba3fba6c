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
import dev.surrogate.operators.testing.PointwiseMlp;
import dev.surrogate.operators.testing.Synthetic;
import dev.surrogate.operators.testing.TwoTermObjective;
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
        // one ND4J thread as in the rest of the suite: with ND4J's default threads (this class run alone) the
        // fused and the rule's gradients differ in round-off, which Adam's first steps amplify on near-zero entries
        Nd4jRuntime.init(1);
        PointwiseMlp.register();
        TwoTermObjective.register();
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
        assertEquals(SupervisedObjective.TYPE, c.objectiveType());
        assertEquals("rel_l2", ((SupervisedObjective) c.buildObjective()).loss().name());
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

    private static Trainer twoTerms(String mode, LossCombination combination, int epochs, long seed) {
        TrainingSettings s = new TrainingSettings(epochs, 8, 1e-2, 1e-3, LrSchedule.of("step", epochs), seed,
                combination);
        TwoTermObjective o = new TwoTermObjective(mode);
        return new Trainer(new PointwiseMlp(1, 16, 1, 1), o, o.fitNormalizer(train()), s);
    }

    @Test
    void aTwoTermObjectiveUnderConfigWritesAColumnPerTermAndResumesBitIdentically() throws Exception {
        ModelDirectory straight = new ModelDirectory(tmp.resolve("config-straight"));
        List<EpochRecord> full = twoTerms("shrink", new ConflictFreeGradient(), 4, 21).train(train(), val(),
                straight, new TrainingListener() { });
        List<String> csv = Files.readAllLines(straight.file(ModelDirectory.HISTORY));
        assertEquals("epoch,train_loss,val_loss,lr,seconds,train_data,val_data,train_shrink,val_shrink", csv.get(0));
        EpochRecord last = full.get(3);
        assertEquals(last.trainTerms().get("data") + last.trainTerms().get("shrink"), last.trainLoss(), 1e-12,
                "under a gradient rule the loss column is the plain sum of the terms");
        assertTrue(last.trainTerms().get("data") < full.get(0).trainTerms().get("data"), "data term falls: " + full);
        ModelConfig c = straight.readConfig();
        assertEquals(TwoTermObjective.TYPE, c.objectiveType());
        assertTrue(c.training().combination() instanceof ConflictFreeGradient);

        ModelDirectory split = new ModelDirectory(tmp.resolve("config-split"));
        assertThrows(RuntimeException.class, () -> twoTerms("shrink", new ConflictFreeGradient(), 4, 21)
                .train(train(), val(), split, new TrainingListener() {
                    @Override
                    public void epochDone(EpochRecord r) {
                        if (r.epoch() == 2) {
                            throw new RuntimeException("simulated kill");
                        }
                    }
                }));
        // rebuilt from the directory alone: objective (a registered test type) and gradient rule included
        Trainer resumed = Trainer.fromDirectory(split, null);
        assertTrue(resumed.objective() instanceof TwoTermObjective);
        List<EpochRecord> h = resumed.resume(train(), val(), split, new TrainingListener() { });
        for (int e = 0; e < 4; e++) {
            assertEquals(full.get(e).trainTerms(), h.get(e).trainTerms(), "epoch " + (e + 1));
            assertEquals(full.get(e).validationTerms(), h.get(e).validationTerms(), "epoch " + (e + 1));
        }
        Map<String, INDArray> a = straight.readWeights();
        Map<String, INDArray> b = split.readWeights();
        for (String k : a.keySet()) {
            assertEquals(a.get(k), b.get(k), "weights of " + k + " are bit-identical");
        }
    }

    @Test
    void aCurriculumRebuildsTheGraphAtItsStageAndResumesExactlyInEitherStage() {
        ModelDirectory straight = new ModelDirectory(tmp.resolve("staged"));
        List<EpochRecord> full = twoTerms("staged", LossCombination.sum(), 4, 8).train(train(), val(), straight,
                new TrainingListener() { });
        // stage 1 doubles the shrink term: the validation value jumps by about 2 between epochs 2 and 3
        double ratio = full.get(2).validationTerms().get("shrink") / full.get(1).validationTerms().get("shrink");
        assertTrue(ratio > 1.6 && ratio < 2.5, "stage change seen in the shrink term: ratio " + ratio);
        for (int killAfter : new int[] {1, 3}) {
            ModelDirectory split = new ModelDirectory(tmp.resolve("staged-" + killAfter));
            assertThrows(RuntimeException.class, () -> twoTerms("staged", LossCombination.sum(), 4, 8).train(train(),
                    val(), split, new TrainingListener() {
                        @Override
                        public void epochDone(EpochRecord r) {
                            if (r.epoch() == killAfter) {
                                throw new RuntimeException("simulated kill");
                            }
                        }
                    }));
            List<EpochRecord> h = Trainer.fromDirectory(split, null).resume(train(), val(), split,
                    new TrainingListener() { });
            for (int e = 0; e < 4; e++) {
                assertEquals(full.get(e).trainTerms(), h.get(e).trainTerms(), "killed after " + killAfter + ", epoch "
                        + (e + 1));
            }
            Map<String, INDArray> a = straight.readWeights();
            Map<String, INDArray> b = split.readWeights();
            for (String k : a.keySet()) {
                assertEquals(a.get(k), b.get(k), "killed after " + killAfter + ": " + k + " bit-identical");
            }
        }
    }

    @Test
    void aGradientRuleOnTwoCopiesOfOneLossMatchesTheFusedBackwardPass() {
        // ConFIG of two equal gradients g is 2 g, which the fixed weights (1, 1) give in one backward pass: the
        // captured gradients, the rule and the hand-applied Adam + weight decay must reproduce the fused step
        ModelDirectory rule = new ModelDirectory(tmp.resolve("rule"));
        ModelDirectory fused = new ModelDirectory(tmp.resolve("fused"));
        twoTerms("same", new ConflictFreeGradient(), 3, 5).train(train(), null, rule, new TrainingListener() { });
        twoTerms("same", LossCombination.sum(), 3, 5).train(train(), null, fused, new TrainingListener() { });
        Map<String, INDArray> a = rule.readWeights();
        Map<String, INDArray> b = fused.readWeights();
        for (String k : a.keySet()) {
            double scale = b.get(k).norm2Number().doubleValue();
            double diff = a.get(k).sub(b.get(k)).norm2Number().doubleValue();
            assertTrue(diff <= 1e-5 * scale, k + ": |rule - fused| = " + diff + " of " + scale);
        }
    }

    @Test
    void extendingARunReplansTheScheduleToTheNewEnd() {
        for (String schedule : new String[] {"cosine", "step"}) {
            ModelDirectory dir = new ModelDirectory(tmp.resolve("extend-" + schedule));
            TrainingSettings s = new TrainingSettings(4, 8, 1e-2, 0, LrSchedule.of(schedule, 4), 2);
            new Trainer(new PointwiseMlp(1, 8, 1, 1), Loss.byName("mse", new double[] {1}), Normalizer.fit(train()),
                    s).train(train(), null, dir, new TrainingListener() { });
            List<EpochRecord> h = Trainer.fromDirectory(dir, 8).resume(train(), null, dir, new TrainingListener() { });
            assertEquals(8, h.size());
            // epochs 5..8 run at the rates of a run planned for 8 epochs, not at the old plan's end
            LrSchedule planned8 = LrSchedule.of(schedule, 8);
            for (int e = 4; e < 8; e++) {
                assertEquals(planned8.at(1e-2, e), h.get(e).learningRate(), 1e-15, schedule + " epoch " + (e + 1));
                assertTrue(h.get(e).learningRate() > 0, schedule);
            }
            assertEquals(8, dir.readConfig().training().epochs());
            IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
                    () -> Trainer.fromDirectory(dir, 6).resume(train(), null, dir, new TrainingListener() { }));
            assertTrue(shorter.getMessage().contains("already trained 8 epochs"), shorter.getMessage());
        }
    }

    @Test
    void aHeteroscedasticModelRefusesALossThatIgnoresItsVariance() {
        TrainingSettings s = TrainingSettings.defaults(1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(
                new PointwiseMlp(1, 4, 1, 1, true), Loss.byName("rel_l2", new double[] {1}), Normalizer.fit(train()),
                s));
        assertTrue(e.getMessage().contains("gaussian_nll"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Trainer(new PointwiseMlp(1, 4, 1, 1),
                Loss.byName("gaussian_nll", new double[] {1}), Normalizer.fit(train()), s));
    }

    @Test
    void rolloutsShiftTheSnapshotsAndCarryTheParameterChannels() {
        // window 2 of one field, then a nu channel: the rollout must feed [u_{k+1}, prediction, nu] back
        dev.surrogate.operators.models.Fno1d model = new dev.surrogate.operators.models.Fno1d(
                dev.surrogate.operators.models.Fno1d.Config.defaults(3, 1).withWidth(4).withModes(2).withLayers(1));
        Predictor p = dev.surrogate.operators.testing.Predictors.of(model, Normalizer.identity(3, 1),
                Task.of("next", 2).withParameters(List.of("nu")), List.of("u"), new int[] {4}, Map.of());
        INDArray window = Nd4j.create(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 7, 7, 7, 7}, new long[] {1, 3, 4}, 'c');
        List<INDArray> seen = new ArrayList<>();
        INDArray out = p.rollout(window, 3, (w, step) -> {
            seen.add(w.dup());
            return Nd4j.valueArrayOf(new long[] {1, 1, 4}, 10f + step);
        });
        assertArrayEquals(new long[] {1, 3, 1, 4}, out.shape());
        assertEquals(window, seen.get(0));
        assertEquals(Nd4j.create(new float[] {2, 2, 2, 2, 10, 10, 10, 10, 7, 7, 7, 7}, new long[] {1, 3, 4}, 'c'),
                seen.get(1));
        assertEquals(Nd4j.create(new float[] {10, 10, 10, 10, 11, 11, 11, 11, 7, 7, 7, 7}, new long[] {1, 3, 4}, 'c'),
                seen.get(2));
    }
}
