package dev.surrogate.pde.residual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Finite-difference stencils against their defining property (exact on polynomials) and their order. */
class TimeStencilTest {

    @Test
    void textbookWeights() {
        TimeStencil s2 = new TimeStencil(2, 7, 1);
        assertArrayEquals(new double[] {-1.5, 2, -0.5}, s2.weights(0), 1e-14);
        assertArrayEquals(new double[] {-0.5, 0, 0.5}, s2.weights(3), 1e-14);
        assertArrayEquals(new double[] {0.5, -2, 1.5}, s2.weights(6), 1e-14);
        assertEquals(4, s2.first(6));
        TimeStencil s4 = new TimeStencil(4, 9, 1);
        assertArrayEquals(new double[] {1.0 / 12, -2.0 / 3, 0, 2.0 / 3, -1.0 / 12}, s4.weights(4), 1e-14);
        assertArrayEquals(new double[] {-25.0 / 12, 4, -3, 4.0 / 3, -0.25}, s4.weights(0), 1e-13);
        assertEquals(0, s4.first(1));
        assertEquals(4, s4.first(8));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 6})
    void exactOnPolynomialsUpToItsOrder(int order) {
        int t = order + 4;
        double h = 0.3;
        TimeStencil s = new TimeStencil(order, t, h);
        double t0 = 1.7;
        for (int degree = 0; degree <= order; degree++) {
            double[] u = new double[t];
            double[] expected = new double[t];
            for (int i = 0; i < t; i++) {
                double ti = t0 + i * h;
                u[i] = Math.pow(ti, degree);
                expected[i] = degree == 0 ? 0 : degree * Math.pow(ti, degree - 1);
            }
            double[] d = new double[t];
            s.apply(u, 1, d);
            for (int i = 0; i < t; i++) {
                assertEquals(expected[i], d[i], 1e-9 * Math.max(1, Math.abs(expected[i])),
                        "degree " + degree + " at snapshot " + i);
            }
        }
        // degree p + 1 is not exact: the order is not higher than claimed
        double[] u = new double[t];
        for (int i = 0; i < t; i++) {
            u[i] = Math.pow(t0 + i * h, order + 1);
        }
        double[] d = new double[t];
        s.apply(u, 1, d);
        assertTrue(Math.abs(d[0] - (order + 1) * Math.pow(t0, order)) > 1e-6);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void matrixEqualsApply(int order) {
        TimeStencil s = new TimeStencil(order, 8, 0.25);
        double[] m = s.matrix();
        double[] u = new double[8 * 2];
        for (int i = 0; i < u.length; i++) {
            u[i] = Math.sin(0.7 * i) + i % 3;
        }
        double[] d = new double[u.length];
        s.apply(u, 2, d);
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 2; k++) {
                double sum = 0;
                for (int j = 0; j < 8; j++) {
                    sum += m[i * 8 + j] * u[j * 2 + k];
                }
                assertEquals(d[i * 2 + k], sum, 1e-12);
            }
        }
    }

    /** Error of d/dt sin(t) over [0, 1] falls as h^p, at the window ends too. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 6})
    void convergesAtItsOrder(int order) {
        double[] errors = new double[3];
        int[] snapshots = {21, 41, 81};
        for (int c = 0; c < 3; c++) {
            int t = snapshots[c];
            double h = 1.0 / (t - 1);
            TimeStencil s = new TimeStencil(order, t, h);
            double[] u = new double[t];
            for (int i = 0; i < t; i++) {
                u[i] = Math.sin(3 * i * h);
            }
            double[] d = new double[t];
            s.apply(u, 1, d);
            double max = 0;
            for (int i = 0; i < t; i++) {
                max = Math.max(max, Math.abs(d[i] - 3 * Math.cos(3 * i * h)));
            }
            errors[c] = max;
        }
        for (int c = 1; c < 3; c++) {
            double observed = Math.log(errors[c - 1] / errors[c]) / Math.log(2);
            assertTrue(Math.abs(observed - order) < 0.4, "order " + order + " observed " + observed);
        }
    }

    @Test
    void uniformChecksTheTimes() {
        TimeStencil s = TimeStencil.uniform(new double[] {0, 0.1, 0.2, 0.30000000000000004, 0.4}, 4);
        assertEquals(0.1, s.spacing(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeStencil.uniform(new double[] {0, 0.1, 0.25, 0.3, 0.4}, 2));
        assertTrue(e.getMessage().contains("t[2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TimeStencil.uniform(new double[] {0, 0.5, 1}, 4));
        assertTrue(e.getMessage().contains("at least 5 snapshots"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TimeStencil(3, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> TimeStencil.uniform(new double[] {1, 0.5, 0}, 2));
    }
}
