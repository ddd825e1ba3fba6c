package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.io.NetcdfDatasetWriter;
import dev.surrogate.operators.training.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code surrogate residual}: the contract's JSON, the table, and exit codes for bad input. */
class ResidualCommandTest {

    @TempDir
    Path dir;

    /** Burgers from the smooth Cole-Hopf initial condition, whose snapshots resolve the whole evolution. */
    private Path burgers() {
        Path out = dir.resolve("b.nc");
        CliTestSupport.Run g = CliTestSupport.run("generate", "burgers", "--samples", "2", "--nx", "32",
                "--snapshots", "9", "--t-final", "0.4", "--nu", "0.1", "--ic", "cole-hopf", "--out", out.toString());
        assertEquals(0, g.code(), g.err());
        return out;
    }

    @Test
    void jsonHasTheContractKeysAndSolverDataIsFarMorePhysicalThanNoisyData() throws IOException {
        Path data = burgers();
        CliTestSupport.Run r = CliTestSupport.run("residual", "--data", data.toString(), "--json", "--no-progress");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> m = Json.parseObject(r.out());
        double solver = ((Number) m.get("residual")).doubleValue();
        assertEquals(9, ((List<?>) m.get("per_snapshot")).size());
        assertTrue(((String) m.get("discretisation")).contains("4th-order"), (String) m.get("discretisation"));
        assertEquals("burgers", m.get("equation"));
        assertEquals(1, r.err().lines().count(), r.err());

        // the same data with 1 % noise: its time derivative no longer follows the PDE
        Path noisy = dir.resolve("noisy.nc");
        try (DatasetReader in = DatasetReader.open(data)) {
            DatasetLayout layout = in.layout();
            SplittableRandom rng = new SplittableRandom(1);
            try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(noisy, layout, 0, in.sampleCount())) {
                for (int s = 0; s < in.sampleCount(); s++) {
                    float[] u = in.readSample("u", s);
                    for (int i = 0; i < u.length; i++) {
                        u[i] += (float) (0.01 * rng.nextGaussian());
                    }
                    w.writeSample(s, new float[][] {u}, new double[0]);
                }
                w.commit();
            }
        }
        r = CliTestSupport.run("residual", "--data", noisy.toString(), "--json", "--no-progress");
        assertEquals(0, r.code(), r.err());
        double noise = ((Number) Json.parseObject(r.out()).get("residual")).doubleValue();
        assertTrue(solver < 0.01 && noise > 10 * solver, "noisy " + noise + " vs solver " + solver);
    }

    @Test
    void tableListsEverySnapshot() {
        Path data = burgers();
        CliTestSupport.Run r = CliTestSupport.run("residual", "--data", data.toString(), "--from-time", "0.1",
                "--order", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("over t >= 0.1"), r.out());
        assertTrue(r.out().contains("2nd-order"), r.out());
        assertEquals(4 + 1 + 9, r.out().lines().count(), r.out());
    }

    @Test
    void badInputGivesOneLineAndTheRightExitCode() throws IOException {
        Path missing = dir.resolve("missing.nc");
        CliTestSupport.Run r = CliTestSupport.run("residual", "--data", missing.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(missing.toString()), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        Path ks = write(dir.resolve("ks.nc"), "kuramoto-sivashinsky");
        r = CliTestSupport.run("residual", "--data", ks.toString(), "--no-progress");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("'kuramoto-sivashinsky'"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        Path none = write(dir.resolve("none.nc"), null);
        r = CliTestSupport.run("residual", "--data", none.toString(), "--no-progress");
        assertEquals(2, r.code(), r.err()); // an input that is not a usable dataset, as everywhere
        assertTrue(r.err().contains("'equation'"), r.err());

        Path data = burgers();
        r = CliTestSupport.run("residual", "--data", data.toString(), "--order", "3");
        assertEquals(2, r.code(), r.err());
        r = CliTestSupport.run("residual", "--data", data.toString(), "--fields", "vorticity");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("'vorticity'"), r.err());
        assertEquals("", r.out());
    }

    private static Path write(Path file, String equation) throws IOException {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (equation != null) {
            attrs.put("equation", equation);
        }
        attrs.put("nu", 0.1);
        double[] times = {0, 1, 2, 3, 4};
        DatasetLayout layout = new DatasetLayout(1.0, 8, 0, times,
                List.of(new dev.surrogate.datasets.io.VariableSpec("u", "u", "1")), List.of(), attrs);
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(file, layout, 0, 1)) {
            w.writeSample(0, new float[][] {new float[times.length * 8]}, new double[0]);
            w.commit();
        }
        return file;
    }
}
