package dev.surrogate.datasets.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.random.SampleSeeds;
import org.junit.jupiter.api.Test;

/** Parsing and the distribution of swept values. */
class ParameterSweepTest {

    @Test
    void parsesTheCommandLineForm() {
        ParameterSweep s = ParameterSweep.parse("nu=1e-3:1e-1:log");
        assertEquals("nu", s.name());
        assertEquals(1e-3, s.lo());
        assertEquals(1e-1, s.hi());
        assertEquals(ParameterSweep.Scale.LOG, s.scale());
        assertEquals(ParameterSweep.Scale.LIN, ParameterSweep.parse("k=0:1").scale());
        for (String bad : new String[] {"nu", "nu=1", "nu=a:b", "nu=1:2:cubic", "=1:2", "nu=2:1", "nu=0:1:log",
            "nu=1:2:log:x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterSweep.parse(bad));
            assertTrue(e.getMessage().contains(bad.isEmpty() ? "" : bad.substring(0, 1)), e.getMessage());
        }
    }

    @Test
    void logUniformValuesAreSpreadEvenlyInTheLogarithm() {
        ParameterSweep s = ParameterSweep.parse("nu=1e-4:1e-2:log");
        SampleSeeds seeds = new SampleSeeds(5);
        int n = 20_000;
        int belowGeometricMean = 0;
        double sumLog = 0;
        for (int i = 0; i < n; i++) {
            double v = s.value(seeds, i);
            assertTrue(v >= 1e-4 && v <= 1e-2, "value " + v);
            if (v < 1e-3) {
                belowGeometricMean++;
            }
            sumLog += Math.log10(v);
        }
        // log10(v) ~ U(-4, -2): mean -3, std 2 / sqrt(12); fractions binomial(0.5); 5 standard errors
        assertEquals(0.5, belowGeometricMean / (double) n, 5 * Math.sqrt(0.25 / n));
        assertEquals(-3, sumLog / n, 5 * (2 / Math.sqrt(12)) / Math.sqrt(n));
    }

    @Test
    void valuesDependOnlyOnSeedIndexAndName() {
        ParameterSweep a = ParameterSweep.parse("nu=0:1");
        ParameterSweep b = ParameterSweep.parse("k=0:1");
        SampleSeeds seeds = new SampleSeeds(1);
        assertEquals(a.value(seeds, 17), a.value(new SampleSeeds(1), 17));
        assertTrue(a.value(seeds, 17) != a.value(seeds, 18));
        assertTrue(a.value(seeds, 17) != b.value(seeds, 17), "each parameter has its own stream");
    }
}
