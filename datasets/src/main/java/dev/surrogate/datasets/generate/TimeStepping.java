package dev.surrogate.datasets.generate;

import dev.surrogate.pde.time.DormandPrinceIntegrator;
import dev.surrogate.pde.time.FixedStepIntegrator;
import dev.surrogate.pde.time.Integrator;
import java.util.Locale;
import java.util.Map;

/**
 * How a sample is integrated in time when the problem offers ETDRK4 or adaptive Dormand-Prince (Burgers, Gray-Scott,
 * FitzHugh-Nagumo; Navier-Stokes has its own schemes).
 *
 * @param solver the scheme
 * @param dt     ETDRK4 step (the largest; intervals between outputs are split evenly), positive
 * @param rtol   Dormand-Prince relative tolerance, positive
 * @param atol   Dormand-Prince absolute tolerance on the grid values, positive
 */
public record TimeStepping(Solver solver, double dt, double rtol, double atol) {

    /** Time integration schemes. */
    public enum Solver {
        /** fixed-step fourth-order exponential time differencing; the stiff linear part integrated exactly */
        ETDRK4,
        /** adaptive Dormand-Prince 8(5,3) with error control (Hipparchus), method of lines */
        DOPRI853;

        /** @return the name used on the command line and in the {@code solver} attribute */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param text a scheme name as on the command line
         * @return the scheme
         * @throws IllegalArgumentException naming the text if it is unknown
         */
        public static Solver parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "etdrk4" -> ETDRK4;
                case "dopri853", "dormand-prince" -> DOPRI853;
                default -> throw new IllegalArgumentException("--solver must be etdrk4 or dopri853, got '" + text
                        + "'");
            };
        }
    }

    /** Validates every value with a message naming it. */
    public TimeStepping {
        if (solver == null) {
            throw new IllegalArgumentException("solver must be given");
        }
        ProblemSettings.requirePositive("dt", dt);
        ProblemSettings.requirePositive("rtol", rtol);
        ProblemSettings.requirePositive("atol", atol);
    }

    /**
     * @param points grid points per field; the spectral state (unnormalised) scales like {@code points} times the
     *               grid values, so the absolute tolerance is scaled by it
     * @return a new integrator
     */
    public Integrator integrator(int points) {
        return solver == Solver.ETDRK4 ? FixedStepIntegrator.etdrk4(dt)
                : new DormandPrinceIntegrator(rtol, atol * points, Double.POSITIVE_INFINITY);
    }

    /**
     * Adds {@code solver} and {@code time_step} ({@code "adaptive"} for Dormand-Prince, then also {@code rtol} and
     * {@code atol}) to dataset attributes.
     *
     * @param attrs the attributes, modified
     */
    public void describe(Map<String, Object> attrs) {
        attrs.put("solver", solver.cliName());
        if (solver == Solver.ETDRK4) {
            attrs.put("time_step", dt);
        } else {
            attrs.put("time_step", "adaptive");
            attrs.put("rtol", rtol);
            attrs.put("atol", atol);
        }
    }
}
