package dev.surrogate.pde.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.pde.equations.Burgers1D;
import dev.surrogate.pde.equations.Forcing2D;
import dev.surrogate.pde.equations.GrayScott2D;
import dev.surrogate.pde.equations.NavierStokes2D;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.PseudoSpectralEquation;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The double[] residual against closed forms: the right-hand side of trigonometric fields, and exact solutions
 * whose residual is the time difference's error alone, converging at the stencil's order.
 */
class SemiDiscreteResidualTest {

    @Test
    void burgersRightHandSideOfOneMode() {
        double length = 2 * Math.PI;
        double nu = 0.07;
        SpectralGrid1D grid = new SpectralGrid1D(32, length);
        SemiDiscreteResidual r = new SemiDiscreteResidual(new Burgers1D(grid, nu));
        double[] u = new double[32];
        for (int i = 0; i < 32; i++) {
            u[i] = Math.sin(2 * grid.x(i));
        }
        double[] f = new double[32];
        r.rightHandSide(0, u, f);
        for (int i = 0; i < 32; i++) {
            double x = grid.x(i);
            // -u u_x + nu u_xx with u = sin 2x: mode 4 of the product is kept (cutoff 10)
            double expected = -Math.sin(2 * x) * 2 * Math.cos(2 * x) - nu * 4 * Math.sin(2 * x);
            assertEquals(expected, f[i], 1e-12);
        }
    }

    /** Taylor-Green: w = cos(k x) cos(k y) exp(-2 nu k^2 t) is exact (advection vanishes), unforced. */
    @Test
    void taylorGreenResidualConvergesAtTheStencilOrder() {
        double nu = 0.01;
        SpectralGrid2D grid = new SpectralGrid2D(16, 1.0);
        double k = 2 * Math.PI;
        NavierStokes2D eq = new NavierStokes2D(grid, nu, Forcing2D.NONE);
        assertOrder(eq, t -> {
            double[] w = new double[grid.size()];
            for (int iy = 0; iy < 16; iy++) {
                for (int ix = 0; ix < 16; ix++) {
                    w[iy * 16 + ix] = Math.cos(k * grid.x(ix)) * Math.cos(k * grid.y(iy))
                            * Math.exp(-2 * nu * k * k * t);
                }
            }
            return w;
        }, 1.0);
    }

    /** Gray-Scott without V: u = 1 + A cos(k x) exp(-(Du k^2 + F) t), v = 0 is exact. */
    @Test
    void grayScottDiffusiveDecayConvergesAtTheStencilOrder() {
        double du = 2e-3;
        double feed = 0.5;
        SpectralGrid2D grid = new SpectralGrid2D(8, 8, 1.0, 1.0);
        double k = 2 * Math.PI;
        GrayScott2D eq = new GrayScott2D(grid, du, 1e-3, feed, 0.06);
        assertOrder(eq, t -> {
            double[] uv = new double[2 * grid.size()];
            for (int iy = 0; iy < 8; iy++) {
                for (int ix = 0; ix < 8; ix++) {
                    uv[iy * 8 + ix] = 1 + 0.3 * Math.cos(k * grid.x(ix)) * Math.exp(-(du * k * k + feed) * t);
                }
            }
            return uv;
        }, 1.0);
    }

    /** The uniform steady state (1, 0) of Gray-Scott has a zero residual. */
    @Test
    void grayScottSteadyStateHasZeroResidual() {
        SpectralGrid2D grid = new SpectralGrid2D(8, 1.0);
        GrayScott2D eq = new GrayScott2D(grid, 2e-5, 1e-5, 0.04, 0.06);
        SemiDiscreteResidual r = new SemiDiscreteResidual(eq);
        int n = eq.physicalDimension();
        double[] series = new double[5 * n];
        for (int t = 0; t < 5; t++) {
            for (int i = 0; i < grid.size(); i++) {
                series[t * n + i] = 1;
            }
        }
        double[] d = new double[series.length];
        double[] res = new double[series.length];
        r.residual(new TimeStencil(4, 5, 0.5), new double[] {0, 0.5, 1, 1.5, 2}, series, d, res);
        for (double v : res) {
            assertEquals(0, v, 1e-15);
        }
    }

    /**
     * The residual RMS of an exact solution sampled with 11, 21, 41 snapshots over [0, tEnd] falls by 2^p per
     * halving of the spacing, for p = 2 and 4.
     */
    private static void assertOrder(PseudoSpectralEquation eq, DoubleFunction<double[]> exact, double tEnd) {
        SemiDiscreteResidual r = new SemiDiscreteResidual(eq);
        int n = eq.physicalDimension();
        for (int order : new int[] {2, 4}) {
            double[] rms = new double[3];
            int[] counts = {11, 21, 41};
            for (int c = 0; c < 3; c++) {
                int t = counts[c];
                double[] times = new double[t];
                double[] series = new double[t * n];
                for (int i = 0; i < t; i++) {
                    times[i] = tEnd * i / (t - 1);
                    System.arraycopy(exact.apply(times[i]), 0, series, i * n, n);
                }
                double[] d = new double[series.length];
                double[] res = new double[series.length];
                r.residual(TimeStencil.uniform(times, order), times, series, d, res);
                ResidualStatistics stats = new ResidualStatistics(t, 1);
                for (int i = 0; i < t; i++) {
                    stats.add(i, 0, res, d, i * n, n);
                }
                rms[c] = stats.pooled(0, t, null);
            }
            for (int c = 1; c < 3; c++) {
                double observed = Math.log(rms[c - 1] / rms[c]) / Math.log(2);
                assertTrue(Math.abs(observed - order) < 0.5, eq.describe() + ": order " + order + " observed "
                        + observed + " (" + rms[c - 1] + " -> " + rms[c] + ")");
            }
        }
    }
}
