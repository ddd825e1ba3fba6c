package dev.surrogate.operators.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.GradientCheck;
import java.util.Map;
import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SpectralConv1dTest {

    /** x-major input {@code [nx * batch, ch]} from per-sample, per-channel signals {@code u[b][c][x]}. */
    static INDArray xMajor(double[][][] u) {
        int batch = u.length;
        int ch = u[0].length;
        int nx = u[0][0].length;
        double[] flat = new double[nx * batch * ch];
        for (int x = 0; x < nx; x++) {
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < ch; c++) {
                    flat[(x * batch + b) * ch + c] = u[b][c][x];
                }
            }
        }
        return Nd4j.create(flat, new long[] {(long) nx * batch, ch}, DataType.DOUBLE);
    }

    static double[][][] random(SplittableRandom rng, int batch, int ch, int nx) {
        double[][][] u = new double[batch][ch][nx];
        for (double[][] a : u) {
            for (double[] b : a) {
                for (int i = 0; i < nx; i++) {
                    b[i] = rng.nextDouble(-1, 1);
                }
            }
        }
        return u;
    }

    private static INDArray run(SpectralConv1d layer, INDArray x, int nx, SameDiff sd) {
        SDVariable in = sd.placeHolder("x", DataType.DOUBLE, -1, layer.inChannels());
        SDVariable out = layer.apply(sd, in, nx);
        return sd.output(Map.of("x", x), out.name()).get(out.name());
    }

    @Test
    void equalsTruncatedFftFilterIfftComputedWithJTransforms() {
        int nx = 48;
        int batch = 3;
        int in = 2;
        int out = 3;
        SplittableRandom rng = new SplittableRandom(7);
        double[][][] u = random(rng, batch, in, nx);
        // modes = nx/2 + 1 includes the Nyquist mode, whose imaginary part irfft ignores: covered too.
        for (int modes : new int[] {1, 5, nx / 2 + 1}) {
            SpectralConv1d layer = new SpectralConv1d("spec", in, out, modes, 3);
            SameDiff sd = SameDiff.create();
            INDArray y = run(layer, xMajor(u), nx, sd);
            // weight [modes, 2 in, out]: real part in rows 0..in-1, imaginary part in rows in..2in-1
            double[] w = sd.getVariable("spec/weight").getArr().data().asDouble();

            DoubleFFT_1D fft = new DoubleFFT_1D(nx);
            double maxAbs = 0;
            double maxErr = 0;
            for (int b = 0; b < batch; b++) {
                double[][] hat = new double[in][];
                for (int i = 0; i < in; i++) {
                    hat[i] = u[b][i].clone();
                    fft.realForward(hat[i]);
                }
                for (int o = 0; o < out; o++) {
                    double[] res = new double[nx]; // JTransforms packed layout, all modes >= `modes` stay zero
                    for (int k = 0; k < modes; k++) {
                        double sr = 0;
                        double si = 0;
                        for (int i = 0; i < in; i++) {
                            double ar = re(hat[i], k, nx);
                            double ai = im(hat[i], k, nx);
                            double wr = w[(k * 2 * in + i) * out + o];
                            double wi = w[(k * 2 * in + in + i) * out + o];
                            sr += ar * wr - ai * wi;
                            si += ar * wi + ai * wr;
                        }
                        put(res, k, nx, sr, si);
                    }
                    fft.realInverse(res, true);
                    for (int x = 0; x < nx; x++) {
                        double got = y.getDouble((long) x * batch + b, o);
                        maxErr = Math.max(maxErr, Math.abs(got - res[x]));
                        maxAbs = Math.max(maxAbs, Math.abs(res[x]));
                    }
                }
            }
            assertTrue(maxAbs > 1e-3, "oracle output is trivially small");
            assertTrue(maxErr < 1e-13 * Math.max(1, maxAbs) * nx, "modes " + modes + ": max error " + maxErr);
        }
    }

    private static double re(double[] packed, int k, int n) {
        return k == 0 ? packed[0] : (2 * k == n ? packed[1] : packed[2 * k]);
    }

    private static double im(double[] packed, int k, int n) {
        return (k == 0 || 2 * k == n) ? 0 : packed[2 * k + 1];
    }

    private static void put(double[] packed, int k, int n, double r, double i) {
        if (k == 0) {
            packed[0] = r;
        } else if (2 * k == n) {
            packed[1] = r;
        } else {
            packed[2 * k] = r;
            packed[2 * k + 1] = i;
        }
    }

    @Test
    void sameWeightsGiveTheSameFunctionAtTwiceTheResolution() {
        int nx = 32;
        int modes = 6;
        int batch = 2;
        SpectralConv1d layer = new SpectralConv1d("spec", 2, 2, modes, 11);
        // band-limited input: wavenumbers up to 9 < nx/2, above and below the kept modes
        double[][][] coarse = new double[batch][2][nx];
        double[][][] fine = new double[batch][2][2 * nx];
        SplittableRandom rng = new SplittableRandom(5);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < 2; c++) {
                double[] a = new double[10];
                double[] p = new double[10];
                for (int k = 0; k < 10; k++) {
                    a[k] = rng.nextDouble(-1, 1);
                    p[k] = rng.nextDouble(0, 2 * Math.PI);
                }
                for (int x = 0; x < 2 * nx; x++) {
                    double s = 0;
                    for (int k = 0; k < 10; k++) {
                        s += a[k] * Math.cos(2 * Math.PI * k * x / (2.0 * nx) + p[k]);
                    }
                    fine[b][c][x] = s;
                    if (x % 2 == 0) {
                        coarse[b][c][x / 2] = s;
                    }
                }
            }
        }
        INDArray yc = run(layer, xMajor(coarse), nx, SameDiff.create());
        INDArray yf = run(layer, xMajor(fine), 2 * nx, SameDiff.create());
        double maxErr = 0;
        double maxAbs = 0;
        for (int x = 0; x < nx; x++) {
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < 2; c++) {
                    double vc = yc.getDouble((long) x * batch + b, c);
                    double vf = yf.getDouble((long) (2 * x) * batch + b, c);
                    maxErr = Math.max(maxErr, Math.abs(vc - vf));
                    maxAbs = Math.max(maxAbs, Math.abs(vc));
                }
            }
        }
        assertTrue(maxAbs > 1e-3, "output trivially small");
        assertTrue(maxErr < 1e-12, "resolution mismatch " + maxErr);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        int nx = 12;
        SpectralConv1d layer = new SpectralConv1d("spec", 3, 2, 4, 1);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", xMajor(random(new SplittableRandom(2), 2, 3, nx)));
        SDVariable y = layer.apply(sd, x, nx);
        int n = GradientCheck.check(sd, y, Map.of(), 40);
        assertEquals(40 + 40, n);
    }

    /** The constant goes into the zero mode, which the inverse transform turns into the same value everywhere. */
    @Test
    void aConstantFieldIsAddedAtEveryPointAndHasItsGradient() {
        int nx = 12;
        int batch = 2;
        SpectralConv1d layer = new SpectralConv1d("spec", 3, 2, 4, 1);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", xMajor(random(new SplittableRandom(3), batch, 3, nx)));
        SDVariable c = sd.var("c", Nd4j.create(new double[] {0.75, -1.5}, new long[] {2}, DataType.DOUBLE));
        INDArray plain = layer.apply(sd, x, nx).eval();
        SDVariable y = layer.apply(sd, x, nx, c);
        INDArray shifted = y.eval();
        for (long row = 0; row < (long) nx * batch; row++) {
            assertEquals(0.75, shifted.getDouble(row, 0) - plain.getDouble(row, 0), 1e-14);
            assertEquals(-1.5, shifted.getDouble(row, 1) - plain.getDouble(row, 1), 1e-14);
        }
        assertEquals(40 + 40 + 2, GradientCheck.check(sd, y, Map.of(), 40));
    }

    @Test
    void batchSizeIsDynamic() {
        int nx = 16;
        SpectralConv1d layer = new SpectralConv1d("spec", 2, 2, 4, 1);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
        SDVariable y = layer.apply(sd, x, nx);
        for (int batch : new int[] {1, 5}) {
            INDArray out = sd.output(Map.of("x", Nd4j.rand(DataType.FLOAT, (long) nx * batch, 2)), y.name())
                    .get(y.name());
            assertEquals((long) nx * batch, out.size(0));
        }
    }

    @Test
    void rejectsTooManyModesForTheGrid() {
        SpectralConv1d layer = new SpectralConv1d("spec", 1, 1, 10, 1);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.apply(sd, x, 16));
        assertTrue(e.getMessage().contains("modes"), e.getMessage());
    }
}
