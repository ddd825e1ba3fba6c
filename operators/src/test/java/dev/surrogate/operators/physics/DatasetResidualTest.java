package dev.surrogate.operators.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.io.DatasetFormatException;
import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.NetcdfDatasetWriter;
import dev.surrogate.datasets.io.VariableSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The residual of solver files: it falls with the snapshot spacing at the time difference's order once the
 * initial transient is over, and bad files or options are rejected with messages that name the problem.
 */
class DatasetResidualTest {
    @TempDir
    Path dir;

    /**
     * Burgers from GRF initial conditions (nu 0.1), 11, 21 and 41 snapshots over [0, 1]: from t = 0.25 on the
     * residual falls by about 2^p per halving of the spacing; over the whole window much less, because the fast
     * viscous decay of the initial field's middle modes is not resolved by the first snapshots.
     */
    @Test
    void solverDataConvergesAtTheStencilOrderAfterTheTransient() throws IOException {
        int[] counts = {11, 21, 41};
        Path[] files = new Path[3];
        for (int c = 0; c < 3; c++) {
            BurgersSettings s = BurgersSettings.defaults().withNx(64).withNu(0.1).withTimes(1.0, counts[c]);
            files[c] = PhysicsFixtures.generate(dir.resolve("b" + counts[c] + ".nc"), new BurgersProblem(s), 3,
                    List.of());
        }
        for (int order : new int[] {2, 4}) {
            double[] late = new double[3];
            double[] whole = new double[3];
            for (int c = 0; c < 3; c++) {
                late[c] = DatasetResidual.compute(files[c], new DatasetResidual.Options(order, List.of(), 0.25,
                        Integer.MAX_VALUE), ProgressListener.NONE).mean();
                whole[c] = DatasetResidual.compute(files[c], new DatasetResidual.Options(order, List.of(),
                        Double.NEGATIVE_INFINITY, Integer.MAX_VALUE), ProgressListener.NONE).mean();
            }
            double observed = Math.log(late[1] / late[2]) / Math.log(2);
            assertTrue(Math.abs(observed - order) < 0.6, "order " + order + ": observed " + observed + " from t = "
                    + "0.25, residuals " + late[1] + " -> " + late[2]);
            assertTrue(late[0] / late[2] > Math.pow(2, 2 * order) / 4, "order " + order + ": 11 -> 41 snapshots "
                    + "only " + late[0] / late[2]);
            // the transient keeps the whole-window floor within a small factor
            assertTrue(whole[0] / whole[2] < 4, "whole window fell " + whole[0] / whole[2]);
            assertTrue(whole[2] > 10 * late[2]);
        }
    }

    @Test
    void resultListsEverySnapshotAndTheMeanRange() throws IOException {
        Path file = PhysicsFixtures.grayScott(dir);
        DatasetResidual.Result all = DatasetResidual.compute(file, DatasetResidual.Options.defaults(), ProgressListener.NONE);
        assertEquals(7, all.perSnapshot().length);
        assertEquals("gray-scott", all.equation());
        assertEquals(List.of("u", "v"), all.fields());
        assertEquals(0, all.meanFromIndex());
        DatasetResidual.Result late = DatasetResidual.compute(file, new DatasetResidual.Options(4, List.of("v"), 30,
                1), ProgressListener.NONE);
        assertEquals(3, late.meanFromIndex());
        assertEquals(1, late.samples());
        assertEquals(List.of("v"), late.fields());
        Map<String, Object> m = late.toMap();
        assertEquals(late.mean(), (Double) m.get("residual"), 0);
        assertTrue(((String) m.get("discretisation")).contains("4th-order"));
        assertEquals(7, ((List<?>) m.get("per_snapshot")).size());
    }

    @Test
    void badOptionsAndFilesAreNamed() throws IOException {
        Path file = PhysicsFixtures.burgers(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetResidual.compute(file,
                new DatasetResidual.Options(4, List.of("vorticity"), Double.NEGATIVE_INFINITY, 10), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("'vorticity'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetResidual.compute(file,
                new DatasetResidual.Options(4, List.of(), 5.0, 10), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("t = 5.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetResidual.compute(file,
                new DatasetResidual.Options(3, List.of(), 0, 10), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("order"), e.getMessage());

        Path other = write(dir.resolve("ks.nc"), "kuramoto-sivashinsky", new double[] {0, 1, 2, 3, 4});
        e = assertThrows(IllegalArgumentException.class,
                () -> DatasetResidual.compute(other, DatasetResidual.Options.defaults(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("'kuramoto-sivashinsky'") && e.getMessage().contains("ks.nc"),
                e.getMessage());
        Path uneven = write(dir.resolve("uneven.nc"), "burgers", new double[] {0, 1, 2, 4, 5});
        e = assertThrows(IllegalArgumentException.class,
                () -> DatasetResidual.compute(uneven, DatasetResidual.Options.defaults(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("uniformly"), e.getMessage());
        Path none = write(dir.resolve("none.nc"), null, new double[] {0, 1, 2, 3, 4});
        DatasetFormatException f = assertThrows(DatasetFormatException.class,
                () -> DatasetResidual.compute(none, DatasetResidual.Options.defaults(), ProgressListener.NONE));
        assertTrue(f.getMessage().contains("'equation'"), f.getMessage());
    }

    /** A 1-D file with field u, nu = 0.1 and the given equation attribute (none if null). */
    private static Path write(Path file, String equation, double[] times) throws IOException {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (equation != null) {
            attrs.put("equation", equation);
        }
        attrs.put("nu", 0.1);
        DatasetLayout layout = new DatasetLayout(1.0, 8, 0, times, List.of(new VariableSpec("u", "u", "1")),
                List.of(), attrs);
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(file, layout, 0, 1)) {
            float[][] values = new float[1][times.length * 8];
            w.writeSample(0, values, new double[0]);
            w.commit();
        }
        return file;
    }
}
