package dev.surrogate.operators.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LossesTest {

    /** Evaluates a loss on two arrays in double precision. */
    private static double value(Loss loss, INDArray pred, INDArray target, int[] space) {
        SameDiff sd = SameDiff.create();
        SDVariable p = sd.placeHolder("p", DataType.DOUBLE, pred.shape());
        SDVariable t = sd.placeHolder("t", DataType.DOUBLE, target.shape());
        SDVariable l = loss.apply(sd, p, t, space);
        return sd.output(Map.of("p", pred, "t", target), l.name()).get(l.name()).getDouble(0);
    }

    private static INDArray sine1d(int batch, int nx, double length, double[] amplitude, int k) {
        INDArray a = Nd4j.zeros(DataType.DOUBLE, batch, 1, nx);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < nx; i++) {
                a.putScalar(new long[] {b, 0, i}, amplitude[b] * Math.sin(2 * Math.PI * k * i / nx));
            }
        }
        return a;
    }

    @Test
    void absoluteL2OfSineIsItsFunctionNorm() {
        // ||A sin(2 pi k x / L)||_2 on [0, L) = A sqrt(L / 2); the rectangle rule is exact for trig polynomials
        double length = 3.0;
        int nx = 64;
        INDArray target = Nd4j.zeros(DataType.DOUBLE, 2, 1, nx);
        INDArray pred = sine1d(2, nx, length, new double[] {0.5, 2.0}, 3);
        double got = value(LpLoss.absolute(2, new double[] {length}), pred, target, new int[] {nx});
        double expected = 0.5 * ((0.5 + 2.0) * Math.sqrt(length / 2));
        assertEquals(expected, got, 1e-12);
        // resolution independence: the same function on a finer grid has the same norm
        INDArray fine = sine1d(2, 4 * nx, length, new double[] {0.5, 2.0}, 3);
        double gotFine = value(LpLoss.absolute(2, new double[] {length}), fine, Nd4j.zeros(DataType.DOUBLE, 2, 1,
                4 * nx), new int[] {4 * nx});
        assertEquals(expected, gotFine, 1e-12);
    }

    @Test
    void absoluteL2In2dUsesCellArea() {
        // A cos(2 pi (x / Lx + 2 y / Ly)) on [0, Lx) x [0, Ly): ||.||_2 = A sqrt(Lx Ly / 2)
        int nx = 16;
        int ny = 8;
        double lx = 2.0;
        double ly = 0.5;
        double amp = 1.5;
        INDArray pred = Nd4j.zeros(DataType.DOUBLE, 1, 1, ny, nx);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                pred.putScalar(new long[] {0, 0, j, i}, amp * Math.cos(2 * Math.PI * ((double) i / nx + 2.0 * j / ny)));
            }
        }
        double got = value(LpLoss.absolute(2, new double[] {ly, lx}), pred, Nd4j.zeros(DataType.DOUBLE, 1, 1, ny, nx),
                new int[] {ny, nx});
        assertEquals(amp * Math.sqrt(lx * ly / 2), got, 1e-12);
    }

    @Test
    void relativeL2IsPerSampleThenAveraged() {
        // pred_b = (1 + a_b) true_b gives a per-sample relative error |a_b| whatever true_b is
        int nx = 32;
        SplittableRandom r = new SplittableRandom(5);
        INDArray target = Nd4j.zeros(DataType.DOUBLE, 3, 2, nx);
        double[] a = {0.1, -0.3, 0.02};
        INDArray pred = target.dup();
        for (int b = 0; b < 3; b++) {
            double scale = Math.pow(10, b); // very different magnitudes: a global ratio would be dominated by b = 2
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < nx; i++) {
                    double v = scale * r.nextDouble(-1, 1);
                    target.putScalar(new long[] {b, c, i}, v);
                    pred.putScalar(new long[] {b, c, i}, (1 + a[b]) * v);
                }
            }
        }
        double got = value(LpLoss.relative(2, new double[] {1.0}), pred, target, new int[] {nx});
        assertEquals((0.1 + 0.3 + 0.02) / 3, got, 1e-12);
        assertEquals("rel_l2", LpLoss.relative(2, new double[] {1}).name());
    }

    @Test
    void relativeL1MatchesHandComputation() {
        INDArray target = Nd4j.createFromArray(new double[] {1, -2, 3, -4}).reshape(1, 1, 4);
        INDArray pred = Nd4j.createFromArray(new double[] {1.5, -2, 2, -4}).reshape(1, 1, 4);
        double got = value(LpLoss.relative(1, new double[] {1.0}), pred, target, new int[] {4});
        assertEquals(1.5 / 10, got, 1e-12);
    }

    @Test
    void mseIsMeanOfSquares() {
        INDArray target = Nd4j.zeros(DataType.DOUBLE, 2, 1, 4);
        INDArray pred = Nd4j.createFromArray(new double[] {1, 1, 1, 1, 2, 2, 2, 2}).reshape(2, 1, 4);
        assertEquals((4 * 1 + 4 * 4) / 8.0, value(new MseLoss(), pred, target, new int[] {4}), 1e-12);
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        for (Loss loss : new Loss[] {LpLoss.relative(2, new double[] {2.0}), LpLoss.absolute(2, new double[] {2.0}),
                LpLoss.relative(3, new double[] {2.0}), new MseLoss()}) {
            checkGradient(loss);
        }
    }

    private static void checkGradient(Loss loss) {
        int batch = 3;
        int nx = 10;
        SplittableRandom r = new SplittableRandom(11);
        INDArray target = Nd4j.zeros(DataType.DOUBLE, batch, 2, nx);
        INDArray pred0 = Nd4j.zeros(DataType.DOUBLE, batch, 2, nx);
        for (long i = 0; i < target.length(); i++) {
            target.putScalar(i, r.nextDouble(-1, 1));
            pred0.putScalar(i, r.nextDouble(-1, 1));
        }
        SameDiff sd = SameDiff.create();
        SDVariable p = sd.var("p", pred0.dup());
        SDVariable t = sd.placeHolder("t", DataType.DOUBLE, target.shape());
        SDVariable l = loss.apply(sd, p, t, new int[] {nx}).rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> ph = Map.of("t", target);
        INDArray grad = sd.calculateGradients(ph, "p").get("p").dup();
        double h = 1e-6;
        double maxRel = 0;
        for (long i = 0; i < pred0.length(); i++) {
            INDArray arr = p.getArr();
            double v = arr.getDouble(i);
            arr.putScalar(i, v + h);
            double up = sd.output(ph, "loss").get("loss").getDouble(0);
            arr.putScalar(i, v - h);
            double down = sd.output(ph, "loss").get("loss").getDouble(0);
            arr.putScalar(i, v);
            double fd = (up - down) / (2 * h);
            double err = Math.abs(fd - grad.getDouble(i)) / Math.max(1e-3, Math.abs(fd));
            maxRel = Math.max(maxRel, err);
        }
        assertTrue(maxRel < 1e-6, loss + ": max relative gradient error " + maxRel);
    }

    @Test
    void gaussianNllMatchesHandComputationAndFiniteDifferences() {
        double[] mu = {0.5, -1.0, 2.0, 0.0};
        double[] logVar = {0.0, Math.log(0.25), Math.log(4.0), -1.0};
        double[] y = {1.0, -1.5, 2.0, 0.3};
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            double var = Math.exp(logVar[i]);
            expected += 0.5 * (Math.log(2 * Math.PI) + logVar[i] + (y[i] - mu[i]) * (y[i] - mu[i]) / var);
        }
        expected /= 4;
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.var("m", Nd4j.createFromArray(mu).reshape(1, 1, 4));
        SDVariable lv = sd.var("lv", Nd4j.createFromArray(logVar).reshape(1, 1, 4));
        SDVariable t = sd.constant("t", Nd4j.createFromArray(y).reshape(1, 1, 4));
        new GaussianNllLoss().apply(sd, m, lv, t, new int[] {4}).rename("loss");
        sd.setLossVariables("loss");
        assertEquals(expected, sd.output(Map.of(), "loss").get("loss").getDouble(0), 1e-12);
        Map<String, INDArray> g = sd.calculateGradients(Map.of(), "m", "lv");
        for (int i = 0; i < 4; i++) {
            double var = Math.exp(logVar[i]);
            assertEquals(-(y[i] - mu[i]) / var / 4, g.get("m").getDouble(i), 1e-12, "d/dmu " + i);
            assertEquals(0.5 * (1 - (y[i] - mu[i]) * (y[i] - mu[i]) / var) / 4, g.get("lv").getDouble(i), 1e-12,
                    "d/dlogvar " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new GaussianNllLoss().apply(sd, m, t, new int[] {4}));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> LpLoss.relative(0.5, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> LpLoss.relative(2, new double[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> Loss.byName("huber", new double[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LpLoss.relative(2, new double[] {1}).quadratureWeight(new int[] {4, 4}));
        assertTrue(e.getMessage().contains("[4, 4]"), e.getMessage());
    }
}
