package dev.surrogate.pde.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PhiFunctionsTest {

    /** Closed forms, accurate away from z = 0. */
    @Test
    void contourIntegralMatchesClosedFormsAwayFromZero() {
        double h = 0.1;
        double[] co = new double[6];
        for (double z : new double[] {-50, -3, -0.7, 0.4, 2}) {
            PhiFunctions.etdrk4(z, h, co);
            double ez = Math.exp(z);
            assertEquals(ez, co[0], 1e-14 * Math.max(1, ez));
            assertEquals(Math.exp(z / 2), co[1], 1e-14);
            assertEquals(h * (Math.exp(z / 2) - 1) / z, co[2], 1e-13 * h);
            double z3 = z * z * z;
            assertEquals(h * (-4 - z + ez * (4 - 3 * z + z * z)) / z3, co[3], 1e-12 * h, "f1 at " + z);
            assertEquals(h * (2 + z + ez * (z - 2)) / z3, co[4], 1e-12 * h, "f2 at " + z);
            assertEquals(h * (-4 - 3 * z - z * z + ez * (4 - z)) / z3, co[5], 1e-12 * h, "f3 at " + z);
        }
    }

    /** Taylor limits at z = 0: Q = h/2, f1 = h/6, f2 = h/6, f3 = h/6 (RK4 weights). */
    @Test
    void limitsAtZeroAreTheClassicalRk4Weights() {
        double h = 0.25;
        double[] co = new double[6];
        for (double z : new double[] {0.0, 1e-9, -1e-7}) {
            PhiFunctions.etdrk4(z, h, co);
            assertEquals(h / 2, co[2], 1e-7 * h);
            assertEquals(h / 6, co[3], 1e-7 * h);
            assertEquals(h / 6, co[4], 1e-7 * h);
            assertEquals(h / 6, co[5], 1e-7 * h);
        }
    }
}
