package dev.surrogate.datasets.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.pde.equations.GrayScott2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.StepObserver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snapshots land at {@code [time * points]} offsets, also when sliced from a (u, v) system vector. */
class SampleBufferTest {

    @Test
    void slicesASystemStateIntoItsFields() {
        DatasetLayout layout = new DatasetLayout(1, 2, 2, new double[] {0, 1}, List.of(new VariableSpec("u", "u", "1"),
                new VariableSpec("v", "v", "1")), List.of(), Map.of());
        SampleBuffer b = new SampleBuffer(layout);
        double[] system = {1, 2, 3, 4, -1, -2, -3, -4};
        b.putSnapshot(0, 1, system, 0);
        b.putSnapshot(1, 1, system, 4);
        assertEquals(3f, b.fields()[0][4 + 2]);
        assertEquals(-4f, b.fields()[1][4 + 3]);
        assertEquals(0f, b.fields()[0][0]);
        assertThrows(IllegalArgumentException.class, () -> b.putSnapshot(1, 1, system, 5));
        assertThrows(IllegalArgumentException.class, () -> b.putSnapshot(0, 2, system, 0));
    }

    @Test
    void recorderStoresEachFieldOfTheEquationsGridValues() {
        SpectralGrid2D grid = new SpectralGrid2D(4, 1.0);
        GrayScott2D eq = new GrayScott2D(grid, 1e-3, 1e-3, 0.04, 0.06);
        double[] u = new double[16];
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            u[i] = i;
            v[i] = -0.5 * i;
        }
        DatasetLayout layout = new DatasetLayout(1, 4, 4, new double[] {0, 1}, List.of(new VariableSpec("u", "u",
                "1"), new VariableSpec("v", "v", "1")), List.of(), Map.of());
        SampleBuffer b = new SampleBuffer(layout);
        StepObserver rec = b.recorder(eq);
        rec.onOutput(1, 1.0, eq.state(u, v));
        for (int i = 0; i < 16; i++) {
            assertEquals(u[i], b.fields()[0][16 + i], 1e-6, "u " + i);
            assertEquals(v[i], b.fields()[1][16 + i], 1e-6, "v " + i);
        }
        DatasetLayout oneField = new DatasetLayout(1, 4, 4, new double[] {0, 1}, List.of(new VariableSpec("u", "u",
                "1")), List.of(), Map.of());
        assertThrows(IllegalArgumentException.class, () -> new SampleBuffer(oneField).recorder(eq));
    }
}
