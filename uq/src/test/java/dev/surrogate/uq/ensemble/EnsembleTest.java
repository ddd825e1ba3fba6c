package dev.surrogate.uq.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.LrSchedule;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.operators.training.TrainingSettings;
import dev.surrogate.uq.testing.NoisyData;
import dev.surrogate.uq.testing.TinyMlp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Deep ensembles: training (parallel, killed and resumed member by member), the mixture's moments, batching. */
class EnsembleTest {
    private static final int NX = 16;
    private static final int MEMBERS = 3;
    private static final int EPOCHS = 3;
    private static final FieldSource DATA = NoisyData.of(24, NX, 0.1, 3);
    private static final int[] TRAIN = range(0, 20);
    private static final Task FINAL = Task.of("final", 1);

    @TempDir
    static Path tmp;
    /** An ensemble trained in one go, two members at a time. */
    static EnsembleDirectory straight;

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static EnsembleDirectory create(String name, boolean bootstrap) {
        return EnsembleTrainer.create(tmp.resolve(name), new EnsembleSettings(MEMBERS, bootstrap, 40),
                seed -> new TinyMlp(1, 1, 6, true), DATA, FINAL, TRAIN, new int[0],
                new TrainingSettings(EPOCHS, 8, 1e-2, 0, LrSchedule.of("constant", EPOCHS), 0),
                Map.of("file", "synthetic"));
    }

    @BeforeAll
    static void trainStraight() {
        Nd4jRuntime.init(1);
        TinyMlp.register();
        straight = create("straight", true);
        EnsembleTrainer.Result r = new EnsembleTrainer(2).train(straight, DATA, null, null, new EnsembleListener() { });
        assertEquals(MEMBERS, r.trained());
        assertTrue(straight.isComplete());
    }

    @Test
    void killedRunResumesMemberByMemberAndEqualsTheStraightRun() {
        EnsembleDirectory split = create("split", true);
        // killed in the second epoch of member 1, members trained one at a time
        RuntimeException killed = assertThrows(RuntimeException.class, () -> new EnsembleTrainer(1).train(split,
                DATA, null, null, new EnsembleListener() {
                    @Override
                    public TrainingListener memberStarted(int member, int members, int done, int epochs) {
                        return new TrainingListener() {
                            @Override
                            public void batchDone(int epoch, int batch, double loss) {
                                if (member == 1 && epoch == 2) {
                                    throw new RuntimeException("simulated kill");
                                }
                            }
                        };
                    }
                }));
        assertEquals("simulated kill", killed.getMessage());
        assertEquals(EPOCHS, split.epochsDone(0));
        assertEquals(1, split.epochsDone(1));
        assertEquals(0, split.epochsDone(2));
        assertFalse(split.isComplete());

        List<String> events = Collections.synchronizedList(new ArrayList<>());
        EnsembleTrainer.Result r = new EnsembleTrainer(1).train(split, DATA, null, null, new EnsembleListener() {
            @Override
            public TrainingListener memberStarted(int member, int members, int done, int epochs) {
                events.add("start " + member + " after " + done);
                return new TrainingListener() {
                    @Override
                    public void epochDone(EpochRecord record) {
                        events.add("epoch " + member + "." + record.epoch());
                    }
                };
            }

            @Override
            public void memberSkipped(int member, int done) {
                events.add("skip " + member);
            }
        });
        assertEquals(List.of("skip 0", "start 1 after 1", "epoch 1.2", "epoch 1.3", "start 2 after 0", "epoch 2.1",
                "epoch 2.2", "epoch 2.3"), events);
        assertEquals(2, r.trained());
        assertEquals(1, r.skipped());
        // resumed one at a time = trained two at a time, bit for bit
        for (int j = 0; j < MEMBERS; j++) {
            Map<String, INDArray> a = straight.member(j).readWeights();
            Map<String, INDArray> b = split.member(j).readWeights();
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k).data().asFloat(), b.get(k).data().asFloat(), "member " + j + " " + k);
            }
        }
        assertTrue(split.readConfig().wallSeconds() > 0);
        // a finished ensemble trains nothing more
        assertEquals(MEMBERS, new EnsembleTrainer(1).train(split, DATA, null, null, new EnsembleListener() { })
                .skipped());
    }

    @Test
    void membersDifferAndAreReproducibleAcrossBatchSizes() {
        DeepEnsemble e = DeepEnsemble.load(straight);
        assertEquals(MEMBERS, e.size());
        int n = 4;
        float[] x = new float[n * NX];
        float[] y = new float[n * NX];
        for (int b = 0; b < n; b++) {
            DATA.read(20 + b, 0, 0, x, b * NX);
        }
        INDArray in = Nd4j.create(x, new long[] {n, 1, NX}, 'c');
        long[] idx = {20, 21, 22, 23};
        for (int m = 0; m < 2 * MEMBERS; m++) {
            INDArray all = e.forecast(in, idx, m, 9);
            for (int b = 0; b < n; b++) {
                INDArray one = e.forecast(in.get(NDArrayIndex.interval(b, b + 1)).dup(), new long[] {idx[b]}, m, 9);
                assertArrayEquals(one.data().asFloat(), all.get(NDArrayIndex.interval(b, b + 1)).dup().data()
                        .asFloat(), 1e-6f, "member " + m + " row " + b);
            }
        }
        // different models (and different noise) for different members
        assertFalse(java.util.Arrays.equals(e.forecast(in, idx, 0, 9).data().asFloat(),
                e.forecast(in, idx, 1, 9).data().asFloat()));
        assertTrue(y.length > 0);
    }

    @Test
    void theMixtureHasTheMeanAndVarianceOfTheLawOfTotalVariance() {
        DeepEnsemble e = DeepEnsemble.load(straight);
        float[] x = new float[2 * NX];
        DATA.read(21, 0, 0, x, 0);
        DATA.read(22, 0, 0, x, NX);
        INDArray in = Nd4j.create(x, new long[] {2, 1, NX}, 'c');
        int k = MEMBERS * 500;
        // [2, K, 1, NX]
        float[] draws = e.members(in, new long[] {21, 22}, k, 3).dup('c').data().asFloat();
        DeepEnsemble.Moments moments = e.moments(in);
        float[] mean = moments.mean().dup('c').data().asFloat();
        float[] variance = moments.variance().dup('c').data().asFloat();
        // each model's own Gaussian, for the mixture's fourth central moment
        double[][] mu = new double[MEMBERS][];
        double[][] var = new double[MEMBERS][];
        for (int j = 0; j < MEMBERS; j++) {
            INDArray[] mv = e.models().get(j).predictMeanAndLogVariance(in);
            mu[j] = toDouble(mv[0].dup('c').data().asFloat());
            double[] lv = toDouble(mv[1].dup('c').data().asFloat());
            var[j] = new double[lv.length];
            for (int i = 0; i < lv.length; i++) {
                var[j][i] = Math.exp(lv[i]);
            }
        }
        double epistemicTotal = 0;
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < NX; i++) {
                int v = b * NX + i;
                double s = 0;
                for (int m = 0; m < k; m++) {
                    s += draws[(b * k + m) * NX + i];
                }
                double sampleMean = s / k;
                double ss = 0;
                for (int m = 0; m < k; m++) {
                    double d = draws[(b * k + m) * NX + i] - sampleMean;
                    ss += d * d;
                }
                double sampleVar = ss / (k - 1);
                // closed forms of the equal-weight Gaussian mixture
                double mixMean = 0;
                for (int j = 0; j < MEMBERS; j++) {
                    mixMean += mu[j][v] / MEMBERS;
                }
                double mixVar = 0;
                double mu4 = 0;
                for (int j = 0; j < MEMBERS; j++) {
                    double d = mu[j][v] - mixMean;
                    mixVar += (var[j][v] + d * d) / MEMBERS;
                    mu4 += (d * d * d * d + 6 * d * d * var[j][v] + 3 * var[j][v] * var[j][v]) / MEMBERS;
                }
                assertEquals(mixMean, mean[v], 1e-5 * (1 + Math.abs(mixMean)), "moments mean " + v);
                assertEquals(mixVar, variance[v], 1e-5 * mixVar, "moments variance " + v);
                assertEquals(mixMean, sampleMean, 5 * Math.sqrt(mixVar / k), "sample mean " + v);
                assertEquals(mixVar, sampleVar, 5 * Math.sqrt((mu4 - mixVar * mixVar) / k), "sample variance " + v);
            }
        }
        double[] epi = toDouble(moments.epistemic().dup('c').data().asFloat());
        for (double d : epi) {
            epistemicTotal += d;
        }
        assertTrue(epistemicTotal > 0, "members trained from different seeds disagree");
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void bootstrapResamplesWithReplacement() {
        EnsembleSettings s = new EnsembleSettings(4, true, 7);
        int n = 2000;
        int[] base = range(100, 100 + n);
        int[] a = s.bootstrapSample(base, 2);
        assertArrayEquals(a, s.bootstrapSample(base, 2), "same seed and member, same resample");
        assertFalse(java.util.Arrays.equals(a, s.bootstrapSample(base, 3)), "members resample independently");
        long unique = java.util.Arrays.stream(a).distinct().count();
        for (int v : a) {
            assertTrue(v >= 100 && v < 100 + n);
        }
        // n draws with replacement from n: E[unique] = n (1 - (1 - 1/n)^n), variance below n e^-1 (1 - e^-1)
        double expected = n * (1 - Math.pow(1 - 1.0 / n, n));
        assertEquals(expected, unique, 5 * Math.sqrt(n * Math.exp(-1) * (1 - Math.exp(-1))));
        assertArrayEquals(base, new EnsembleSettings(4, false, 7).bootstrapSample(base, 2));
        assertEquals(7 + 3, s.memberSeed(3));
    }

    @Test
    void badEnsemblesAreRefused() {
        IllegalArgumentException deterministic = assertThrows(IllegalArgumentException.class,
                () -> EnsembleTrainer.create(tmp.resolve("det"), new EnsembleSettings(2, false, 0),
                        seed -> new TinyMlp(1, 1, 4, false), DATA, FINAL, TRAIN, new int[0],
                        new TrainingSettings(1, 8, 1e-2, 0, LrSchedule.of("constant", 1), 0), Map.of()));
        assertTrue(deterministic.getMessage().contains("heteroscedastic"), deterministic.getMessage());
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> create("straight", false));
        assertTrue(again.getMessage().contains("already holds an ensemble"), again.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EnsembleSettings(0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> DeepEnsemble.load(new EnsembleDirectory(tmp)));
    }
}
