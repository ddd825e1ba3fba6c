package dev.surrogate.datasets.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.VariableSpec;
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
}
