package dev.surrogate.datasets.burgers;

import dev.surrogate.datasets.generate.ProblemSettings;
import dev.surrogate.datasets.generate.TimeStepping;
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
 * @param stepping          time integration: ETDRK4 step, or Dormand-Prince tolerances on the grid values
 * @param initialCondition  how u(x, 0) is chosen
 * @param grf               the random field for {@link InitialCondition#GRF}
 */
public record BurgersSettings(int nx, double length, double nu, double tFinal, int snapshots, TimeStepping stepping,
                              InitialCondition initialCondition, GrfSpec grf) {

    /**
     * Default ETDRK4 step. Diffusion is integrated exactly, so only advection limits the step. With the FNO
     * initial condition (pointwise std 0.6; Burgers' maximum principle keeps max |u| at its initial value) the
     * final snapshot at dt = 1e-3 differs from a dt = 1e-5 reference by at most 5e-8 of max |u| for nu = 0.1, 0.01
     * and 0.001 at nx = 256 and 1024, i.e. below the float32 resolution of the stored fields, at 1/100 of the cost
     * (measured when this default was chosen; {@code BurgersProblemTest} checks it against dt / 10). Strongly
     * nonlinear runs (large initial amplitude, tiny nu) may need a smaller step; a blow-up is detected and names it.
     */
    public static final double DEFAULT_DT = 1e-3;

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

        /**
         * @param text an initial condition name as on the command line ({@code grf}, {@code cole-hopf})
         * @return the initial condition
         * @throws IllegalArgumentException naming the text if it is unknown
         */
        public static InitialCondition parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "grf" -> GRF;
                case "cole-hopf", "colehopf" -> COLE_HOPF;
                default -> throw new IllegalArgumentException("--ic must be grf or cole-hopf, got '" + text + "'");
            };
        }
    }

    /** Validates every value with a message naming it. */
    public BurgersSettings {
        ProblemSettings.requireEvenGrid("nx", nx);
        ProblemSettings.requirePositive("domain length", length);
        ProblemSettings.requirePositive("nu", nu);
        ProblemSettings.requireTimes(tFinal, snapshots);
        if (stepping == null || initialCondition == null || grf == null) {
            throw new IllegalArgumentException("time stepping, initial condition and GRF must be given");
        }
    }

    /** @return the FNO-style defaults: nx 256, L 1, nu 0.1, t-final 1, 11 snapshots, ETDRK4 dt 1e-3, GRF IC */
    public static BurgersSettings defaults() {
        return new BurgersSettings(256, 1.0, 0.1, 1.0, 11,
                new TimeStepping(TimeStepping.Solver.ETDRK4, DEFAULT_DT, 1e-8, 1e-10), InitialCondition.GRF,
                GrfSpec.fnoBurgers());
    }

    /** @param n grid points @return a copy */
    public BurgersSettings withNx(int n) {
        return new BurgersSettings(n, length, nu, tFinal, snapshots, stepping, initialCondition, grf);
    }

    /** @param v viscosity @return a copy */
    public BurgersSettings withNu(double v) {
        return new BurgersSettings(nx, length, v, tFinal, snapshots, stepping, initialCondition, grf);
    }

    /** @param t final time @param k number of snapshots @return a copy */
    public BurgersSettings withTimes(double t, int k) {
        return new BurgersSettings(nx, length, nu, t, k, stepping, initialCondition, grf);
    }

    /** @param s time stepping @return a copy */
    public BurgersSettings withStepping(TimeStepping s) {
        return new BurgersSettings(nx, length, nu, tFinal, snapshots, s, initialCondition, grf);
    }

    /** @param ic initial condition @return a copy */
    public BurgersSettings withInitialCondition(InitialCondition ic) {
        return new BurgersSettings(nx, length, nu, tFinal, snapshots, stepping, ic, grf);
    }

    /** @param g random field @return a copy */
    public BurgersSettings withGrf(GrfSpec g) {
        return new BurgersSettings(nx, length, nu, tFinal, snapshots, stepping, initialCondition, g);
    }

    /** @return the output times {@code [snapshots]}, first 0, last exactly t-final */
    public double[] outputTimes() {
        return ProblemSettings.outputTimes(tFinal, snapshots);
    }
}
