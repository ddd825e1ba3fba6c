package dev.surrogate.datasets.generate;

import dev.surrogate.pde.time.CrankNicolsonEulerStepper;
import dev.surrogate.pde.time.DormandPrinceIntegrator;
import dev.surrogate.pde.time.Etdrk4Stepper;
import dev.surrogate.pde.time.FixedStepIntegrator;
import dev.surrogate.pde.time.IntegratingFactorRk4Stepper;
import dev.surrogate.pde.time.Integrator;
import dev.surrogate.pde.time.StepperFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a sample is integrated in time: the scheme, its step, and the tolerances of the adaptive one.
 *
 * <p>{@link Solver} is the one list of time integration schemes of every dataset problem; each problem states
 * which of them it offers (Burgers, Gray-Scott and FitzHugh-Nagumo: {@link #SCHEMES}, ETDRK4 and Dormand-Prince;
 * Navier-Stokes: its fixed-step schemes, checked against a CFL limit on every step).
 *
 * @param solver the scheme
 * @param dt     largest step of a fixed-step scheme (intervals between outputs are split evenly), positive
 * @param rtol   Dormand-Prince relative tolerance, positive
 * @param atol   Dormand-Prince absolute tolerance on the grid values, positive
 */
public record TimeStepping(Solver solver, double dt, double rtol, double atol) {

    /** Time integration schemes; {@link #cliName()} is both the command line's and the {@code solver} attribute's. */
    public enum Solver {
        /** fixed-step fourth-order exponential time differencing; the stiff linear part integrated exactly */
        ETDRK4("etdrk4", Etdrk4Stepper::new),
        /** fixed-step integrating-factor RK4 (Lawson); the linear part integrated exactly */
        IFRK4("ifrk4", IntegratingFactorRk4Stepper::new),
        /** the FNO generator's scheme: Crank-Nicolson on the linear part, forward Euler on the rest (first order) */
        CN_EULER("cn-euler", CrankNicolsonEulerStepper::new),
        /** adaptive Dormand-Prince 8(5,3) with error control (Hipparchus), method of lines */
        DOPRI853("dopri853", null);

        private final String cliName;
        private final StepperFactory stepper;

        Solver(String cliName, StepperFactory stepper) {
            this.cliName = cliName;
            this.stepper = stepper;
        }

        /** @return the name used on the command line and in the {@code solver} attribute */
        public String cliName() {
            return cliName;
        }

        /** @return whether the step size is chosen by error control rather than fixed */
        public boolean adaptive() {
            return stepper == null;
        }

        /**
         * @param maxStep largest step, positive
         * @return an integrator taking equal steps of at most {@code maxStep} between output times
         * @throws IllegalStateException for the adaptive scheme
         */
        public FixedStepIntegrator fixedStep(double maxStep) {
            if (stepper == null) {
                throw new IllegalStateException(cliName + " is adaptive, not a fixed-step scheme");
            }
            return new FixedStepIntegrator(cliName, stepper, maxStep);
        }

        /**
         * @param text    a scheme name as on the command line (case and surrounding blanks ignored;
         *                {@code dormand-prince} is {@code dopri853})
         * @param offered the schemes the problem offers, in the order the message lists them
         * @return the scheme
         * @throws IllegalArgumentException naming the text and the offered schemes if it is not one of them
         */
        public static Solver parse(String text, List<Solver> offered) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Solver s : offered) {
                if (s.cliName.equals(t) || (s == DOPRI853 && t.equals("dormand-prince"))) {
                    return s;
                }
            }
            throw new IllegalArgumentException("--solver must be " + names(offered) + ", got '" + text + "'");
        }

        /**
         * @param text a scheme name as on the command line
         * @return one of {@link #SCHEMES}
         * @throws IllegalArgumentException naming the text if it is not one of them
         */
        public static Solver parse(String text) {
            return parse(text, SCHEMES);
        }

        /**
         * @param solver  a scheme
         * @param offered the schemes a problem offers
         * @throws IllegalArgumentException naming the scheme and the offered ones if it is not one of them
         */
        public static void requireOffered(Solver solver, List<Solver> offered) {
            if (!offered.contains(solver)) {
                throw new IllegalArgumentException("--solver must be " + names(offered) + ", got '"
                        + solver.cliName() + "'");
            }
        }

        /** @return e.g. {@code "etdrk4, ifrk4 or cn-euler"} */
        static String names(List<Solver> schemes) {
            List<String> n = new ArrayList<>();
            for (Solver s : schemes) {
                n.add(s.cliName);
            }
            if (n.size() == 1) {
                return n.get(0);
            }
            return String.join(", ", n.subList(0, n.size() - 1)) + " or " + n.get(n.size() - 1);
        }
    }

    /** The schemes a {@code TimeStepping} offers: fixed-step ETDRK4 and adaptive Dormand-Prince. */
    public static final List<Solver> SCHEMES = List.of(Solver.ETDRK4, Solver.DOPRI853);

    /** Validates every value with a message naming it. */
    public TimeStepping {
        if (solver == null) {
            throw new IllegalArgumentException("solver must be given");
        }
        Solver.requireOffered(solver, SCHEMES);
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
        return solver.adaptive() ? new DormandPrinceIntegrator(rtol, atol * points, Double.POSITIVE_INFINITY)
                : solver.fixedStep(dt);
    }

    /**
     * Adds {@code solver} and {@code time_step} ({@code "adaptive"} for Dormand-Prince, then also {@code rtol} and
     * {@code atol}) to dataset attributes.
     *
     * @param attrs the attributes, modified
     */
    public void describe(Map<String, Object> attrs) {
        attrs.put("solver", solver.cliName());
        if (!solver.adaptive()) {
            attrs.put("time_step", dt);
        } else {
            attrs.put("time_step", "adaptive");
            attrs.put("rtol", rtol);
            attrs.put("atol", atol);
        }
    }
}
