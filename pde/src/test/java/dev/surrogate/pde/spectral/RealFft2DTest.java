package dev.surrogate.pde.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RealFft2DTest {

    @Test
    void forwardMatchesDirectDftAndInverseRoundTrips() {
        int nx = 8;
        int ny = 6;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] u = new double[nx * ny];
        for (int i = 0; i < u.length; i++) {
            u[i] = rnd.nextDouble(-1, 1);
        }
        SpectralGrid2D grid = new SpectralGrid2D(nx, ny, 1.0, 2.0);
        RealFft2D fft = new RealFft2D(grid);
        double[] hat = new double[grid.spectralSize()];
        fft.forward(u, hat);
        for (int r = 0; r < ny; r++) {
            for (int j = 0; j <= nx / 2; j++) {
                double re = 0;
                double im = 0;
                for (int iy = 0; iy < ny; iy++) {
                    for (int ix = 0; ix < nx; ix++) {
                        double ph = 2 * Math.PI * ((double) j * ix / nx + (double) r * iy / ny);
                        re += u[iy * nx + ix] * Math.cos(ph);
                        im -= u[iy * nx + ix] * Math.sin(ph);
                    }
                }
                assertEquals(re, hat[r * (nx + 2) + 2 * j], 1e-12, "Re (" + r + "," + j + ")");
                assertEquals(im, hat[r * (nx + 2) + 2 * j + 1], 1e-12, "Im (" + r + "," + j + ")");
            }
        }
        double[] back = new double[nx * ny];
        double[] copy = hat.clone();
        fft.inverse(hat, back);
        assertArrayEquals(copy, hat, 0.0, "inverse must not modify its input");
        assertArrayEquals(u, back, 1e-14);
    }

    @Test
    void derivativesAndLaplacianOfTrigonometricFieldAreExact() {
        int nx = 16;
        int ny = 12;
        double lx = 2.0;
        double ly = 3.0;
        SpectralGrid2D grid = new SpectralGrid2D(nx, ny, lx, ly);
        RealFft2D fft = new RealFft2D(grid);
        double a = 2 * Math.PI / lx;
        double b = 2 * Math.PI / ly;
        double[] u = new double[nx * ny];
        double[] ux = new double[nx * ny];
        double[] uy = new double[nx * ny];
        double[] lap = new double[nx * ny];
        for (int iy = 0; iy < ny; iy++) {
            for (int ix = 0; ix < nx; ix++) {
                double x = grid.x(ix);
                double y = grid.y(iy);
                int i = iy * nx + ix;
                u[i] = Math.sin(a * x) * Math.cos(2 * b * y) + 0.5 * Math.cos(3 * a * x - b * y);
                ux[i] = a * Math.cos(a * x) * Math.cos(2 * b * y) - 1.5 * a * Math.sin(3 * a * x - b * y);
                uy[i] = -2 * b * Math.sin(a * x) * Math.sin(2 * b * y) + 0.5 * b * Math.sin(3 * a * x - b * y);
                lap[i] = -(a * a + 4 * b * b) * Math.sin(a * x) * Math.cos(2 * b * y)
                        - 0.5 * (9 * a * a + b * b) * Math.cos(3 * a * x - b * y);
            }
        }
        double[] hat = new double[grid.spectralSize()];
        double[] d = new double[grid.spectralSize()];
        double[] out = new double[nx * ny];
        fft.forward(u, hat);
        grid.derivativeX(hat, d);
        fft.inverse(d, out);
        assertArrayEquals(ux, out, 1e-12);
        grid.derivativeY(hat, d);
        fft.inverse(d, out);
        assertArrayEquals(uy, out, 1e-12);
        double[] symbol = grid.diagonal((kx, ky) -> -(kx * kx + ky * ky));
        for (int i = 0; i < d.length; i++) {
            d[i] = symbol[i] * hat[i];
        }
        fft.inverse(d, out);
        assertArrayEquals(lap, out, 1e-11);
    }

    @Test
    void dealiasRemovesHighModesInBothDirections() {
        SpectralGrid2D grid = new SpectralGrid2D(12, 1.0);
        assertEquals(3, grid.dealiasCutoffX());
        double[] hat = new double[grid.spectralSize()];
        java.util.Arrays.fill(hat, 1.0);
        grid.dealias(hat);
        int w = 14;
        assertEquals(1.0, hat[3 * w + 2 * 3]);        // (ky=3, kx=3) kept
        assertEquals(0.0, hat[4 * w + 0]);            // ky=4 removed
        assertEquals(0.0, hat[0 * w + 2 * 4]);        // kx=4 removed
        assertEquals(1.0, hat[(12 - 3) * w + 2]);     // ky=-3 kept
        assertEquals(0.0, hat[(12 - 4) * w + 2]);     // ky=-4 removed
        assertArrayEquals(grid.dealiasMask(), hat, 0.0);
    }
}
