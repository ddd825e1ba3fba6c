package dev.surrogate.operators.models;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Inputs for the model tests. */
final class ModelTestSupport {
    private ModelTestSupport() {
    }

    /** Smooth random periodic fields {@code [batch, channels, n]} (wavenumbers up to 3), sampled at {@code n}. */
    static INDArray smooth1d(long seed, int batch, int channels, int n, DataType dt) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[batch * channels * n];
        for (int s = 0; s < batch * channels; s++) {
            double[] a = new double[4];
            double[] p = new double[4];
            for (int k = 0; k < 4; k++) {
                a[k] = rng.nextDouble(-1, 1);
                p[k] = rng.nextDouble(0, 2 * Math.PI);
            }
            for (int i = 0; i < n; i++) {
                double x = 2 * Math.PI * i / n;
                double u = 0;
                for (int k = 0; k < 4; k++) {
                    u += a[k] * Math.cos(k * x + p[k]);
                }
                v[s * n + i] = u;
            }
        }
        return Nd4j.create(v, new long[] {batch, channels, n}, DataType.DOUBLE).castTo(dt);
    }

    /** Smooth random periodic fields {@code [batch, channels, ny, nx]}. */
    static INDArray smooth2d(long seed, int batch, int channels, int ny, int nx, DataType dt) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[batch * channels * ny * nx];
        for (int s = 0; s < batch * channels; s++) {
            double[][] a = new double[3][3];
            double[][] p = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a[i][j] = rng.nextDouble(-1, 1);
                    p[i][j] = rng.nextDouble(0, 2 * Math.PI);
                }
            }
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double u = 0;
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            u += a[i][j] * Math.cos(2 * Math.PI * ((i - 1.0) * y / ny + (double) j * x / nx)
                                    + p[i][j]);
                        }
                    }
                    v[(s * ny + y) * nx + x] = u;
                }
            }
        }
        return Nd4j.create(v, new long[] {batch, channels, ny, nx}, DataType.DOUBLE).castTo(dt);
    }

    /** Cyclic shift of the last axis by {@code s}, or of the last two axes by {@code (sy, sx)}. */
    static INDArray roll(INDArray a, int sy, int sx) {
        INDArray out = a.dup();
        long[] shape = a.shape();
        int rank = shape.length;
        long nx = shape[rank - 1];
        long ny = rank == 4 ? shape[2] : 1;
        long outer = a.length() / (nx * ny);
        INDArray flatIn = a.reshape(outer, ny, nx);
        INDArray flatOut = out.reshape(outer, ny, nx);
        for (long o = 0; o < outer; o++) {
            for (long y = 0; y < ny; y++) {
                for (long x = 0; x < nx; x++) {
                    flatOut.putScalar(new long[] {o, Math.floorMod(y + sy, ny), Math.floorMod(x + sx, nx)},
                            flatIn.getDouble(o, y, x));
                }
            }
        }
        return flatOut.reshape(shape);
    }
}
