package dev.surrogate.operators.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.GradientCheck;
import java.util.Map;
import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SpectralConv2dTest {

    /** Layer layout {@code [nx * ny * batch, ch]}, rows {@code (x, y, b)}, from {@code u[b][c][y][x]}. */
    static INDArray xMajor(double[][][][] u) {
        int batch = u.length;
        int ch = u[0].length;
        int ny = u[0][0].length;
        int nx = u[0][0][0].length;
        double[] flat = new double[nx * ny * batch * ch];
        for (int x = 0; x < nx; x++) {
            for (int y = 0; y < ny; y++) {
                for (int b = 0; b < batch; b++) {
                    for (int c = 0; c < ch; c++) {
                        flat[((x * ny + y) * batch + b) * ch + c] = u[b][c][y][x];
                    }
                }
            }
        }
        return Nd4j.create(flat, new long[] {(long) nx * ny * batch, ch}, DataType.DOUBLE);
    }

    static double at(INDArray y, int ny, int batch, int x, int yy, int b, int c) {
        return y.getDouble(((long) x * ny + yy) * batch + b, c);
    }

    private static INDArray run(SpectralConv2d layer, INDArray x, int ny, int nx, SameDiff sd) {
        SDVariable in = sd.placeHolder("x", DataType.DOUBLE, -1, layer.inChannels());
        SDVariable out = layer.apply(sd, in, ny, nx);
        return sd.output(Map.of("x", x), out.name()).get(out.name());
    }

    @Test
    void equalsTruncatedFft2FilterIfft2ComputedWithJTransforms() {
        int ny = 12;
        int nx = 10;
        int my = 3;
        int batch = 2;
        int in = 2;
        int out = 2;
        SplittableRandom rng = new SplittableRandom(9);
        double[][][][] u = new double[batch][in][ny][nx];
        for (double[][][] a : u) {
            for (double[][] b : a) {
                for (double[] c : b) {
                    for (int i = 0; i < nx; i++) {
                        c[i] = rng.nextDouble(-1, 1);
                    }
                }
            }
        }
        // mx = nx/2 + 1 keeps the x Nyquist column, whose imaginary part a c2r transform ignores
        for (int mx : new int[] {1, 4, nx / 2 + 1}) {
            SpectralConv2d layer = new SpectralConv2d("spec", in, out, my, mx, 4);
            SameDiff sd = SameDiff.create();
            INDArray y = run(layer, xMajor(u), ny, nx, sd);
            // weight [mx, 2 my, 2 in, out]
            double[] w = sd.getVariable("spec/weight").getArr().data().asDouble();
            int kk = 2 * my;

            DoubleFFT_2D fft2 = new DoubleFFT_2D(ny, nx);
            DoubleFFT_1D ffty = new DoubleFFT_1D(ny);
            DoubleFFT_1D fftx = new DoubleFFT_1D(nx);
            double maxErr = 0;
            double maxAbs = 0;
            for (int b = 0; b < batch; b++) {
                double[][] hat = new double[in][];
                for (int i = 0; i < in; i++) {
                    hat[i] = new double[2 * ny * nx];
                    for (int yy = 0; yy < ny; yy++) {
                        for (int x = 0; x < nx; x++) {
                            hat[i][2 * (yy * nx + x)] = u[b][i][yy][x];
                        }
                    }
                    fft2.complexForward(hat[i]); // full complex spectrum, row ky, column kx
                }
                for (int o = 0; o < out; o++) {
                    // half spectrum kx = 0 .. nx/2, complex, zero except the kept modes
                    int half = nx / 2 + 1;
                    double[][] spec = new double[half][2 * ny];
                    for (int j = 0; j < kk; j++) {
                        int ky = Math.floorMod(FourierBasis.signedWavenumber(j, my), ny);
                        for (int kx = 0; kx < mx; kx++) {
                            double sr = 0;
                            double si = 0;
                            for (int i = 0; i < in; i++) {
                                double ar = hat[i][2 * (ky * nx + kx)];
                                double ai = hat[i][2 * (ky * nx + kx) + 1];
                                double wr = w[((kx * kk + j) * 2 * in + i) * out + o];
                                double wi = w[((kx * kk + j) * 2 * in + in + i) * out + o];
                                sr += ar * wr - ai * wi;
                                si += ar * wi + ai * wr;
                            }
                            spec[kx][2 * ky] = sr;
                            spec[kx][2 * ky + 1] = si;
                        }
                    }
                    // irfft2 as pocketfft does it: complex inverse along y, then c2r along x
                    for (double[] col : spec) {
                        ffty.complexInverse(col, true);
                    }
                    for (int yy = 0; yy < ny; yy++) {
                        double[] packed = new double[nx];
                        packed[0] = spec[0][2 * yy];
                        packed[1] = spec[nx / 2][2 * yy]; // Re of the Nyquist column (nx even)
                        for (int kx = 1; kx < nx / 2; kx++) {
                            packed[2 * kx] = spec[kx][2 * yy];
                            packed[2 * kx + 1] = spec[kx][2 * yy + 1];
                        }
                        fftx.realInverse(packed, true);
                        for (int x = 0; x < nx; x++) {
                            double got = at(y, ny, batch, x, yy, b, o);
                            maxErr = Math.max(maxErr, Math.abs(got - packed[x]));
                            maxAbs = Math.max(maxAbs, Math.abs(packed[x]));
                        }
                    }
                }
            }
            assertTrue(maxAbs > 1e-3, "oracle output trivially small");
            assertTrue(maxErr < 1e-12 * Math.max(1, maxAbs), "mx " + mx + ": max error " + maxErr);
        }
    }

    @Test
    void sameWeightsGiveTheSameFunctionAtTwiceTheResolution() {
        int ny = 12;
        int nx = 16;
        SpectralConv2d layer = new SpectralConv2d("spec", 1, 2, 3, 4, 8);
        double[][][][] coarse = new double[2][1][ny][nx];
        double[][][][] fine = new double[2][1][2 * ny][2 * nx];
        SplittableRandom rng = new SplittableRandom(3);
        for (int b = 0; b < 2; b++) {
            // wavenumbers |ky| <= 4 < ny/2 and kx <= 5 < nx/2, some outside the kept set
            double[][] a = new double[9][6];
            double[][] p = new double[9][6];
            for (int i = 0; i < 9; i++) {
                for (int j = 0; j < 6; j++) {
                    a[i][j] = rng.nextDouble(-1, 1);
                    p[i][j] = rng.nextDouble(0, 2 * Math.PI);
                }
            }
            for (int yy = 0; yy < 2 * ny; yy++) {
                for (int x = 0; x < 2 * nx; x++) {
                    double s = 0;
                    for (int i = 0; i < 9; i++) {
                        for (int j = 0; j < 6; j++) {
                            s += a[i][j] * Math.cos(2 * Math.PI * ((i - 4) * yy / (2.0 * ny) + j * x / (2.0 * nx))
                                    + p[i][j]);
                        }
                    }
                    fine[b][0][yy][x] = s;
                    if (x % 2 == 0 && yy % 2 == 0) {
                        coarse[b][0][yy / 2][x / 2] = s;
                    }
                }
            }
        }
        INDArray yc = run(layer, xMajor(coarse), ny, nx, SameDiff.create());
        INDArray yf = run(layer, xMajor(fine), 2 * ny, 2 * nx, SameDiff.create());
        double maxErr = 0;
        double maxAbs = 0;
        for (int x = 0; x < nx; x++) {
            for (int yy = 0; yy < ny; yy++) {
                for (int b = 0; b < 2; b++) {
                    for (int c = 0; c < 2; c++) {
                        double vc = at(yc, ny, 2, x, yy, b, c);
                        double vf = at(yf, 2 * ny, 2, 2 * x, 2 * yy, b, c);
                        maxErr = Math.max(maxErr, Math.abs(vc - vf));
                        maxAbs = Math.max(maxAbs, Math.abs(vc));
                    }
                }
            }
        }
        assertTrue(maxAbs > 1e-3, "output trivially small");
        assertTrue(maxErr < 1e-12, "resolution mismatch " + maxErr);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        int ny = 6;
        int nx = 8;
        SpectralConv2d layer = new SpectralConv2d("spec", 2, 2, 2, 3, 1);
        SameDiff sd = SameDiff.create();
        SplittableRandom rng = new SplittableRandom(4);
        double[] v = new double[nx * ny * 2 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        SDVariable x = sd.var("x", Nd4j.create(v, new long[] {(long) nx * ny * 2, 2}, DataType.DOUBLE));
        SDVariable y = layer.apply(sd, x, ny, nx);
        assertEquals(80, GradientCheck.check(sd, y, Map.of(), 40));
    }

    /** The constant goes into the (0, 0) mode, which the inverse transforms turn into the same value everywhere. */
    @Test
    void aConstantFieldIsAddedAtEveryPointAndHasItsGradient() {
        int ny = 6;
        int nx = 8;
        int batch = 2;
        SpectralConv2d layer = new SpectralConv2d("spec", 2, 2, 2, 3, 1);
        SameDiff sd = SameDiff.create();
        SplittableRandom rng = new SplittableRandom(6);
        double[] v = new double[nx * ny * batch * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        SDVariable x = sd.var("x", Nd4j.create(v, new long[] {(long) nx * ny * batch, 2}, DataType.DOUBLE));
        SDVariable c = sd.var("c", Nd4j.create(new double[] {-0.25, 2.0}, new long[] {2}, DataType.DOUBLE));
        INDArray plain = layer.apply(sd, x, ny, nx).eval();
        SDVariable y = layer.apply(sd, x, ny, nx, c);
        INDArray shifted = y.eval();
        for (long row = 0; row < (long) nx * ny * batch; row++) {
            assertEquals(-0.25, shifted.getDouble(row, 0) - plain.getDouble(row, 0), 1e-14);
            assertEquals(2.0, shifted.getDouble(row, 1) - plain.getDouble(row, 1), 1e-14);
        }
        assertEquals(40 + 40 + 2, GradientCheck.check(sd, y, Map.of(), 40));
    }

    @Test
    void rejectsTooManyModesForTheGrid() {
        SpectralConv2d layer = new SpectralConv2d("spec", 1, 1, 5, 2, 1);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.apply(sd, x, 8, 8));
        assertTrue(e.getMessage().contains("modes"), e.getMessage());
    }
}
