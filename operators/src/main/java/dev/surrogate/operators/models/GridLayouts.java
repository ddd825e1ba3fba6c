package dev.surrogate.operators.models;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import dev.surrogate.operators.layers.Constants;

/**
 * The two layouts of the models' tensors: the channels-first tensors every model takes and returns
 * ({@code [batch, channels, nx]}, {@code [batch, channels, ny, nx]}), whose shapes {@link #check} validates, and the
 * x-major matrices inside the FNOs ({@code [points * batch, channels]}, grid point outermost); plus the normalised
 * grid coordinates in the point order of either layout ({@link #xMajorGrid}, {@link #rowMajorGrid}).
 */
final class GridLayouts {
    private GridLayouts() {
    }

    /** Checks the spatial shape argument and the statically known dimensions of {@code input}. */
    static void check(String model, SDVariable input, int[] spatialShape, int dims, int inChannels) {
        if (spatialShape == null || spatialShape.length != dims) {
            throw new IllegalArgumentException(model + " needs a spatial shape of length " + dims + ", got "
                    + Arrays.toString(spatialShape));
        }
        for (int n : spatialShape) {
            if (n < 2) {
                throw new IllegalArgumentException(model + ": grid sizes must be >= 2, got "
                        + Arrays.toString(spatialShape));
            }
        }
        long[] shape = input.getShape();
        if (shape == null) {
            return;
        }
        if (shape.length != dims + 2) {
            throw new IllegalArgumentException(model + ": input " + input.name() + " must have rank " + (dims + 2)
                    + " [batch, channels, " + (dims == 1 ? "nx" : "ny, nx") + "], got shape " + Arrays.toString(shape));
        }
        if (shape[1] >= 0 && shape[1] != inChannels) {
            throw new IllegalArgumentException(model + ": input " + input.name() + " has " + shape[1]
                    + " channels, the model expects " + inChannels);
        }
        for (int d = 0; d < dims; d++) {
            long have = shape[2 + d];
            if (have >= 0 && have != spatialShape[d]) {
                throw new IllegalArgumentException(model + ": input " + input.name() + " shape "
                        + Arrays.toString(shape) + " does not match spatial shape " + Arrays.toString(spatialShape));
            }
        }
    }

    /**
     * Normalised grid coordinates {@code i / n} in {@code [0, 1)} (the periodic cell positions divided by L).
     * 1-D: {@code [nx, 1]}. 2-D: {@code [nx * ny, 2]} with rows {@code (x, y)}, x outermost, columns (x, y).
     */
    static SDVariable xMajorGrid(SameDiff sd, DataType dt, int[] spatialShape) {
        if (spatialShape.length == 1) {
            int nx = spatialShape[0];
            return Constants.getOrCreate(sd, "grid/nx" + nx, dt, () -> {
                double[] g = new double[nx];
                for (int i = 0; i < nx; i++) {
                    g[i] = (double) i / nx;
                }
                return g;
            }, nx, 1);
        }
        int ny = spatialShape[0];
        int nx = spatialShape[1];
        return Constants.getOrCreate(sd, "grid/xmajor_ny" + ny + "_nx" + nx, dt, () -> {
            double[] g = new double[2 * nx * ny];
            for (int x = 0; x < nx; x++) {
                for (int y = 0; y < ny; y++) {
                    g[2 * (x * ny + y)] = (double) x / nx;
                    g[2 * (x * ny + y) + 1] = (double) y / ny;
                }
            }
            return g;
        }, (long) nx * ny, 2);
    }

    /**
     * Normalised grid coordinates in the boundary's point order: 1-D {@code [nx, 1]}; 2-D {@code [ny * nx, 2]},
     * rows {@code (y, x)} with x fastest, columns (x, y).
     */
    static SDVariable rowMajorGrid(SameDiff sd, DataType dt, int[] spatialShape) {
        if (spatialShape.length == 1) {
            return xMajorGrid(sd, dt, spatialShape);
        }
        int ny = spatialShape[0];
        int nx = spatialShape[1];
        return Constants.getOrCreate(sd, "grid/ymajor_ny" + ny + "_nx" + nx, dt, () -> {
            double[] g = new double[2 * nx * ny];
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    g[2 * (y * nx + x)] = (double) x / nx;
                    g[2 * (y * nx + x) + 1] = (double) y / ny;
                }
            }
            return g;
        }, (long) nx * ny, 2);
    }
}
