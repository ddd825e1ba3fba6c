package dev.surrogate.operators.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrajectoryTaskTest {

    /** Value {@code 100 s + 10 t + f + i / 100} at sample s, time t, field f, point i. */
    private static InMemoryFieldSource data() {
        int samples = 3;
        int times = 6;
        int fields = 2;
        int nx = 4;
        float[] v = new float[samples * times * fields * nx];
        for (int s = 0; s < samples; s++) {
            for (int t = 0; t < times; t++) {
                for (int f = 0; f < fields; f++) {
                    for (int i = 0; i < nx; i++) {
                        v[((s * times + t) * fields + f) * nx + i] = 100 * s + 10 * t + f + i / 100f;
                    }
                }
            }
        }
        return new InMemoryFieldSource(v, samples, times, new int[] {nx}, new double[] {1}, List.of("u", "v"))
                .withParameter("nu", new double[] {0.1, 0.2, 0.3});
    }

    @Test
    void firstSnapshotsPredictTheNextOnesAsOneTarget() {
        Task task = new Task.Trajectory(2, 3);
        TaskDataset d = new TaskDataset(data(), task, new int[] {1, 2});
        assertEquals(2, d.size(), "one pair per trajectory");
        assertEquals(4, d.inputChannels());
        assertEquals(6, d.outputChannels());
        assertArrayEquals(new int[] {0, 1}, d.inputTimes(0));
        assertArrayEquals(new int[] {2, 3, 4}, d.targetTimes(1));
        float[] x = new float[d.inputSize()];
        float[] y = new float[d.outputSize()];
        d.fill(1, x, 0, y, 0);
        // input channel j * F + f is field f at time j; sample 2
        assertEquals(200 + 10 + 1 + 0.02f, x[3 * 4 + 2], 1e-4);
        // target channel j * F + f is field f at time window + j
        assertEquals(200 + 40 + 0 + 0.03f, y[4 * 4 + 3], 1e-4);
    }

    @Test
    void restCoversEverySnapshotAfterTheWindowAndConfigRoundTrips() {
        Task.Trajectory t = Task.Trajectory.rest(2, 6);
        assertEquals(4, t.horizon());
        Task withNu = t.withParameters(List.of("nu"));
        Map<String, Object> c = withNu.config();
        assertEquals(withNu, Task.fromConfig(c));
        TaskDataset d = new TaskDataset(data(), withNu, new int[] {0, 2});
        assertEquals(2 * 2 + 1, d.inputChannels(), "the parameter is one more input channel");
        float[] x = new float[d.inputSize()];
        d.fill(1, x, 0, new float[d.outputSize()], 0);
        assertEquals(0.3f, x[4 * 4 + 1], 0);
    }

    @Test
    void tooShortTrajectoriesAndBadSizesAreRefusedByName() {
        assertThrows(IllegalArgumentException.class, () -> new TaskDataset(data(), new Task.Trajectory(4, 3),
                new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Task.Trajectory(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Task.Trajectory(2, 0));
        assertThrows(IllegalArgumentException.class, () -> Task.Trajectory.rest(6, 6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Task.fromConfig(Map.of("name", "trajectory", "window", 2)));
        assertEquals(true, e.getMessage().contains("horizon"));
    }
}
