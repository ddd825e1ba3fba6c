package dev.surrogate.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.layers.Activation;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.Fno2d;
import dev.surrogate.operators.models.NeuralOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.nd4j.linalg.factory.Nd4j;

class GradientRewritesTest {
    private static final Fno1d.Config SMALL_1D = new Fno1d.Config(1, 1, 6, 4, 3, 8, 0, false, 1e-6, 3);
    private static final Fno2d.Config SMALL_2D = new Fno2d.Config(2, 1, 4, 2, 3, 2, 8, 0, false, 1e-6, 5);

    @Test
    void fno1dGradientsAreUnchangedAndTheConstantProductsArePruned() {
        // per Fourier layer the forward and inverse DFT products; the lifting's input and grid products
        int pruned = compare(new Fno1d(SMALL_1D), new int[] {16}, 1);
        assertEquals(2 * SMALL_1D.layers() + 2, pruned);
    }

    @Test
    void fno2dGradientsAreUnchangedAndTheConstantProductsArePruned() {
        // per Fourier layer the x and y DFT products forward and inverse (the y pass batched over kx)
        int pruned = compare(new Fno2d(SMALL_2D), new int[] {8, 10}, 2);
        assertEquals(4 * SMALL_2D.layers() + 2, pruned);
    }

    @Test
    void fnoGradientsAreUnchangedWithGeluThroughSigmoid() {
        // layers - 1 Fourier-layer activations plus the projection's
        assertEquals(SMALL_1D.layers(), compare(new Fno1d(SMALL_1D), new int[] {16}, 3,
                GradientRewrites::geluThroughSigmoid));
        assertEquals(SMALL_2D.layers(), compare(new Fno2d(SMALL_2D), new int[] {8, 10}, 4,
                GradientRewrites::geluThroughSigmoid));
    }

    @Test
    void denormalisedFnoGradientsAreUnchangedWithCheapBroadcastGradients() {
        // the output's scale and shift (constants [1, 1, 1]), the projection's scalar bias and the loss's product
        // with the constant r; the lifting's bias [width] keeps ND4J's op, the layers' biases multiply constants
        assertEquals(4, compare(new Fno1d(SMALL_1D), new int[] {16}, 5, true,
                GradientRewrites::cheapBroadcastGradients));
        assertEquals(4, compare(new Fno2d(SMALL_2D), new int[] {8, 10}, 6, true,
                GradientRewrites::cheapBroadcastGradients));
    }

    @Test
    void everyBroadcastCaseKeepsItsGradients() {
        // z = ((tanh(x) * s + b - d - c) * k) with x [2, 2, 3]: s, b, d trainable scalars [1, 1, 1] (their
        // gradients are sums), c and k constants [1, 2, 1] (gradients unused), then + v with a trainable [3] (left to
        // ND4J)
        java.util.function.Supplier<SameDiff> build = () -> {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 2, 2, 3);
            SDVariable s = sd.var("s", Nd4j.create(new double[] {1.3}, new long[] {1, 1, 1}, DataType.DOUBLE));
            SDVariable b = sd.var("b", Nd4j.create(new double[] {-0.4}, new long[] {1, 1, 1}, DataType.DOUBLE));
            SDVariable d = sd.var("d", Nd4j.create(new double[] {0.9}, new long[] {1, 1, 1}, DataType.DOUBLE));
            SDVariable c = sd.constant("c", Nd4j.create(new double[] {0.2, -0.7}, new long[] {1, 2, 1},
                    DataType.DOUBLE));
            SDVariable k = sd.constant("k", Nd4j.create(new double[] {1.5, 0.6}, new long[] {1, 2, 1},
                    DataType.DOUBLE));
            SDVariable v = sd.var("v", Nd4j.create(new double[] {0.1, 0.2, -0.3}, new long[] {3}, DataType.DOUBLE));
            SDVariable z = sd.math().tanh(x).mul(s).add(b).sub(d).sub(c).mul(k).add(v);
            sd.sum("loss", z.mul(z)).markAsLoss();
            return sd;
        };
        assertEquals(5, compare(build, random(new long[] {2, 2, 3}, 7), GradientRewrites::cheapBroadcastGradients));
    }

    @Test
    void rewrittenGeluGradientIsTheDerivativeOfTheSigmoidForm() {
        int n = 241;
        double[] xs = new double[n];
        double[] rs = new double[n];
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            xs[i] = -8 + 16.0 * i / (n - 1);
            rs[i] = rng.nextDouble(-1, 1);
        }
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.create(xs, new long[] {n}, DataType.DOUBLE));
        SDVariable r = sd.constant("r", Nd4j.create(rs, new long[] {n}, DataType.DOUBLE));
        sd.sum("loss", Activation.GELU.apply(sd, x).mul(r)).markAsLoss();
        Nd4jRuntime.createGradients(sd);
        long fused = sd.getFunction("grad").getOps().values().stream()
                .filter(o -> o.getOp().opName().contains("gelu")).count();
        assertEquals(0, fused, "gelu ops left in the gradient graph");
        INDArray g = sd.calculateGradients(Map.of(), "x").get("x");
        double k = (float) Activation.GELU_SIGMOID_COEFFICIENT;
        double eps = 1e-6;
        for (int i = 0; i < n; i++) {
            double s = 1 / (1 + Math.exp(-k * xs[i]));
            // d/dx [x sigmoid(k x)] = s + k x s (1 - s)
            double exact = rs[i] * (s + k * xs[i] * s * (1 - s));
            assertEquals(exact, g.getDouble(i), 1e-12, "closed form at x = " + xs[i]);
            INDArray arr = x.getArr();
            arr.putScalar(i, xs[i] + eps);
            double lp = sd.output(Map.of(), "loss").get("loss").getDouble(0);
            arr.putScalar(i, xs[i] - eps);
            double lm = sd.output(Map.of(), "loss").get("loss").getDouble(0);
            arr.putScalar(i, xs[i]);
            assertEquals((lp - lm) / (2 * eps), g.getDouble(i), 1e-7, "finite difference at x = " + xs[i]);
        }
    }

    @Test
    void createGradientsPrunesAndKeepsEveryTrainableGradient() {
        SameDiff sd = graph(new Fno1d(SMALL_1D), new int[] {16}, 1);
        Nd4jRuntime.createGradients(sd);
        SameDiff grad = sd.getFunction("grad");
        long left = grad.getOps().values().stream().filter(o -> o.getOp() instanceof MmulBp).count();
        // what is left are products of two trainable-dependent factors: the pointwise layers, the mode mixing
        // (weights and spectrum both depend on variables) and the projection
        for (SameDiffOp o : grad.getOps().values()) {
            if (o.getOp() instanceof MmulBp) {
                for (String out : o.getOutputsOfOp()) {
                    assertTrue(grad.hasVariable(out), "matmul_bp output " + out + " missing");
                }
            }
        }
        assertTrue(left > 0 && left <= 2 * SMALL_1D.layers() + 2, "matmul_bp ops left: " + left);
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                assertTrue(sd.getGradForVariable(v.name()) != null, "no gradient for " + v.name());
            }
        }
    }

    /** @return ops pruned; asserts that gradients of every variable equal those of the unpruned graph */
    private static int compare(NeuralOperator model, int[] shape, long seed) {
        return compare(model, shape, seed, GradientRewrites::pruneUnusedProductGradients);
    }

    /**
     * @return what {@code rewrite} returned; asserts that the loss and the gradient of every variable equal those
     *         of the graph without the rewrite
     */
    private static int compare(NeuralOperator model, int[] shape, long seed,
                               java.util.function.ToIntFunction<SameDiff> rewrite) {
        return compare(model, shape, seed, false, rewrite);
    }

    /** As {@link #compare(NeuralOperator, int[], long, java.util.function.ToIntFunction)}, optionally denormalised. */
    private static int compare(NeuralOperator model, int[] shape, long seed, boolean denormalise,
                               java.util.function.ToIntFunction<SameDiff> rewrite) {
        return compare(() -> graph(model, shape, seed, denormalise), input(model.inChannels(), shape, seed), rewrite);
    }

    /**
     * @return what {@code rewrite} returned; asserts that the loss and the gradient of every variable of the graphs
     *         {@code build} makes (placeholder {@code x}, loss {@code loss}) equal those without the rewrite
     */
    private static int compare(java.util.function.Supplier<SameDiff> build, INDArray x,
                               java.util.function.ToIntFunction<SameDiff> rewrite) {
        SameDiff plain = build.get();
        Nd4jRuntime.quietly(() -> {
            plain.createGradFunction();
            return null;
        });
        SameDiff pruned = build.get();
        int count = Nd4jRuntime.quietly(() -> {
            pruned.createGradFunction();
            return rewrite.applyAsInt(pruned);
        });
        List<String> names = new ArrayList<>();
        for (SDVariable v : plain.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                names.add(v.name());
            }
        }
        var expectedAll = plain.calculateGradientsAndOutputs(Map.of("x", x), List.of("loss"), names);
        var actualAll = pruned.calculateGradientsAndOutputs(Map.of("x", x), List.of("loss"), names);
        double lossExpected = expectedAll.getOutputs().get("loss").getDouble(0);
        assertEquals(lossExpected, actualAll.getOutputs().get("loss").getDouble(0), 1e-12 * Math.abs(lossExpected));
        Map<String, INDArray> expected = expectedAll.getGradients();
        Map<String, INDArray> actual = actualAll.getGradients();
        for (String name : names) {
            INDArray e = expected.get(name);
            INDArray a = actual.get(name);
            double scale = e.norm2Number().doubleValue();
            assertTrue(scale > 0, "zero gradient for " + name);
            double diff = e.sub(a).norm2Number().doubleValue();
            assertTrue(diff <= 1e-12 * scale, name + ": relative difference " + diff / scale);
        }
        return count;
    }

    private static SameDiff graph(NeuralOperator model, int[] shape, long seed) {
        return graph(model, shape, seed, false);
    }

    /**
     * A DOUBLE graph: the model on placeholder x, loss sum(out * r) with a fixed random r; with {@code denormalise}
     * the output is first scaled and shifted by constants of shape [1, 1, ...] as the trainer's normaliser does.
     */
    private static SameDiff graph(NeuralOperator model, int[] shape, long seed, boolean denormalise) {
        SameDiff sd = SameDiff.create();
        long[] inShape = new long[shape.length + 2];
        inShape[0] = 2;
        inShape[1] = model.inChannels();
        for (int i = 0; i < shape.length; i++) {
            inShape[i + 2] = shape[i];
        }
        SDVariable in = sd.placeHolder("x", DataType.DOUBLE, inShape);
        SDVariable out = model.forward(sd, in, shape);
        if (denormalise) {
            long[] unit = new long[inShape.length];
            java.util.Arrays.fill(unit, 1);
            out = out.mul(sd.constant("std", Nd4j.valueArrayOf(unit, 2.5, DataType.DOUBLE)))
                    .add(sd.constant("mean", Nd4j.valueArrayOf(unit, -0.3, DataType.DOUBLE)));
        }
        inShape[1] = model.outChannels();
        SDVariable r = sd.constant("r", random(inShape, seed + 100));
        sd.sum("loss", out.mul(r)).markAsLoss();
        return sd;
    }

    private static INDArray input(int channels, int[] shape, long seed) {
        long[] s = new long[shape.length + 2];
        s[0] = 2;
        s[1] = channels;
        for (int i = 0; i < shape.length; i++) {
            s[i + 2] = shape[i];
        }
        return random(s, seed);
    }

    private static INDArray random(long[] shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }
}
