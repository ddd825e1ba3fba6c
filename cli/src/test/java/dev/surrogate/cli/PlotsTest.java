package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Tick labels: one format per axis, every label with the same decimals. */
class PlotsTest {

    @Test
    void anAxisGetsTwoDecimalsBeyondTheMagnitudeOfItsRange() {
        // u(T) of Burgers at nu 0.1: +-0.015; ticks at 0.005 steps read 0.0100, 0.0050, 0.0000, -0.0050
        String f = Plots.format(-0.0153, 0.0151, false);
        assertEquals("%.4f", f);
        assertEquals("0.0050", String.format(Locale.ROOT, f, 0.005));
        assertEquals("-0.0050", String.format(Locale.ROOT, f, -0.005));
        assertEquals("0.0000", String.format(Locale.ROOT, f, 0.0));
        // x in [0, 1): ticks at multiples of 1/8 keep their three decimals
        assertEquals("%.3f", Plots.format(0, 0.984375, false));
        assertEquals("0.125", String.format(Locale.ROOT, Plots.format(0, 0.984375, false), 0.125));
        assertEquals("%.2f", Plots.format(-1.5, 0.7, false));
        assertEquals("%.0f", Plots.format(0, 500, false));
    }

    @Test
    void tinyRangesAndLogAxesOverDecadesAreScientific() {
        assertEquals("%.2e", Plots.format(0, 3e-6, false));
        assertEquals("%.2e", Plots.format(1e-4, 1.0, true));
        assertEquals("%.3f", Plots.format(0.993, 1.005, true));
    }

    @Test
    void numbersInTitlesAreShortAndExact() {
        assertEquals("1", Plots.number(1.0));
        assertEquals("0.1", Plots.number(0.1));
        assertEquals("0.001", Plots.number(1e-3));
        assertEquals("0.000025", Plots.number(2.5e-5));
    }
}
