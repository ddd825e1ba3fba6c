package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.NetcdfDatasetWriter;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.operators.training.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in model names of {@code train}, at toy sizes: wiring, not accuracy. */
class BuiltinModelsCliTest {
    @TempDir
    static Path dir;
    static Path coarse;
    static Path fine;

    @BeforeAll
    static void data() {
        coarse = dir.resolve("b32.nc");
        fine = dir.resolve("b64.nc");
        for (Object[] c : new Object[][] {{coarse, "32"}, {fine, "64"}}) {
            CliTestSupport.Run r = CliTestSupport.run("generate", "burgers", "--samples", "10", "--nx",
                    (String) c[1], "--snapshots", "2", "--t-final", "0.05", "--seed", "3", "--no-progress", "--out",
                    c[0].toString());
            assertEquals(0, r.code(), r.err());
        }
    }

    private static Map<String, Object> evaluate(Path model, Path data) {
        CliTestSupport.Run e = CliTestSupport.run("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--json", "--no-progress");
        assertEquals(0, e.code(), e.err());
        return Json.parseObject(e.out());
    }

    @Test
    void fno1dTrainsAndEvaluatesOnAFinerGrid() throws Exception {
        Path m = dir.resolve("fno");
        CliTestSupport.Run r = CliTestSupport.run("train", "fno", "--data", coarse.toString(), "--out", m.toString(),
                "--epochs", "2", "--width", "8", "--modes", "4", "--layers", "2", "--batch", "4", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fno1d"), r.out());
        Map<String, Object> json = evaluate(m, fine);
        assertEquals(List.of(64), json.get("grid"));
        assertTrue(Double.isFinite(((Number) json.get("rel_l2")).doubleValue()));
    }

    @Test
    void deeponetTrainsAndEvaluates() {
        Path m = dir.resolve("deeponet");
        CliTestSupport.Run r = CliTestSupport.run("train", "deeponet", "--data", coarse.toString(), "--out",
                m.toString(), "--epochs", "2", "--width", "16", "--layers", "1", "--sensors", "16", "--latent", "8",
                "--batch", "4", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("deeponet"), r.out());
        assertTrue(Double.isFinite(((Number) evaluate(m, coarse).get("rel_l2")).doubleValue()));
        CliTestSupport.Run bad = CliTestSupport.run("train", "deeponet", "--data", coarse.toString(), "--out",
                dir.resolve("d2").toString(), "--modes", "4");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--modes is an FNO option"), bad.err());
    }

    @Test
    void fno2dLearnsTheNextSnapshotOfA2dFieldAndRollsOut() throws Exception {
        // a travelling wave w(t, x, y) = sin(2 pi (x - 0.1 t)) cos(2 pi y) + 0.1 s, 16 x 16, 6 snapshots
        int n = 16;
        int times = 6;
        Path file = dir.resolve("wave2d.nc");
        double[] t = new double[times];
        for (int k = 0; k < times; k++) {
            t[k] = k;
        }
        DatasetLayout layout = new DatasetLayout(1.0, n, n, t, List.of(new VariableSpec("w", "test wave", "1")),
                List.of(), Map.of("equation", "test"));
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(file, layout, 0, 6)) {
            for (int s = 0; s < 6; s++) {
                float[] v = new float[times * n * n];
                for (int k = 0; k < times; k++) {
                    for (int j = 0; j < n; j++) {
                        for (int i = 0; i < n; i++) {
                            v[(k * n + j) * n + i] = (float) (Math.sin(2 * Math.PI * ((double) i / n - 0.1 * k))
                                    * Math.cos(2 * Math.PI * j / n) + 0.1 * s);
                        }
                    }
                }
                w.writeSample(s, new float[][] {v}, new double[0]);
            }
            w.commit();
        }
        Path m = dir.resolve("fno2d");
        CliTestSupport.Run r = CliTestSupport.run("train", "fno", "--data", file.toString(), "--out", m.toString(),
                "--task", "next", "--window", "2", "--epochs", "2", "--width", "6", "--modes", "3", "--layers", "1",
                "--batch", "4", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fno2d"), r.out());
        Map<String, Object> json = evaluate(m, file);
        assertEquals(4, ((Number) json.get("rollout_steps")).intValue());
        assertEquals(List.of(16, 16), json.get("grid"));
    }
}
