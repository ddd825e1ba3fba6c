package dev.surrogate.operators.layers;

import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Named, shared, non-trainable arrays of a graph (Fourier bases, grid coordinates). */
public final class Constants {
    private Constants() {
    }

    /**
     * Returns constant {@code name}, creating it from {@code values} (double, row-major) in {@code dtype} on first
     * use; layers of the same grid and mode count then share one basis.
     *
     * @param sd     the graph
     * @param name   constant name; must encode everything the values depend on (grid size, modes)
     * @param dtype  data type of a new constant
     * @param values row-major values, only called if the constant is missing
     * @param shape  shape of a new constant
     * @return the constant
     */
    public static SDVariable getOrCreate(SameDiff sd, String name, DataType dtype, Supplier<double[]> values,
                                  long... shape) {
        if (sd.hasVariable(name)) {
            return sd.getVariable(name);
        }
        return sd.constant(name, Nd4j.create(values.get(), shape, DataType.DOUBLE).castTo(dtype));
    }
}
