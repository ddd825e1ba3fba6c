package dev.surrogate.datasets.burgers;

import dev.surrogate.datasets.grf.GrfSpec;
import java.util.Locale;

/**
 * Everything that defines a Burgers dataset except the seed and sample count.
 *
 * @param nx                grid points, even, {@code >= 4}
 * @param length            domain length L, positive
 * @param nu                viscosity, positive (the value when not swept)
 * @param tFinal            final time, positive
 * @param snapshots         output times {@code t_j = tFinal j / (snapshots - 1)}, {@code >= 2} (t = 0 and t-final)
 * @param solver            time integration scheme
 * @param dt                ETDRK4 step (the largest step; intervals between outputs are split evenly), positive
 * @param rtol              Dormand-Prince relative tolerance, positive
 * @param atol              Dormand-Prince absolute tolerance on the grid values, positive
 * @param initialCondition  how u(x, 0) is chosen
 * @param grf               the random field for {@link InitialCondition#GRF}
 */
public record BurgersSettings(int nx, double length, double nu, double tFinal, int snapshots, Solver solver,
                              double dt, double rtol, double atol, InitialCondition initialCondition, GrfSpec grf) {

    /**
     * Default ETDRK4 step. Diffusion is integrated exactly, so only advection limits the step. With the FNO
     * initial condition (pointwise std 0.6; Burgers' maximum principle keeps max |u| at its initial value) the
     * final snapshot at dt = 1e-3 differs from a dt = 1e-5 reference by at most 5e-8 of max |u| for nu = 0.1, 0.01
     * and 0.001 at nx = 256 and 1024, i.e. below the float32 resolution of the stored fields, at 1/100 of the cost
     * (measured when this default was chosen; {@code BurgersProblemTest} checks it against dt / 10). Strongly
     * nonlinear runs (large initial amplitude, tiny nu) may need a smaller step; a blow-up is detected and names it.
     */
    public static final double DEFAULT_DT = 1e-3;

    /** Time integration schemes. */
    public enum Solver {
        /** fixed-step fourth-order exponential time differencing (Cox-Matthews, Kassam-Trefethen) */
        ETDRK4,
        /** adaptive Dormand-Prince 8(5,3) with error control (Hipparchus), method of lines */
        DOPRI853;

        /** @return the name used on the command line and in the {@code solver} attribute */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Initial conditions. */
    public enum InitialCondition {
        /** a Gaussian random field sample per sample index (FNO benchmark default) */
        GRF,
        /** the Cole-Hopf exact solution with a = 2, b = 1 (the same for every sample; depends on nu) */
        COLE_HOPF;

        /** @return the name used on the command line and in the {@code initial_condition} attribute */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Validates every value with a message naming it. */
    public BurgersSettings {
        if (nx < 4 || nx % 2 != 0) {
            throw new IllegalArgumentException("nx must be even and >= 4, got " + nx);
        }
        positive("domain length", length);
        positive("nu", nu);
        positive("t-final", tFinal);
        if (snapshots < 2) {
            throw new IllegalArgumentException("snapshots must be >= 2 (t = 0 and t-final), got " + snapshots);
        }
        positive("dt", dt);
        positive("rtol", rtol);
        positive("atol", atol);
        if (solver == null || initialCondition == null || grf == null) {
            throw new IllegalArgumentException("solver, initial condition and GRF must be given");
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        }
    }

    /** @return the FNO-style defaults: nx 256, L 1, nu 0.1, t-final 1, 11 snapshots, ETDRK4 dt 1e-3, GRF IC */
    public static BurgersSettings defaults() {
        return new BurgersSettings(256, 1.0, 0.1, 1.0, 11, Solver.ETDRK4, DEFAULT_DT, 1e-8, 1e-10,
                InitialCondition.GRF, GrfSpec.fnoBurgers());
    }

    /** @param n grid points @return a copy */
    public BurgersSettings withNx(int n) {
        return new BurgersSettings(n, length, nu, tFinal, snapshots, solver, dt, rtol, atol, initialCondition, grf);
    }

    /** @param v viscosity @return a copy */
    public BurgersSettings withNu(double v) {
        return new BurgersSettings(nx, length, v, tFinal, snapshots, solver, dt, rtol, atol, initialCondition, grf);
    }

    /** @param t final time @param k number of snapshots @return a copy */
    public BurgersSettings withTimes(double t, int k) {
        return new BurgersSettings(nx, length, nu, t, k, solver, dt, rtol, atol, initialCondition, grf);
    }

    /** @param s scheme @param step ETDRK4 step @return a copy */
    public BurgersSettings withSolver(Solver s, double step) {
        return new BurgersSettings(nx, length, nu, tFinal, snapshots, s, step, rtol, atol, initialCondition, grf);
    }

    /** @param r relative @param a absolute tolerance @return a copy */
    public BurgersSettings withTolerances(double r, double a) {
        return new BurgersSettings(nx, length, nu, tFinal, snapshots, solver, dt, r, a, initialCondition, grf);
    }

    /** @param ic initial condition @return a copy */
    public BurgersSettings withInitialCondition(InitialCondition ic) {
        return new BurgersSettings(nx, length, nu, tFinal, snapshots, solver, dt, rtol, atol, ic, grf);
    }

    /** @param g random field @return a copy */
    public BurgersSettings withGrf(GrfSpec g) {
        return new BurgersSettings(nx, length, nu, tFinal, snapshots, solver, dt, rtol, atol, initialCondition, g);
    }

    /** @return the output times {@code [snapshots]}, first 0, last exactly t-final */
    public double[] outputTimes() {
        double[] t = new double[snapshots];
        for (int j = 0; j < snapshots; j++) {
            t[j] = tFinal * j / (snapshots - 1);
        }
        t[snapshots - 1] = tFinal;
        return t;
    }
}
