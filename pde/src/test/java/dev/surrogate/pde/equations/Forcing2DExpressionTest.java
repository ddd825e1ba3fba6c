package dev.surrogate.pde.equations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stored forcing expression read back into the forcing that wrote it. */
class Forcing2DExpressionTest {

    @Test
    void everyFactoryRoundTrips() {
        assertSame(Forcing2D.NONE, Forcing2D.fromExpression("0", 1.0));
        for (double length : new double[] {1.0, 2.5}) {
            Forcing2D fno = Forcing2D.fno(length);
            Forcing2D back = Forcing2D.fromExpression(fno.expression(), length);
            assertEquals(fno.at(0.3, 0.7), back.at(0.3, 0.7), 0);
        }
        Forcing2D k = Forcing2D.kolmogorov(0.25, 4, 2.0);
        Forcing2D back = Forcing2D.fromExpression(k.expression(), 2.0);
        assertEquals(0.25 * Math.sin(2 * Math.PI * 4 * 0.3 / 2.0), back.at(0.1, 0.3), 1e-15);
    }

    @Test
    void unknownOrMismatchedExpressionsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Forcing2D.fromExpression("sin(x)", 1.0));
        assertTrue(e.getMessage().contains("'sin(x)'"), e.getMessage());
        String k = Forcing2D.kolmogorov(0.1, 2, 2.0).expression();
        e = assertThrows(IllegalArgumentException.class, () -> Forcing2D.fromExpression(k, 1.0));
        assertTrue(e.getMessage().contains("L = 2.0"), e.getMessage());
        // the FNO forcing for L = 1 is not the one for L = 2
        assertThrows(IllegalArgumentException.class,
                () -> Forcing2D.fromExpression(Forcing2D.fno(1.0).expression(), 2.0));
    }
}
