package dev.surrogate.operators.layers;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deterministic creation of trainable variables.
 *
 * <p>Every variable draws its initial values from its own {@link SplittableRandom}, seeded by mixing the model seed
 * with the variable's name. So the same seed gives the same weights, and adding or removing one layer does not
 * shift the initial values of the others. Values are drawn in double and then cast to the graph's data type, so a
 * {@code FLOAT} and a {@code DOUBLE} graph built from the same seed hold the same weights up to rounding.
 */
public final class Weights {
    private Weights() {
    }

    /**
     * Returns the variable {@code name} of {@code sd}, creating it with values uniform in {@code [lo, hi)} if it does
     * not exist yet.
     *
     * @param sd    the graph
     * @param name  stable variable name (weights are saved and loaded by name)
     * @param dtype data type of a new variable
     * @param seed  model seed
     * @param lo    lower bound of the initial values
     * @param hi    upper bound of the initial values, {@code >= lo}
     * @param shape shape of the variable
     * @return the (possibly pre-existing) variable
     * @throws IllegalArgumentException if a variable of that name exists with another shape
     */
    public static SDVariable uniform(SameDiff sd, String name, DataType dtype, long seed, double lo, double hi,
                                     long... shape) {
        if (sd.hasVariable(name)) {
            SDVariable existing = sd.getVariable(name);
            long[] have = existing.getArr().shape();
            if (!Arrays.equals(have, shape)) {
                throw new IllegalArgumentException("variable " + name + " exists with shape " + Arrays.toString(have)
                        + ", requested " + Arrays.toString(shape));
            }
            return existing;
        }
        if (!(hi >= lo)) {
            throw new IllegalArgumentException("variable " + name + ": init bounds [" + lo + ", " + hi + ") invalid");
        }
        return sd.var(name, uniformArray(dtype, seed, name, lo, hi, shape));
    }

    /**
     * The array {@link #uniform} would create.
     *
     * @param dtype data type
     * @param seed  model seed
     * @param name  variable name mixed into the seed
     * @param lo    lower bound
     * @param hi    upper bound
     * @param shape shape
     * @return a new array of that shape, C order
     */
    public static INDArray uniformArray(DataType dtype, long seed, String name, double lo, double hi,
                                        long... shape) {
        long count = 1;
        for (long s : shape) {
            if (s <= 0) {
                throw new IllegalArgumentException("variable " + name + ": non-positive dimension in shape "
                        + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, s);
        }
        SplittableRandom rng = new SplittableRandom(mix(seed, name));
        double[] values = new double[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i++) {
            values[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return Nd4j.create(values, shape, DataType.DOUBLE).castTo(dtype);
    }

    /**
     * Kaiming-uniform bound {@code 1 / sqrt(fanIn)}, PyTorch's default for {@code nn.Linear} and {@code nn.Conv1d}
     * weights and biases (kaiming_uniform with a = sqrt(5)).
     *
     * @param fanIn number of inputs per output
     * @return the bound b of U(-b, b)
     */
    public static double fanInBound(long fanIn) {
        return 1.0 / Math.sqrt(fanIn);
    }

    /** SplitMix64 finaliser of the seed combined with the name's characters: decorrelates nearby seeds. */
    static long mix(long seed, String name) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
