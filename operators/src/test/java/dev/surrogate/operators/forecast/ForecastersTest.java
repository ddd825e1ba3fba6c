package dev.surrogate.operators.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.testing.Predictors;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.operators.training.SurrogateGraph;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The forecasters draw member m of input i from (seed, i, m) alone, and draw from the right distribution. */
class ForecastersTest {
    private static final int NX = 32;
    private static final int INPUTS = 20;
    private static final long SEED = 11;

    /** A small FNO with random weights (the forecasters only need some network). */
    private static Predictor fno(double dropout, boolean hetero, int window) {
        Fno1d model = new Fno1d(Fno1d.Config.defaults(window, 1).withWidth(8).withModes(4).withLayers(2)
                .withProjectionWidth(16).withDropout(dropout).withHeteroscedastic(hetero).withSeed(3));
        return predictor(model, window == 1 ? Task.of("final", 1) : Task.of("next", window));
    }

    private static Predictor predictor(NeuralOperator model, Task task) {
        Normalizer norm = Normalizer.identity(model.inChannels(), model.outChannels());
        Nd4j.getRandom().setSeed(5);
        Map<String, INDArray> weights = SurrogateGraph.build(model, norm, new int[] {NX}).weights();
        return Predictors.of(model, norm, task, List.of("u"), new int[] {NX}, weights);
    }

    private static INDArray inputs(int channels) {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.rand(DataType.FLOAT, INPUTS, channels, NX).subi(0.5).muli(2);
    }

    private static long[] indices(int from, int count) {
        long[] idx = new long[count];
        for (int i = 0; i < count; i++) {
            idx[i] = 100 + from + i; // global indices, as in a shard that starts at sample 100
        }
        return idx;
    }

    /** Member {@code m} of all inputs, computed in batches of {@code batch}: {@code [INPUTS, ...]} as floats. */
    private static float[] member(ProbabilisticForecaster f, INDArray x, int batch, int m, int steps) {
        INDArray[] parts = new INDArray[(INPUTS + batch - 1) / batch];
        for (int first = 0, p = 0; first < INPUTS; first += batch, p++) {
            int n = Math.min(batch, INPUTS - first);
            INDArray in = x.get(NDArrayIndex.interval(first, first + n), NDArrayIndex.all(), NDArrayIndex.all())
                    .dup();
            parts[p] = steps == 0 ? f.forecast(in, indices(first, n), m, SEED)
                    : f.rollout(in, indices(first, n), m, steps, SEED);
        }
        return Nd4j.concat(0, parts).dup('c').data().asFloat();
    }

    /**
     * The draws (masks, noise) are identical whatever the batching; the network's float32 arithmetic is not
     * bit-identical across batch sizes (BLAS picks other kernels and blockings for other matrix sizes: a few ulps, as
     * for deterministic predictions), so values agree to round-off. A draw that depended on the batching would differ
     * by the spread of the members, O(0.1) here.
     */
    private static void assertSameMember(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= 1e-5 * Math.max(1, scale), what + ": max difference " + diff + " at scale " + scale);
    }

    private static void assertBatchIndependent(ProbabilisticForecaster f, INDArray x, int steps, int members) {
        for (int m = 0; m < members; m++) {
            float[] all = member(f, x, INPUTS, m, steps);
            assertArrayEquals(all, member(f, x, INPUTS, m, steps), f.method() + ": same batching, same bits");
            assertSameMember(all, member(f, x, 3, m, steps), f.method() + ": member " + m + ", batches of 3");
            assertSameMember(all, member(f, x, 1, m, steps), f.method() + ": member " + m + ", batches of 1");
        }
        assertFalse(Arrays.equals(member(f, x, INPUTS, 0, steps), member(f, x, INPUTS, 1, steps)),
                f.method() + ": members differ");
    }

    @Test
    void membersDoNotDependOnTheBatching() {
        INDArray x = inputs(1);
        assertBatchIndependent(Forecasters.of(fno(0, true, 1)), x, 0, 2);
        assertBatchIndependent(Forecasters.of(fno(0.3, false, 1)), x, 0, 2);
        assertBatchIndependent(Forecasters.of(fno(0.3, true, 1)), x, 0, 2);
    }

    @Test
    void rolloutMembersDoNotDependOnTheBatching() {
        INDArray x = inputs(2);
        ProbabilisticForecaster het = Forecasters.of(fno(0, true, 2));
        assertBatchIndependent(het, x, 2, 1);
        assertBatchIndependent(Forecasters.of(fno(0.3, false, 2)), x, 2, 1);
        INDArray traj = het.rollout(x, indices(0, INPUTS), 0, 3, SEED);
        assertArrayEquals(new long[] {INPUTS, 3, 1, NX}, traj.shape());
    }

    @Test
    void membersDoNotDependOnTheThreadCount() {
        INDArray x = inputs(1);
        ProbabilisticForecaster f = Forecasters.of(fno(0.3, true, 1));
        float[] one = member(f, x, INPUTS, 1, 0);
        try {
            Nd4jRuntime.init(2);
            assertArrayEquals(one, member(f, x, INPUTS, 1, 0));
        } finally {
            Nd4jRuntime.init(1);
        }
    }

    @Test
    void theSeedAndTheInputIndexChooseTheDraws() {
        INDArray x = inputs(1);
        ProbabilisticForecaster f = Forecasters.of(fno(0.3, false, 1));
        long[] idx = indices(0, INPUTS);
        INDArray a = f.forecast(x, idx, 0, SEED);
        assertEquals(a, f.forecast(x, idx, 0, SEED), "same seed, same member");
        assertFalse(a.equals(f.forecast(x, idx, 0, SEED + 1)), "another seed, another member");
        long[] shifted = indices(1, INPUTS);
        assertFalse(a.equals(f.forecast(x, shifted, 0, SEED)), "the global index enters");
        INDArray stacked = f.members(x, idx, 3, SEED);
        assertArrayEquals(new long[] {INPUTS, 3, 1, NX}, stacked.shape());
        assertEquals(a, stacked.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all(),
                NDArrayIndex.all()));
    }

    @Test
    void mcDropoutLeavesDeterministicPredictionsAlone() {
        Predictor p = fno(0.3, false, 1);
        INDArray x = inputs(1);
        INDArray before = p.predict(x);
        INDArray member = Forecasters.of(p).forecast(x, indices(0, INPUTS), 0, SEED);
        assertFalse(before.equals(member), "dropout is on while drawing");
        assertEquals(before, p.predict(x), "and off again afterwards");
    }

    @Test
    void heteroscedasticMembersHaveThePredictedMeanAndVariance() {
        Predictor p = fno(0, true, 1);
        int rows = 4000;
        // one input repeated: each row is another global index, so the rows are independent draws
        INDArray one = inputs(1).get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray x = one.repeat(0, rows);
        long[] idx = new long[rows];
        Arrays.setAll(idx, i -> i);
        float[] draws = Forecasters.of(p).forecast(x, idx, 0, SEED).dup('c').data().asFloat();
        INDArray[] mv = p.predictMeanAndLogVariance(one);
        for (int j = 0; j < NX; j += 3) {
            double mean = mv[0].getDouble(j);
            double var = Math.exp(mv[1].getDouble(j));
            double sum = 0;
            double sumSq = 0;
            for (int r = 0; r < rows; r++) {
                double z = draws[r * NX + j] - mean;
                sum += z;
                sumSq += z * z;
            }
            assertEquals(0, sum / rows, 5 * Math.sqrt(var / rows), "mean at " + j);
            assertEquals(var, sumSq / rows, 5 * var * Math.sqrt(2.0 / rows), "variance at " + j);
        }
    }

    @Test
    void theFactoryPicksTheMethodAndRefusesDeterministicModels() {
        assertInstanceOf(HeteroscedasticForecaster.class, Forecasters.of(fno(0, true, 1)));
        assertEquals("heteroscedastic", Forecasters.of(fno(0, true, 1)).method());
        assertEquals("heteroscedastic+mc_dropout", Forecasters.of(fno(0.2, true, 1)).method());
        assertInstanceOf(McDropoutForecaster.class, Forecasters.of(fno(0.2, false, 1)));
        Predictor det = fno(0, false, 1);
        assertFalse(Forecasters.isProbabilistic(det));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Forecasters.of(det));
        assertTrue(e.getMessage().contains("deterministic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new McDropoutForecaster(det));
        assertThrows(IllegalArgumentException.class, () -> Forecasters.of(fno(0.2, false, 1))
                .forecast(inputs(1), indices(0, 3), 0, SEED));
    }
}
