package dev.surrogate.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

class ActivationKernelTest {

    /** Grid over [-30, 30] plus random normal values of scale 3, float32. */
    private static float[] values() {
        int grid = 6001;
        float[] v = new float[grid + 100_000];
        for (int i = 0; i < grid; i++) {
            v[i] = (float) (-30 + 60.0 * i / (grid - 1));
        }
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = grid; i < v.length; i++) {
            v[i] = (float) (3 * rng.nextGaussian());
        }
        return v;
    }

    @Test
    void geluAgreesWithTheSigmoidFormAndWithNd4jsKernelToFloatRoundOff() {
        compare(ActivationKernel.GELU, GELU::new, x -> x / (1 + Math.exp(-1.702 * x)), 1e-6, true);
    }

    @Test
    void sigmoidAgreesWithTheExactFunctionAndWithNd4jsKernelToFloatRoundOff() {
        compare(ActivationKernel.SIGMOID, Sigmoid::new, x -> 1 / (1 + Math.exp(-x)), 3e-7, false);
    }

    /**
     * Asserts that {@code kernel} agrees with {@code exact} and with ND4J's op to {@code tol}, relative to
     * {@code max(1, |x|)} if {@code relative}, absolute otherwise.
     */
    private static void compare(ActivationKernel kernel, BiFunction<INDArray, INDArray, Op> nd4jOp,
                                DoubleUnaryOperator exact, double tol, boolean relative) {
        float[] v = values();
        INDArray x = Nd4j.createFromArray(v);
        INDArray mine = x.ulike();
        kernel.apply(x, mine, new float[0]);
        INDArray nd4j = x.ulike();
        Nd4j.exec(nd4jOp.apply(x, nd4j));
        for (int i = 0; i < v.length; i++) {
            double t = relative ? tol * Math.max(1, Math.abs(v[i])) : tol;
            assertEquals(exact.applyAsDouble(v[i]), mine.getDouble(i), t, kernel + " at x = " + v[i]);
            assertEquals(nd4j.getDouble(i), mine.getDouble(i), t, "ND4J's " + kernel + " at x = " + v[i]);
        }
    }

    @Test
    void writesADenseViewWithAnOffsetAndLeavesTheRestAlone() {
        INDArray m = Nd4j.linspace(-4, 4, 3 * 70_001, DataType.FLOAT).reshape(3, 70_001);
        INDArray before = m.dup();
        INDArray row = m.getRow(1);
        assertTrue(ActivationKernel.applies(row, row));
        // in place, through a chunked copy (the row is longer than a chunk)
        ActivationKernel.GELU.apply(row, row, new float[0]);
        for (int j = 0; j < 70_001; j += 997) {
            double xi = before.getDouble(1, j);
            assertEquals(xi / (1 + Math.exp(-1.702 * xi)), m.getDouble(1, j), 1e-6 * Math.max(1, Math.abs(xi)));
            assertEquals(before.getDouble(0, j), m.getDouble(0, j), 0.0);
            assertEquals(before.getDouble(2, j), m.getDouble(2, j), 0.0);
        }
    }

    @Test
    void activationThenNarrowProductMatchesTheDefinition() {
        // odd inner size (the pairwise row sum's odd halvings) and more rows than one chunk holds
        int rows = 3000;
        int k = 37;
        SplittableRandom rng = new SplittableRandom(9);
        double[][] x = new double[rows][k];
        double[][] w = new double[k][2];
        float[] xf = new float[rows * k];
        float[] wf = new float[k * 2];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                xf[r * k + i] = (float) (3 * rng.nextGaussian());
                x[r][i] = xf[r * k + i];
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < 2; j++) {
                wf[i * 2 + j] = (float) rng.nextGaussian();
                w[i][j] = wf[i * 2 + j];
            }
        }
        INDArray xa = Nd4j.createFromArray(xf).reshape(rows, k);
        INDArray wa = Nd4j.createFromArray(wf).reshape(k, 2);
        assertTrue(ActivationKernel.appliesToProduct(xa, wa));
        INDArray z = Nd4j.zeros(DataType.FLOAT, rows, 2);
        ActivationKernel.GELU.applyThenMultiply(xa, wa, z, new float[0]);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 2; j++) {
                double sum = 0;
                double abs = 0;
                for (int i = 0; i < k; i++) {
                    double g = x[r][i] / (1 + Math.exp(-1.702 * x[r][i]));
                    sum += g * w[i][j];
                    abs += Math.abs(g * w[i][j]);
                }
                assertEquals(sum, z.getDouble(r, j), 1e-6 * Math.max(1, abs), "row " + r + ", column " + j);
            }
        }
        assertFalse(ActivationKernel.appliesToProduct(xa, Nd4j.zeros(DataType.FLOAT, k, ActivationKernel.NARROW + 1)));
        assertFalse(ActivationKernel.appliesToProduct(xa, Nd4j.zeros(DataType.FLOAT, k + 1, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationKernel.GELU.applyThenMultiply(xa, wa, Nd4j.zeros(DataType.FLOAT, rows, 3),
                        new float[0]));
        assertTrue(e.getMessage().contains("[3000, 3]"), e.getMessage());
    }

    @Test
    void refusesArraysItDoesNotHandle() {
        INDArray d = Nd4j.zeros(DataType.DOUBLE, 8);
        assertFalse(ActivationKernel.applies(d, d));
        INDArray strided = Nd4j.zeros(DataType.FLOAT, 4, 6).getColumn(2);
        assertFalse(ActivationKernel.applies(strided, Nd4j.zeros(DataType.FLOAT, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActivationKernel.GELU.apply(d, d, new float[0]));
        assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
    }
}
