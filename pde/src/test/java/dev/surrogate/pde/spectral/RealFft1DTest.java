package dev.surrogate.pde.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RealFft1DTest {

    @Test
    void forwardMatchesDirectDftAndInverseRoundTrips() {
        int n = 12;
        SplittableRandom r = new SplittableRandom(3);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = r.nextDouble(-1, 1);
        }
        RealFft1D fft = new RealFft1D(n);
        double[] hat = new double[n + 2];
        fft.forward(u, hat);
        for (int j = 0; j <= n / 2; j++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                re += u[i] * Math.cos(2 * Math.PI * i * j / n);
                im -= u[i] * Math.sin(2 * Math.PI * i * j / n);
            }
            assertEquals(re, hat[2 * j], 1e-12, "Re mode " + j);
            assertEquals(im, hat[2 * j + 1], 1e-12, "Im mode " + j);
        }
        double[] back = new double[n];
        fft.inverse(hat, back);
        assertArrayEquals(u, back, 1e-14);
    }

    @Test
    void derivativeOfTrigonometricPolynomialIsExact() {
        int n = 32;
        double length = 3.0;
        SpectralGrid1D grid = new SpectralGrid1D(n, length);
        RealFft1D fft = new RealFft1D(n);
        double k1 = 2 * Math.PI / length;
        double[] u = new double[n];
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            double x = grid.x(i);
            u[i] = Math.sin(k1 * x) + 0.3 * Math.cos(5 * k1 * x);
            exact[i] = k1 * Math.cos(k1 * x) - 1.5 * k1 * Math.sin(5 * k1 * x);
        }
        double[] hat = new double[n + 2];
        fft.forward(u, hat);
        grid.derivative(hat, hat);
        double[] du = new double[n];
        fft.inverse(hat, du);
        assertArrayEquals(exact, du, 1e-12);
    }

    @Test
    void dealiasKeepsTwoThirdsOfTheModes() {
        SpectralGrid1D grid = new SpectralGrid1D(256, 1.0);
        assertEquals(85, grid.dealiasCutoff());
        double[] mask = grid.dealiasMask();
        assertEquals(1.0, mask[2 * 85]);
        assertEquals(0.0, mask[2 * 86]);
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new SpectralGrid1D(2, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new SpectralGrid1D(15, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new SpectralGrid1D(16, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new SpectralGrid1D(16, Double.NaN));
    }
}
