package dev.surrogate.operators.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.GradientCheck;
import java.util.Map;
import java.util.SplittableRandom;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The small layers: pointwise linear, activations, heteroscedastic head, deterministic weights. */
class PointwiseLayersTest {

    private static INDArray random(long seed, double lo, double hi, int rows, int cols) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(lo, hi);
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    }

    @Test
    void pointwiseLinearIsAnAffineMapOfEachRow() {
        PointwiseLinear layer = new PointwiseLinear("lin", 3, 2, 5);
        SameDiff sd = SameDiff.create();
        INDArray xv = random(1, -1, 1, 7, 3);
        SDVariable y = layer.apply(sd, sd.var("x", xv));
        INDArray out = y.eval();
        INDArray w = sd.getVariable("lin/weight").getArr();
        INDArray b = sd.getVariable("lin/bias").getArr();
        double bound = 1 / Math.sqrt(3);
        assertTrue(w.amaxNumber().doubleValue() <= bound && b.amaxNumber().doubleValue() <= bound);
        for (int r = 0; r < 7; r++) {
            for (int o = 0; o < 2; o++) {
                double s = b.getDouble(o);
                for (int i = 0; i < 3; i++) {
                    s += xv.getDouble(r, i) * w.getDouble(i, o);
                }
                assertEquals(s, out.getDouble(r, o), 1e-14);
            }
        }
        assertEquals(21 + 6 + 2, GradientCheck.check(sd, y, Map.of(), 100));
    }

    @Test
    void theMapHasGradientsForOneRowAndItsLinearPartOmitsTheBias() {
        PointwiseLinear layer = new PointwiseLinear("lin", 3, 2, 5);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", random(2, -1, 1, 4, 3));
        INDArray withBias = layer.apply(sd, x).eval();
        INDArray linear = layer.linear(sd, x).eval();
        INDArray b = sd.getVariable("lin/bias").getArr();
        assertTrue(withBias.equalsWithEps(linear.addRowVector(b), 1e-14));
        SameDiff one = SameDiff.create();
        SDVariable y = layer.apply(one, one.var("x", random(3, -1, 1, 1, 3)));
        assertEquals(3 + 6 + 2, GradientCheck.check(one, y, Map.of(), 100));
    }

    @Test
    void geluIsTheSigmoidApproximation() {
        SameDiff sd = SameDiff.create();
        int n = 241;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -6 + 12.0 * i / (n - 1);
        }
        INDArray out = Activation.GELU.apply(sd, sd.var("x", Nd4j.create(xs, new long[] {n}, DataType.DOUBLE)))
                .eval();
        double maxFromExact = 0;
        for (int i = 0; i < n; i++) {
            double x = xs[i];
            // ND4J's kernel holds the coefficient as a float constant
            double sigmoidForm = x / (1 + Math.exp(-(double) (float) Activation.GELU_SIGMOID_COEFFICIENT * x));
            double exact = 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
            assertEquals(sigmoidForm, out.getDouble(i), 1e-12, "x = " + x);
            maxFromExact = Math.max(maxFromExact, Math.abs(out.getDouble(i) - exact));
        }
        // the documented size of the approximation error against x Phi(x)
        assertTrue(maxFromExact > 0.01 && maxFromExact < 0.021, "max deviation from exact GELU " + maxFromExact);
    }

    @Test
    void activationGradientsMatchFiniteDifferences() {
        for (Activation a : Activation.values()) {
            SameDiff sd = SameDiff.create();
            // keep clear of relu's kink at 0
            INDArray xv = random(3, 0.05, 2, 4, 5).mul(Nd4j.createFromArray(1.0, -1.0, 1.0, -1.0, 1.0));
            SDVariable y = a.apply(sd, sd.var("x", xv));
            assertEquals(20, GradientCheck.check(sd, y.mul(1.0), Map.of(), 100), a.name());
        }
        assertEquals(Activation.TANH, Activation.parse("Tanh"));
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish"));
    }

    @Test
    void heteroscedasticHeadKeepsTheMeanAndFloorsTheVariance() {
        double floor = 1e-3;
        HeteroscedasticHead head = new HeteroscedasticHead(2, floor);
        SameDiff sd = SameDiff.create();
        INDArray raw = Nd4j.create(new double[][] {{0.5, -1, 2, -50}, {3, 4, -2, 0.1}});
        SDVariable y = head.apply(sd, sd.var("raw", raw), 2, 1);
        INDArray out = y.eval();
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(raw.getDouble(r, c), out.getDouble(r, c), 0);
                double s = raw.getDouble(r, 2 + c);
                double softplus = Math.log1p(Math.exp(s));
                assertEquals(Math.log(softplus + floor), out.getDouble(r, 2 + c), 1e-12);
                assertTrue(out.getDouble(r, 2 + c) >= Math.log(floor));
            }
        }
        assertEquals(Math.log(floor), out.getDouble(0, 3), 1e-12);
        assertEquals(8, GradientCheck.check(sd, y, Map.of(), 100));
        assertThrows(IllegalArgumentException.class, () -> new HeteroscedasticHead(1, 0));
    }

    @Test
    void heteroscedasticHeadWorksOnAChannelsFirstAxis() {
        HeteroscedasticHead head = new HeteroscedasticHead(1, 1e-6);
        SameDiff sd = SameDiff.create();
        INDArray raw = random(8, -2, 2, 6, 5).reshape(3, 2, 5);
        INDArray out = head.apply(sd, sd.var("raw", raw), 3, 1).eval();
        for (int b = 0; b < 3; b++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(raw.getDouble(b, 0, x), out.getDouble(b, 0, x), 0);
                double s = raw.getDouble(b, 1, x);
                assertEquals(Math.log(Math.log1p(Math.exp(s)) + 1e-6), out.getDouble(b, 1, x), 1e-12);
            }
        }
    }

    @Test
    void weightsAreDeterministicPerSeedAndName() {
        INDArray a = Weights.uniformArray(DataType.DOUBLE, 42, "w", -1, 1, 10, 10);
        INDArray b = Weights.uniformArray(DataType.DOUBLE, 42, "w", -1, 1, 10, 10);
        INDArray c = Weights.uniformArray(DataType.DOUBLE, 43, "w", -1, 1, 10, 10);
        INDArray d = Weights.uniformArray(DataType.DOUBLE, 42, "v", -1, 1, 10, 10);
        assertArrayEquals(a.data().asDouble(), b.data().asDouble(), 0);
        assertFalse(a.equalsWithEps(c, 1e-3));
        assertFalse(a.equalsWithEps(d, 1e-3));
        assertTrue(a.maxNumber().doubleValue() < 1 && a.minNumber().doubleValue() >= -1);
        // uniform on [-1, 1): mean near 0, variance near 1/3 (100 samples: loose 5-sigma bounds)
        assertEquals(0, a.meanNumber().doubleValue(), 5 * Math.sqrt(1.0 / 300));
        assertEquals(1.0 / 3, a.varNumber().doubleValue(), 0.15);

        SameDiff sd = SameDiff.create();
        SDVariable v = Weights.uniform(sd, "w", DataType.FLOAT, 42, -1, 1, 10, 10);
        assertEquals(v, Weights.uniform(sd, "w", DataType.FLOAT, 42, -1, 1, 10, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Weights.uniform(sd, "w", DataType.FLOAT, 42, -1, 1, 10, 11));
        assertTrue(e.getMessage().contains("w") && e.getMessage().contains("[10, 10]"), e.getMessage());
    }
}
