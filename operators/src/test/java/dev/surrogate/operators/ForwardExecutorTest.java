package dev.surrogate.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.data.ChannelStats;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.models.DeepOnet;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.Fno2d;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.SurrogateGraph;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class ForwardExecutorTest {
    private static final Fno1d.Config FNO1D = new Fno1d.Config(2, 1, 8, 5, 3, 12, 0, false, 1e-6, 3);
    private static final Fno2d.Config FNO2D = new Fno2d.Config(1, 2, 6, 3, 3, 3, 8, 0, false, 1e-6, 5);
    private static final DeepOnet.Config DEEPONET_2D = new DeepOnet.Config(1, 2, 2, 4, 6, 1, 5, 1, 3, "gelu", 0,
            false, 1e-6, 3);

    @Test
    void fno1dWithNormalisationMatchesSameDiff() {
        // each Fourier layer's K h + W h is the pointwise product accumulated into the spectral result
        assertEquals(FNO1D.layers(), compare(new Fno1d(FNO1D), new int[] {32}, 1, SurrogateGraph.PREDICTION));
    }

    @Test
    void heteroscedasticFno1dGivesBothOutputsAsSameDiff() {
        compare(new Fno1d(FNO1D.withHeteroscedastic(true)), new int[] {24}, 2, SurrogateGraph.PREDICTION,
                SurrogateGraph.LOG_VARIANCE);
    }

    @Test
    void fno2dMatchesSameDiff() {
        compare(new Fno2d(FNO2D), new int[] {12, 10}, 3, SurrogateGraph.PREDICTION);
    }

    @Test
    void deepOnetMatchesSameDiff() {
        compare(new DeepOnet(DEEPONET_2D), new int[] {6, 5}, 4, SurrogateGraph.PREDICTION);
    }

    @Test
    void followsWeightChangesAndBatchSizes() {
        SurrogateGraph g = SurrogateGraph.build(new Fno1d(FNO1D), normalizer(FNO1D.inChannels(), 1), new int[] {16});
        SameDiff sd = g.sameDiff();
        ForwardExecutor fx = new ForwardExecutor(sd, List.of(SurrogateGraph.PREDICTION));
        INDArray a = input(new long[] {3, 2, 16}, 5);
        INDArray first = fx.run(Map.of(SurrogateGraph.INPUT, a)).get(SurrogateGraph.PREDICTION).dup();
        // an in-place update of a weight, as the optimiser does, and a replaced weight array
        sd.getArrForVarName("fno1d/layer0/spectral/weight").muli(1.5);
        INDArray w = sd.getArrForVarName("fno1d/lift/bias");
        sd.getVariable("fno1d/lift/bias").setArray(w.add(0.25));
        INDArray second = fx.run(Map.of(SurrogateGraph.INPUT, a)).get(SurrogateGraph.PREDICTION).dup();
        assertTrue(first.sub(second).amaxNumber().doubleValue() > 1e-3, "weights changed, output did not");
        assertClose(sameDiff(sd, a, SurrogateGraph.PREDICTION), second, "after the weight change");
        INDArray b = input(new long[] {5, 2, 16}, 6);
        INDArray other = fx.run(Map.of(SurrogateGraph.INPUT, b)).get(SurrogateGraph.PREDICTION);
        assertArrayEquals(new long[] {5, 1, 16}, other.shape());
        assertClose(sameDiff(sd, b, SurrogateGraph.PREDICTION), other, "batch 5 after batch 3");
    }

    @Test
    void surrogateGraphUsesItAndGivesCopies() {
        SurrogateGraph g = SurrogateGraph.build(new Fno1d(FNO1D), normalizer(FNO1D.inChannels(), 1), new int[] {16});
        INDArray a = input(new long[] {2, 2, 16}, 7);
        INDArray p1 = g.predict(a);
        INDArray p2 = g.predict(a.mul(2));
        assertClose(sameDiff(g.sameDiff(), a, SurrogateGraph.PREDICTION), p1, "first result after a second call");
        assertTrue(p1.sub(p2).amaxNumber().doubleValue() > 0, "second call overwrote the first result");
    }

    @Test
    void holdsOnlyTheLiveBuffersAndReusesThemOnTheNextCall() {
        // a chain of 20 elementwise ops: each intermediate is dead once the next op has read it
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.placeHolder("x", DataType.FLOAT, 3, 5);
        for (int i = 0; i < 20; i++) {
            v = i % 2 == 0 ? sd.math().tanh(v) : v.mul(1.5);
        }
        SDVariable y = v.rename("y");
        ForwardExecutor fx = new ForwardExecutor(sd, List.of("y"));
        INDArray x = input(new long[] {3, 5}, 8);
        INDArray first = fx.run(Map.of("x", x)).get("y").dup();
        assertTrue(fx.buffersAllocated() <= 2, "buffers for a chain: " + fx.buffersAllocated());
        long after = fx.buffersAllocated();
        INDArray second = fx.run(Map.of("x", x)).get("y");
        assertEquals(after, fx.buffersAllocated(), "the second call allocates nothing");
        assertEquals(first, second);
        assertClose(sd.output(Map.of("x", x), "y").get("y"), second, "chain");
        assertEquals("y", y.name());
    }

    @Test
    void profilesEveryOpOfTheCallsMadeWhileOn() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 64, 64);
        sd.math().tanh("y", x.mmul(x).add(1.0));
        ForwardExecutor fx = new ForwardExecutor(sd, List.of("y"));
        INDArray in = input(new long[] {64, 64}, 3);
        fx.run(Map.of("x", in));
        assertTrue(fx.profile().isEmpty(), "nothing profiled yet");
        fx.setProfiling(true);
        for (int i = 0; i < 5; i++) {
            fx.run(Map.of("x", in));
        }
        List<ForwardExecutor.OpTime> ops = fx.profile();
        assertEquals(List.of("matmul", "add_scalar", "tanh"), ops.stream().map(ForwardExecutor.OpTime::type).toList());
        assertTrue(ops.stream().allMatch(t -> t.millis() >= 0), ops.toString());
        assertTrue(ops.get(0).millis() > 0, "a 64^3 product takes measurable CPU time: " + ops);
        fx.setProfiling(false);
        assertTrue(fx.profile().isEmpty());
    }

    @Test
    void outputShapesFollowTheValuesOfShapeInputs() {
        // the same input shape, another target shape given as a value: the shape cache must not keep the first
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 12);
        SDVariable shape = sd.placeHolder("shape", DataType.LONG, 2);
        sd.math().tanh("y", x.reshape(shape));
        ForwardExecutor fx = new ForwardExecutor(sd, List.of("y"));
        INDArray v = Nd4j.linspace(DataType.FLOAT, -1, 0.2, 12);
        INDArray a = fx.run(Map.of("x", v, "shape", Nd4j.createFromArray(2L, 6L))).get("y").dup();
        INDArray b = fx.run(Map.of("x", v, "shape", Nd4j.createFromArray(3L, 4L))).get("y").dup();
        assertArrayEquals(new long[] {2, 6}, a.shape());
        assertArrayEquals(new long[] {3, 4}, b.shape());
        assertEquals(a.reshape(12), b.reshape(12));
    }

    @Test
    void appliesAnActivationInsideTheNarrowProductThatReadsIt() {
        for (int cols : new int[] {1, 3, 12}) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 40);
            SDVariable w = sd.var("w", input(new long[] {40, cols}, 11 + cols));
            SDVariable b = sd.var("b", input(new long[] {cols}, 5));
            sd.nn().gelu(x).mmul(w).add("y", b);
            ForwardExecutor fx = new ForwardExecutor(sd, List.of("y"));
            assertEquals(1, fx.fusedActivations(), "planned for any width, applied when narrow");
            INDArray in = input(new long[] {37, 40}, 2);
            for (int call = 0; call < 2; call++) {
                assertClose(sd.output(Map.of("x", in), "y").get("y"), fx.run(Map.of("x", in)).get("y"),
                        cols + " columns, call " + call);
            }
            // by the definition, in double: gelu(x) = x sigmoid(1.702 x)
            INDArray xd = in.castTo(DataType.DOUBLE);
            INDArray gelu = xd.mul(Transforms.sigmoid(xd.mul(1.702), true));
            INDArray expected = gelu.mmul(w.getArr().castTo(DataType.DOUBLE))
                    .addRowVector(b.getArr().castTo(DataType.DOUBLE));
            assertClose(expected, fx.run(Map.of("x", in)).get("y").castTo(DataType.DOUBLE), "definition");
        }
        // the activation read twice, or the product transposed: nothing fused, same results
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 8);
        SDVariable g = sd.nn().sigmoid(x);
        SDVariable w = sd.var("w", input(new long[] {8, 1}, 3));
        g.mmul(w).add("y", g.sum(true, 1));
        SDVariable x2 = sd.placeHolder("x2", DataType.FLOAT, 5, 8);
        sd.mmul("z", sd.nn().sigmoid(x2), sd.var("w2", input(new long[] {5, 1}, 4)), true, false, false);
        ForwardExecutor fx = new ForwardExecutor(sd, List.of("y", "z"));
        assertEquals(0, fx.fusedActivations());
        INDArray a = input(new long[] {6, 8}, 6);
        INDArray a2 = input(new long[] {5, 8}, 7);
        Map<String, INDArray> got = fx.run(Map.of("x", a, "x2", a2));
        Map<String, INDArray> want = sd.output(Map.of("x", a, "x2", a2), "y", "z");
        assertClose(want.get("y"), got.get("y"), "activation read twice");
        assertClose(want.get("z"), got.get("z"), "transposed product");
    }

    @Test
    void refusesRandomOpsAndNamesMissingPlaceholders() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 4);
        SDVariable noise = sd.random().uniform(0, 1, DataType.FLOAT, 4);
        sd.math().tanh("y", x.add(noise));
        ForwardExecutor fx = new ForwardExecutor(sd, List.of("y"));
        assertFalse(fx.supports());
        assertTrue(fx.unsupportedReason().contains("random"), fx.unsupportedReason());
        assertThrows(IllegalStateException.class, () -> fx.run(Map.of("x", Nd4j.ones(DataType.FLOAT, 4))));

        SameDiff plain = SameDiff.create();
        SDVariable p = plain.placeHolder("p", DataType.FLOAT, 4);
        plain.math().tanh("z", p.mul(2));
        ForwardExecutor ok = new ForwardExecutor(plain, List.of("z"));
        assertTrue(ok.supports(), ok.unsupportedReason());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ok.run(Map.of()));
        assertTrue(e.getMessage().contains("'p'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ForwardExecutor(plain, List.of("nope")));
    }

    /** @return how many sums the executor fused with a product */
    private static int compare(NeuralOperator model, int[] shape, long seed, String... outputs) {
        int outs = model.outChannels();
        SurrogateGraph g = SurrogateGraph.build(model, normalizer(model.inChannels(), outs), shape);
        long[] in = new long[shape.length + 2];
        in[0] = 3;
        in[1] = model.inChannels();
        for (int i = 0; i < shape.length; i++) {
            in[i + 2] = shape[i];
        }
        INDArray x = input(in, seed);
        ForwardExecutor fx = new ForwardExecutor(g.sameDiff(), List.of(outputs));
        assertTrue(fx.supports(), fx.unsupportedReason());
        for (int call = 0; call < 2; call++) {
            Map<String, INDArray> got = fx.run(Map.of(SurrogateGraph.INPUT, x));
            for (String o : outputs) {
                assertClose(sameDiff(g.sameDiff(), x, o), got.get(o), o + " (call " + call + ")");
            }
        }
        return fx.fusedSums();
    }

    private static INDArray sameDiff(SameDiff sd, INDArray x, String output) {
        return sd.output(Map.of(SurrogateGraph.INPUT, x), output).get(output).dup();
    }

    /** Equal up to float round-off and the GELU kernel's approximation of ND4J's (both about 1e-7). */
    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, what + ": zero output");
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5 * scale, what + ": max difference " + diff + " of max " + scale);
    }

    /** Non-trivial input and output scales, so the (de)normalisation is exercised. */
    private static Normalizer normalizer(int in, int out) {
        double[] mi = new double[in];
        double[] si = new double[in];
        for (int c = 0; c < in; c++) {
            mi[c] = 0.1 * (c + 1);
            si[c] = 1.5 + c;
        }
        double[] mo = new double[out];
        double[] so = new double[out];
        for (int c = 0; c < out; c++) {
            mo[c] = -0.2 * (c + 1);
            so[c] = 0.7 + c;
        }
        return new Normalizer(new ChannelStats.Affine(mi, si), new ChannelStats.Affine(mo, so));
    }

    private static INDArray input(long[] shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }
}
