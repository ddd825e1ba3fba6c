package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.training.Json;
import dev.surrogate.uq.bnn.PosteriorDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code uq hmc} writes a posterior that {@code evaluate --samples} and {@code predict --samples} draw from. */
class UqHmcCommandTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path fno;

    @BeforeAll
    static void dataAndModel() {
        data = dir.resolve("b.nc");
        CliTestSupport.Run g = CliTestSupport.run("generate", "burgers", "--samples", "6", "--nx", "32",
                "--snapshots", "3", "--t-final", "0.05", "--seed", "3", "--no-progress", "--out", data.toString());
        assertEquals(0, g.code(), g.err());
        fno = dir.resolve("fno");
        CliTestSupport.Run t = CliTestSupport.run("train", "fno", "--data", data.toString(), "--out", fno.toString(),
                "--epochs", "5", "--batch", "3", "--width", "4", "--modes", "4", "--layers", "1", "--lr", "1e-2",
                "--val-fraction", "0", "--no-progress");
        assertEquals(0, t.code(), t.err());
    }

    @Test
    void samplesAPosteriorThatEvaluateAndPredictDrawFrom() throws Exception {
        Path post = dir.resolve("hmc");
        CliTestSupport.Run h = CliTestSupport.run("uq", "hmc", "--model", fno.toString(), "--data", data.toString(),
                "--out", post.toString(), "--chains", "2", "--warmup", "10", "--draws", "4", "--leapfrog-steps", "3",
                "--layers", "last:2", "--json", "--no-progress");
        assertEquals(0, h.code(), h.err());
        Map<String, Object> report = Json.parseObject(h.out());
        assertEquals("hmc[last:2]", report.get("method"));
        assertTrue(report.get("sampled").toString().startsWith("last 2 layers only"), report.toString());
        assertEquals(8, ((Number) report.get("draws")).intValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> diag = (Map<String, Object>) report.get("diagnostics");
        for (String k : new String[] {"max_split_rhat", "min_bulk_ess", "acceptance", "divergences", "seconds"}) {
            assertTrue(diag.containsKey(k), k + " in " + diag);
        }
        assertTrue(PosteriorDirectory.isPosterior(post));

        CliTestSupport.Run e = CliTestSupport.run("evaluate", "--model", post.toString(), "--data", data.toString(),
                "--samples", "4", "--json", "--no-progress");
        assertEquals(0, e.code(), e.err());
        Map<String, Object> m = Json.parseObject(e.out());
        assertEquals("hmc[last:2]", m.get("forecaster"));
        assertTrue(((Number) m.get("crps")).doubleValue() > 0);

        Path pred = dir.resolve("pred.nc");
        CliTestSupport.Run p = CliTestSupport.run("predict", "--model", post.toString(), "--data", data.toString(),
                "--out", pred.toString(), "--samples", "3", "--no-progress");
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.isRegularFile(pred));

        // the table form names what was sampled
        CliTestSupport.Run again = CliTestSupport.run("uq", "hmc", "--model", fno.toString(), "--data",
                data.toString(), "--out", post.toString(), "--chains", "2", "--warmup", "10", "--draws", "4",
                "--leapfrog-steps", "3", "--layers", "last:2", "--resume", "--no-progress");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("last 2 layers only"), again.out());
        assertTrue(again.out().contains("r_hat"), again.out());
    }

    @Test
    void badArgumentsExitWithTwo() {
        CliTestSupport.Run r = CliTestSupport.run("uq", "hmc", "--model", fno.toString(), "--data", data.toString(),
                "--out", dir.resolve("x").toString(), "--layers", "first:2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("last:K"), r.err());
        r = CliTestSupport.run("uq", "hmc", "--model", fno.toString(), "--data", data.toString(), "--out",
                dir.resolve("y").toString(), "--noise", "-1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("noise scale"), r.err());
        r = CliTestSupport.run("uq", "hmc", "--model", fno.toString(), "--data", data.toString(), "--out",
                fno.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--out must differ"), r.err());
        r = CliTestSupport.run("uq", "hmc", "--model", dir.resolve("nothing").toString(), "--data", data.toString(),
                "--out", dir.resolve("z").toString());
        assertEquals(2, r.code());
    }
}
