package dev.surrogate.pde.equations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.time.DormandPrinceIntegrator;
import dev.surrogate.pde.time.FixedStepIntegrator;
import dev.surrogate.pde.time.Integrator;
import dev.surrogate.pde.time.SnapshotRecorder;
import dev.surrogate.pde.time.SolverDivergedException;
import dev.surrogate.pde.time.StepObserver;
import org.junit.jupiter.api.Test;

/**
 * Burgers against mathematics: the Cole-Hopf solution phi = a + b exp(-nu k^2 t) cos(k x), u = -2 nu phi_x / phi,
 * and the conservation laws of the equation.
 */
class Burgers1DTest {

    private static final double A = 2.0;
    private static final double B = 1.0;

    /** Cole-Hopf exact solution with wavenumber k0 = 2 pi / L. */
    static double exact(double x, double t, double nu, double length) {
        double k0 = 2 * Math.PI / length;
        double e = Math.exp(-nu * k0 * k0 * t);
        return 2 * nu * B * k0 * e * Math.sin(k0 * x) / (A + B * e * Math.cos(k0 * x));
    }

    /** Max-norm error at t = T of a fixed-step (or adaptive) run, relative to max |u(T)|. */
    static double error(int n, double nu, double length, double tFinal, Integrator integrator) {
        SpectralGrid1D grid = new SpectralGrid1D(n, length);
        Burgers1D eq = new Burgers1D(grid, nu);
        double[] u0 = new double[n];
        for (int i = 0; i < n; i++) {
            u0[i] = exact(grid.x(i), 0, nu, length);
        }
        double[] state = new double[eq.dimension()];
        eq.toSpectral(u0, state);
        SnapshotRecorder rec = new SnapshotRecorder(eq, 1);
        integrator.integrate(eq, 0, state, new double[] {tFinal}, rec);
        double err = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            double ex = exact(grid.x(i), tFinal, nu, length);
            err = Math.max(err, Math.abs(rec.snapshots()[0][i] - ex));
            scale = Math.max(scale, Math.abs(ex));
        }
        return err / scale;
    }

    @Test
    void matchesColeHopfToNearMachinePrecision() {
        double err = error(128, 0.1, 2 * Math.PI, 1.0, FixedStepIntegrator.etdrk4(1e-3));
        assertTrue(err < 1e-12, "relative max error " + err);
    }

    @Test
    void etdrk4IsFourthOrderInTime() {
        // nu = 0.5 on L = 2 pi: strong nonlinear dynamics relative to dt, time error dominates spatial error.
        double nu = 0.5;
        double[] errs = new double[4];
        int[] steps = {4, 8, 16, 32};
        for (int i = 0; i < steps.length; i++) {
            errs[i] = error(64, nu, 2 * Math.PI, 1.0, FixedStepIntegrator.etdrk4(1.0 / steps[i]));
        }
        for (int i = 1; i < steps.length; i++) {
            double order = Math.log(errs[i - 1] / errs[i]) / Math.log(2);
            assertTrue(order > 3.6 && order < 4.6, "observed order " + order + " between dt=1/" + steps[i - 1]
                    + " and 1/" + steps[i] + " (errors " + errs[i - 1] + ", " + errs[i] + ")");
        }
    }

    @Test
    void convergesSpectrallyInSpace() {
        double nu = 0.1;
        double prev = Double.NaN;
        double prevRatio = Double.NaN;
        for (int n : new int[] {8, 16, 32, 64}) {
            double err = error(n, nu, 2 * Math.PI, 0.5, FixedStepIntegrator.etdrk4(1e-3));
            if (!Double.isNaN(prev)) {
                double ratio = prev / err;
                // Exponential convergence: the gain per doubling of n itself grows (algebraic order p would give
                // a constant 2^p).
                assertTrue(ratio > 10, "n=" + n + " error " + err + " after " + prev);
                if (!Double.isNaN(prevRatio)) {
                    assertTrue(ratio > 2 * prevRatio, "gain " + ratio + " after " + prevRatio + ": not spectral");
                }
                prevRatio = ratio;
            }
            prev = err;
        }
        // the geometric rate of this solution is rho = 2 - sqrt(3), and n = 64 keeps 21 modes: rho^21 ~ 1e-12
        assertTrue(prev < 1e-10, "n=64 error " + prev);
    }

    @Test
    void conservesTheMeanAndDissipatesEnergy() {
        int n = 128;
        double length = 1.0;
        SpectralGrid1D grid = new SpectralGrid1D(n, length);
        Burgers1D eq = new Burgers1D(grid, 0.01);
        double[] u0 = new double[n];
        for (int i = 0; i < n; i++) {
            double x = grid.x(i);
            u0[i] = 0.3 + Math.sin(2 * Math.PI * x) + 0.5 * Math.cos(6 * Math.PI * x + 1);
        }
        double[] state = new double[eq.dimension()];
        eq.toSpectral(u0, state);
        double mean0 = state[0] / n;
        double[] phys = new double[n];
        double[] lastEnergy = {energy(u0)};
        double[] maxMeanDrift = {0};
        StepObserver obs = new StepObserver() {
            @Override
            public void onStep(long step, double t, double h, double[] s) {
                eq.toPhysical(s, phys);
                double e = energy(phys);
                assertTrue(e <= lastEnergy[0] * (1 + 1e-12), "energy grew at step " + step + ": " + e);
                lastEnergy[0] = e;
                maxMeanDrift[0] = Math.max(maxMeanDrift[0], Math.abs(s[0] / n - mean0));
            }
        };
        FixedStepIntegrator.etdrk4(1e-3).integrate(eq, 0, state, new double[] {0.5}, obs);
        assertTrue(maxMeanDrift[0] < 1e-14, "mean drifted by " + maxMeanDrift[0]);
        assertTrue(lastEnergy[0] < energy(u0), "energy must decay");
    }

    @Test
    void adaptiveDormandPrinceAgreesWithEtdrk4() {
        double nu = 0.1;
        double errFixed = error(64, nu, 2 * Math.PI, 0.5, FixedStepIntegrator.etdrk4(1e-3));
        double errAdaptive = error(64, nu, 2 * Math.PI, 0.5, new DormandPrinceIntegrator(1e-11, 1e-11, 1.0));
        assertTrue(errFixed < 1e-9, "etdrk4 error " + errFixed);
        assertTrue(errAdaptive < 1e-9, "dormand-prince error " + errAdaptive);
    }

    @Test
    void rejectsBadInput() {
        SpectralGrid1D grid = new SpectralGrid1D(16, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Burgers1D(grid, 0));
        assertTrue(e.getMessage().contains("nu"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Burgers1D(grid, -1));
        assertThrows(IllegalArgumentException.class, () -> new Burgers1D(grid, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new SpectralGrid1D(2, 1.0));
        Burgers1D eq = new Burgers1D(grid, 0.1);
        double[] state = new double[eq.dimension()];
        assertThrows(IllegalArgumentException.class, () -> FixedStepIntegrator.etdrk4(1e-3)
                .integrate(eq, 0, state, new double[] {-1}, StepObserver.NONE));
        assertThrows(IllegalArgumentException.class, () -> FixedStepIntegrator.etdrk4(1e-3)
                .integrate(eq, 0, state, new double[] {Double.NaN}, StepObserver.NONE));
        assertThrows(IllegalArgumentException.class, () -> FixedStepIntegrator.etdrk4(0));
    }

    @Test
    void blowUpStopsWithStepAndTime() {
        int n = 64;
        SpectralGrid1D grid = new SpectralGrid1D(n, 1.0);
        Burgers1D eq = new Burgers1D(grid, 1e-4);
        double[] u0 = new double[n];
        for (int i = 0; i < n; i++) {
            u0[i] = 100 * Math.sin(2 * Math.PI * grid.x(i));
        }
        double[] state = new double[eq.dimension()];
        eq.toSpectral(u0, state);
        SolverDivergedException e = assertThrows(SolverDivergedException.class, () -> FixedStepIntegrator
                .etdrk4(0.05).integrate(eq, 0, state, new double[] {100}, StepObserver.NONE));
        assertTrue(e.getMessage().contains("step " + e.step()), e.getMessage());
        assertTrue(e.getMessage().contains("smaller time step"), e.getMessage());
        assertTrue(e.step() > 0 && e.time() > 0);
    }

    static double energy(double[] u) {
        double s = 0;
        for (double v : u) {
            s += v * v;
        }
        return 0.5 * s / u.length;
    }
}
