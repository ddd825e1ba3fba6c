package dev.surrogate.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central finite differences against SameDiff's reverse-mode gradients, in double precision.
 *
 * <p>The scalar checked is {@code L = sum(out * R)} with a fixed random {@code R}, so every output element
 * contributes with its own weight (a plain sum would hide sign errors that cancel).
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * @param sd            a DOUBLE graph
     * @param out           the output to check
     * @param placeholders  values of the graph's placeholders. SameDiff returns gradients only for VARIABLE-type
     *                      arrays (and placeholders consumed directly by a differentiated op), so to check the
     *                      gradient with respect to an input, make the input a variable.
     * @param entriesPerVar how many entries of each variable to perturb (chosen at random, all if larger)
     * @return number of entries checked
     */
    public static int check(SameDiff sd, SDVariable out, Map<String, INDArray> placeholders, int entriesPerVar) {
        Runnable noReseed = () -> { };
        return check(sd, out, placeholders, entriesPerVar, noReseed);
    }

    /**
     * As {@link #check(SameDiff, SDVariable, Map, int)}, running {@code beforeEachExecution} before every
     * forward or backward pass (to reseed the random generator of a graph with dropout).
     */
    public static int check(SameDiff sd, SDVariable out, Map<String, INDArray> placeholders, int entriesPerVar,
                            Runnable beforeEachExecution) {
        assertEquals(DataType.DOUBLE, out.dataType(), "gradient checks need a DOUBLE graph");
        SplittableRandom rng = new SplittableRandom(12345);
        Map<String, INDArray> inputs = new HashMap<>(placeholders);
        beforeEachExecution.run();
        long[] shape = sd.output(inputs, out.name()).get(out.name()).shape();
        double[] r = new double[(int) lengthOf(shape)];
        for (int i = 0; i < r.length; i++) {
            r[i] = rng.nextDouble(-1, 1);
        }
        SDVariable weights = sd.constant("gradcheck/r", Nd4j.create(r, shape, DataType.DOUBLE));
        SDVariable loss = sd.sum("gradcheck/loss", out.mul(weights));
        loss.markAsLoss();

        List<String> names = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                names.add(v.name());
            }
        }
        beforeEachExecution.run();
        Map<String, INDArray> grads = Nd4jRuntime.quietly(
                () -> sd.calculateGradients(inputs, names.toArray(new String[0])));
        int checked = 0;
        double eps = 1e-6;
        for (String name : names) {
            INDArray arr = sd.getVariable(name).getArr();
            INDArray grad = grads.get(name);
            assertTrue(grad != null, "no gradient for " + name);
            long n = arr.length();
            List<Long> idx = new ArrayList<>();
            if (n <= entriesPerVar) {
                for (long i = 0; i < n; i++) {
                    idx.add(i);
                }
            } else {
                for (int k = 0; k < entriesPerVar; k++) {
                    idx.add(rng.nextLong(n));
                }
            }
            for (long i : idx) {
                double v0 = arr.getDouble(i);
                arr.putScalar(i, v0 + eps);
                beforeEachExecution.run();
                double lp = sd.output(inputs, loss.name()).get(loss.name()).getDouble(0);
                arr.putScalar(i, v0 - eps);
                beforeEachExecution.run();
                double lm = sd.output(inputs, loss.name()).get(loss.name()).getDouble(0);
                arr.putScalar(i, v0);
                double fd = (lp - lm) / (2 * eps);
                double an = grad.getDouble(i);
                double err = Math.abs(fd - an);
                if (err > 1e-6 * Math.max(1.0, Math.abs(fd) + Math.abs(an))) {
                    fail("gradient of " + name + " entry " + i + ": analytic " + an + ", finite difference " + fd);
                }
                checked++;
            }
        }
        return checked;
    }

    private static long lengthOf(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
