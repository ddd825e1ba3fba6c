package dev.surrogate.operators.physics;

import java.util.Locale;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Named constants of the physics graphs, created once per graph and data type and shared by every use. */
final class GraphConstants {
    private GraphConstants() {
    }

    /**
     * @param sd     the graph
     * @param name   constant name without the data type; must encode everything the values depend on
     * @param dtype  data type of the constant (that of the input it meets)
     * @param values row-major double values, computed only when the constant is new
     * @param shape  shape of the constant
     * @return the constant {@code physics/<name>/<dtype>}
     */
    static SDVariable get(SameDiff sd, String name, DataType dtype, Supplier<double[]> values, long... shape) {
        String full = "physics/" + name + "/" + dtype.name().toLowerCase(Locale.ROOT);
        if (sd.hasVariable(full)) {
            return sd.getVariable(full);
        }
        return sd.constant(full, Nd4j.create(values.get(), shape, DataType.DOUBLE).castTo(dtype));
    }

    /** @return the transpose of a row-major {@code [rows * cols]} matrix, row-major {@code [cols * rows]} */
    static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }
}
