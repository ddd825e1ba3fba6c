package dev.surrogate.pde.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import org.junit.jupiter.api.Test;

/** Written-out spectral operators against closed-form derivatives and the 2/3 rule. */
class OperatorMatricesTest {

    @Test
    void derivativeMatrixDifferentiatesTrigonometricFields() {
        double length = 3.0;
        SpectralGrid1D grid = new SpectralGrid1D(24, length);
        double[] d = OperatorMatrices.of(grid, h -> grid.derivative(h, h));
        double k = 2 * Math.PI * 5 / length;
        for (int i = 0; i < 24; i++) {
            double sum = 0;
            for (int j = 0; j < 24; j++) {
                sum += d[i * 24 + j] * Math.sin(k * grid.x(j));
            }
            assertEquals(k * Math.cos(k * grid.x(i)), sum, 1e-11);
        }
    }

    @Test
    void dealiasMatrixKeepsLowModesAndRemovesHighOnes() {
        SpectralGrid1D grid = new SpectralGrid1D(12, 1.0);
        double[] p = OperatorMatrices.of(grid, grid::dealias);
        // cutoff (12 - 1) / 3 = 3: mode 3 kept, mode 4 removed
        for (int mode : new int[] {3, 4}) {
            for (int i = 0; i < 12; i++) {
                double sum = 0;
                for (int j = 0; j < 12; j++) {
                    sum += p[i * 12 + j] * Math.cos(2 * Math.PI * mode * grid.x(j));
                }
                assertEquals(mode == 3 ? Math.cos(2 * Math.PI * mode * grid.x(i)) : 0, sum, 1e-13);
            }
        }
    }

    @Test
    void axisMatricesOfTheLaplacianAddUpToIt() {
        SpectralGrid2D grid = new SpectralGrid2D(8, 6, 2.0, 1.5);
        double[] sym = grid.diagonal((kx, ky) -> -(kx * kx + ky * ky));
        double[] symX = grid.diagonal((kx, ky) -> -kx * kx);
        double[] symY = grid.diagonal((kx, ky) -> -ky * ky);
        double[] lx = OperatorMatrices.alongX(grid, h -> multiply(h, symX));
        double[] ly = OperatorMatrices.alongY(grid, h -> multiply(h, symY));
        double kx = 2 * Math.PI * 2 / 2.0;
        double ky = 2 * Math.PI * 1 / 1.5;
        for (int iy = 0; iy < 6; iy++) {
            for (int ix = 0; ix < 8; ix++) {
                double sum = 0;
                for (int j = 0; j < 8; j++) {
                    sum += lx[ix * 8 + j] * f(grid, j, iy, kx, ky);
                }
                for (int j = 0; j < 6; j++) {
                    sum += ly[iy * 6 + j] * f(grid, ix, j, kx, ky);
                }
                assertEquals(-(kx * kx + ky * ky) * f(grid, ix, iy, kx, ky), sum, 1e-11);
            }
        }
        assertEquals(sym.length, grid.spectralSize());
    }

    private static double f(SpectralGrid2D g, int ix, int iy, double kx, double ky) {
        return Math.sin(kx * g.x(ix) + ky * g.y(iy) + 0.3);
    }

    private static void multiply(double[] h, double[] s) {
        for (int i = 0; i < h.length; i++) {
            h[i] *= s[i];
        }
    }
}
