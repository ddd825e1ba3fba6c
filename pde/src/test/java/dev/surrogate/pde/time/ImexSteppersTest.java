package dev.surrogate.pde.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Crank-Nicolson/Euler and integrating-factor RK4 steppers on the Bernoulli equation
 * {@code v' = -a v + v^2}, whose exact solution is {@code v(t) = a v0 / (v0 + (a - v0) e^{a t})}: L = -a is the
 * linear diagonal, N = v^2 the nonlinear part. Components with different a (one of them stiff) run side by side.
 */
class ImexSteppersTest {

    private static final double[] RATES = {0.5, 1.0, 4.0, 60.0};
    private static final double[] INITIAL = {0.4, 0.9, 3.0, 1.0};

    /** dv/dt = -a v + v^2 componentwise. */
    static final class Bernoulli implements SemilinearEquation {
        private final double[] lin;

        Bernoulli(double[] rates) {
            lin = new double[rates.length];
            for (int i = 0; i < rates.length; i++) {
                lin[i] = -rates[i];
            }
        }

        @Override
        public int dimension() {
            return lin.length;
        }

        @Override
        public double[] linearDiagonal() {
            return lin;
        }

        @Override
        public void nonlinear(double t, double[] state, double[] out) {
            for (int i = 0; i < state.length; i++) {
                out[i] = state[i] * state[i];
            }
        }
    }

    static double exact(double a, double v0, double t) {
        return a * v0 / (v0 + (a - v0) * Math.exp(a * t));
    }

    static double error(StepperFactory factory, int steps, double tFinal) {
        Bernoulli eq = new Bernoulli(RATES);
        double[] v = INITIAL.clone();
        new FixedStepIntegrator("test", factory, tFinal / steps).integrate(eq, 0, v, new double[] {tFinal},
                StepObserver.NONE);
        double err = 0;
        for (int i = 0; i < v.length; i++) {
            err = Math.max(err, Math.abs(v[i] - exact(RATES[i], INITIAL[i], tFinal)));
        }
        return err;
    }

    static void assertOrder(StepperFactory factory, int[] steps, double expected, double tol) {
        double prev = Double.NaN;
        for (int s : steps) {
            double err = error(factory, s, 1.0);
            if (!Double.isNaN(prev)) {
                double order = Math.log(prev / err) / Math.log((double) s / (s / 2));
                assertEquals(expected, order, tol, "observed order at " + s + " steps (errors " + prev + ", "
                        + err + ")");
            }
            prev = err;
        }
    }

    @Test
    void crankNicolsonEulerIsFirstOrder() {
        assertOrder(CrankNicolsonEulerStepper::new, new int[] {50, 100, 200, 400}, 1.0, 0.15);
    }

    @Test
    void crankNicolsonEulerIsTheTrapezoidalRuleWhenNIsZero() {
        // v' = L v: one step multiplies by (1 + hL/2)/(1 - hL/2)
        SemilinearEquation linear = new SemilinearEquation() {
            private final double[] lin = {-2.0, -100.0};

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double[] linearDiagonal() {
                return lin;
            }

            @Override
            public void nonlinear(double t, double[] state, double[] out) {
                out[0] = 0;
                out[1] = 0;
            }
        };
        double h = 0.1;
        double[] v = {1.0, 1.0};
        new CrankNicolsonEulerStepper(linear).step(0, h, v);
        assertEquals((1 - h) / (1 + h), v[0], 1e-15);
        assertEquals((1 - 5) / (1.0 + 5), v[1], 1e-15);
    }

    @Test
    void integratingFactorRk4IsFourthOrder() {
        assertOrder(IntegratingFactorRk4Stepper::new, new int[] {10, 20, 40, 80}, 4.0, 0.25);
    }

    @Test
    void integratingFactorRk4IsExactForPureLinearDecay() {
        double[] v = INITIAL.clone();
        SemilinearEquation linear = new SemilinearEquation() {
            private final double[] lin = {-RATES[0], -RATES[1], -RATES[2], -RATES[3]};

            @Override
            public int dimension() {
                return 4;
            }

            @Override
            public double[] linearDiagonal() {
                return lin;
            }

            @Override
            public void nonlinear(double t, double[] state, double[] out) {
                java.util.Arrays.fill(out, 0);
            }
        };
        new IntegratingFactorRk4Stepper(linear).step(0, 0.7, v);
        for (int i = 0; i < 4; i++) {
            assertEquals(INITIAL[i] * Math.exp(-RATES[i] * 0.7), v[i], 1e-15 * INITIAL[i]);
        }
    }

    @Test
    void rejectsBadSteps() {
        Bernoulli eq = new Bernoulli(RATES);
        double[] v = INITIAL.clone();
        assertThrows(IllegalArgumentException.class, () -> new CrankNicolsonEulerStepper(eq).step(0, 0, v));
        assertThrows(IllegalArgumentException.class, () -> new IntegratingFactorRk4Stepper(eq).step(0, -1, v));
        Bernoulli growing = new Bernoulli(new double[] {-10});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrankNicolsonEulerStepper(growing).step(0, 0.5, new double[] {1}));
        assertTrue(e.getMessage().contains("denominator"), e.getMessage());
    }
}
