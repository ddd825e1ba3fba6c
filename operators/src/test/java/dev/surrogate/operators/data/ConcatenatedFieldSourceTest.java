package dev.surrogate.operators.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parts joined along samples read as one source; parts of different data are refused by name. */
class ConcatenatedFieldSourceTest {
    private static final int NX = 4;
    private static final int TIMES = 3;

    /** Two fields; value at (sample s of this part, t, f, i) = base + 1000 s + 100 t + 10 f + i. */
    private static InMemoryFieldSource part(int samples, float base, double nu, Map<String, Object> attrs) {
        float[] v = new float[samples * TIMES * 2 * NX];
        for (int s = 0; s < samples; s++) {
            for (int t = 0; t < TIMES; t++) {
                for (int f = 0; f < 2; f++) {
                    for (int i = 0; i < NX; i++) {
                        v[((s * TIMES + t) * 2 + f) * NX + i] = base + 1000 * s + 100 * t + 10 * f + i;
                    }
                }
            }
        }
        double[] nus = new double[samples];
        java.util.Arrays.fill(nus, nu);
        return new InMemoryFieldSource(v, samples, TIMES, new int[] {NX}, new double[] {1.0}, List.of("u", "v"))
                .withTimes(new double[] {0, 0.5, 1}).withParameter("nu", nus).withAttributes(attrs);
    }

    @Test
    void samplesFollowOneAnotherAcrossParts() {
        Map<String, Object> a = Map.of("equation", "burgers", "seed", 1, "history", "a");
        Map<String, Object> b = Map.of("equation", "burgers", "seed", 2, "history", "b");
        ConcatenatedFieldSource c = ConcatenatedFieldSource.of(List.of(part(2, 0, 0.1, a), part(3, 50000, 0.2, b)),
                List.of("a.nc", "b.nc"));
        assertEquals(5, c.sampleCount());
        assertEquals(2, c.offset(1));
        float[] dst = new float[NX];
        c.read(3, 2, 1, dst, 0);
        // sample 3 is sample 1 of the second part
        assertArrayEquals(new float[] {51210, 51211, 51212, 51213}, dst);
        c.read(1, 0, 0, dst, 0);
        assertArrayEquals(new float[] {1000, 1001, 1002, 1003}, dst);
        float[] traj = new float[TIMES * NX];
        c.readTrajectory(4, 0, traj, 0, NX);
        assertEquals(52000 + 200 + 3, traj[2 * NX + 3]);
        assertArrayEquals(new double[] {0.1, 0.1, 0.2, 0.2, 0.2}, c.parameter("nu"));
        assertEquals(0.2, c.parameterValue("nu", 2));
        // attributes the parts disagree on (the seed, the history) are left out
        assertEquals(Map.of("equation", "burgers"), c.attributes());
        assertThrows(IndexOutOfBoundsException.class, () -> c.read(5, 0, 0, dst, 0));
        // cached copies keep the joined values
        FieldSource cached = FieldSources.cacheIfSmall(c);
        cached.read(3, 2, 1, dst, 0);
        assertArrayEquals(new float[] {51210, 51211, 51212, 51213}, dst);
    }

    @Test
    void partsOfOtherDataAreRefusedByName() {
        Map<String, Object> attrs = Map.of("equation", "burgers", "nu", 0.1);
        InMemoryFieldSource ok = part(2, 0, 0.1, attrs);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConcatenatedFieldSource.of(
                List.of(ok, part(2, 0, 0.1, Map.of("equation", "burgers", "nu", 0.01))), List.of("a.nc", "b.nc")));
        assertTrue(e.getMessage().contains("attribute 'nu' differs") && e.getMessage().contains("0.01")
                && e.getMessage().contains("b.nc"), e.getMessage());
        InMemoryFieldSource otherTimes = new InMemoryFieldSource(new float[2 * TIMES * 2 * NX], 2, TIMES,
                new int[] {NX}, new double[] {1.0}, List.of("u", "v")).withTimes(new double[] {0, 1, 2})
                .withAttributes(attrs);
        e = assertThrows(IllegalArgumentException.class, () -> ConcatenatedFieldSource.of(List.of(ok, otherTimes),
                List.of("a.nc", "b.nc")));
        assertTrue(e.getMessage().contains("snapshot times differ"), e.getMessage());
        InMemoryFieldSource otherFields = new InMemoryFieldSource(new float[2 * TIMES * 2 * NX], 2, TIMES,
                new int[] {NX}, new double[] {1.0}, List.of("v", "u")).withTimes(new double[] {0, 0.5, 1})
                .withAttributes(attrs);
        e = assertThrows(IllegalArgumentException.class, () -> ConcatenatedFieldSource.of(List.of(ok, otherFields),
                List.of("a.nc", "b.nc")));
        assertTrue(e.getMessage().contains("fields differ"), e.getMessage());
        InMemoryFieldSource noNu = new InMemoryFieldSource(new float[2 * TIMES * 2 * NX], 2, TIMES,
                new int[] {NX}, new double[] {1.0}, List.of("u", "v")).withTimes(new double[] {0, 0.5, 1})
                .withAttributes(attrs);
        e = assertThrows(IllegalArgumentException.class, () -> ConcatenatedFieldSource.of(List.of(ok, noNu),
                List.of("a.nc", "b.nc")));
        assertTrue(e.getMessage().contains("per-sample parameters differ"), e.getMessage());
        assertTrue(ConcatenatedFieldSource.mayDiffer("nu_sweep") && ConcatenatedFieldSource.mayDiffer("seed"));
        assertFalse(ConcatenatedFieldSource.mayDiffer("solver"));
    }
}
