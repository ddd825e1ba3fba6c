package dev.surrogate.uq.hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LeapfrogStepperTest {

    /** {@code U = q1^4 / 4 + q1 q2 + q2^2 + cos(q3) q1}: nonlinear and coupled. */
    private static final Potential NONLINEAR = new Potential() {
        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public double valueAndGradient(double[] q, double[] g) {
            g[0] = q[0] * q[0] * q[0] + q[1] + Math.cos(q[2]);
            g[1] = q[0] + 2 * q[1];
            g[2] = -Math.sin(q[2]) * q[0];
            return 0.25 * Math.pow(q[0], 4) + q[0] * q[1] + q[1] * q[1] + Math.cos(q[2]) * q[0];
        }
    };

    private static PhasePoint start(Potential u, double[] q, double[] p) {
        PhasePoint x = new PhasePoint(u.dimension());
        x.moveTo(q, u);
        System.arraycopy(p, 0, x.p, 0, p.length);
        return x;
    }

    @Test
    void negatingTheMomentumRetracesTheTrajectory() {
        double[] invMass = {1.0, 0.5, 2.0};
        LeapfrogStepper stepper = new LeapfrogStepper(NONLINEAR, invMass);
        double[] q0 = {0.3, -0.7, 1.1};
        double[] p0 = {0.9, 0.2, -0.4};
        PhasePoint x = start(NONLINEAR, q0, p0);
        for (int i = 0; i < 200; i++) {
            stepper.step(x, 0.05);
        }
        for (int i = 0; i < 3; i++) {
            x.p[i] = -x.p[i];
        }
        for (int i = 0; i < 200; i++) {
            stepper.step(x, 0.05);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(q0[i], x.q[i], 1e-10, "position " + i);
            assertEquals(-p0[i], x.p[i], 1e-10, "momentum " + i);
        }
    }

    @Test
    void harmonicOscillatorConservesTheShadowEnergyExactly() {
        // for U = w^2 q^2 / 2 the leapfrog map conserves p^2 + w^2 q^2 (1 - w^2 h^2 / 4) exactly
        double w = 1.7;
        double h = 0.3;
        Potential u = oscillator(w);
        LeapfrogStepper stepper = new LeapfrogStepper(u, new double[] {1.0});
        PhasePoint x = start(u, new double[] {1.0}, new double[] {0.4});
        double e0 = shadow(x, w, h);
        for (int i = 0; i < 1000; i++) {
            stepper.step(x, h);
            assertEquals(e0, shadow(x, w, h), 1e-12 * e0);
        }
    }

    private static double shadow(PhasePoint x, double w, double h) {
        return x.p[0] * x.p[0] + w * w * x.q[0] * x.q[0] * (1 - w * w * h * h / 4);
    }

    private static Potential oscillator(double w) {
        return new Potential() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public double valueAndGradient(double[] q, double[] g) {
                g[0] = w * w * q[0];
                return 0.5 * w * w * q[0] * q[0];
            }
        };
    }

    @Test
    void energyErrorIsSecondOrderInTheStepSize() {
        double[] invMass = {1.0, 1.0, 1.0};
        double previous = Double.NaN;
        for (double h : new double[] {0.04, 0.02, 0.01}) {
            LeapfrogStepper stepper = new LeapfrogStepper(NONLINEAR, invMass);
            PhasePoint x = start(NONLINEAR, new double[] {0.3, -0.7, 1.1}, new double[] {0.9, 0.2, -0.4});
            double h0 = stepper.hamiltonian(x);
            double max = 0;
            int steps = (int) Math.round(2.0 / h);
            for (int i = 0; i < steps; i++) {
                stepper.step(x, h);
                max = Math.max(max, Math.abs(stepper.hamiltonian(x) - h0));
            }
            if (!Double.isNaN(previous)) {
                double ratio = previous / max;
                assertTrue(ratio > 3.6 && ratio < 4.4, "halving h divided the energy error by " + ratio);
            }
            previous = max;
        }
    }

    @Test
    void rejectsBadInverseMass() {
        assertThrows(IllegalArgumentException.class, () -> new LeapfrogStepper(NONLINEAR, new double[] {1, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LeapfrogStepper(NONLINEAR, new double[] {1, 0, 1}));
        assertTrue(e.getMessage().contains("entry 1"), e.getMessage());
    }
}
