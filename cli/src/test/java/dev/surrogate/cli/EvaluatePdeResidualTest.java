package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.training.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} adds {@code pde_residual} for rollouts, and only for them. */
class EvaluatePdeResidualTest {
    @TempDir
    Path dir;

    @Test
    void rolloutsGetThePdeResidualFinalModelsDoNot() {
        TinyPointwise.register();
        Path data = dir.resolve("b.nc");
        CliTestSupport.Run g = CliTestSupport.run("generate", "burgers", "--samples", "6", "--nx", "32",
                "--snapshots", "7", "--t-final", "0.3", "--seed", "5", "--no-progress", "--out", data.toString());
        assertEquals(0, g.code(), g.err());
        String[] train = {"train", "tiny", "--data", data.toString(), "--epochs", "2", "--batch", "4", "--width", "8",
            "--lr", "1e-2", "--out"};

        Path next = dir.resolve("next");
        CliTestSupport.Run t = CliTestSupport.run(concat(train, next.toString(), "--task", "next", "--window", "2"));
        assertEquals(0, t.code(), t.err());
        CliTestSupport.Run e = CliTestSupport.run("evaluate", "--model", next.toString(), "--data", data.toString(),
                "--json", "--no-progress");
        assertEquals(0, e.code(), e.err());
        Map<String, Object> json = Json.parseObject(e.out());
        double ratio = ((Number) json.get("pde_residual")).doubleValue();
        double pred = ((Number) json.get("pde_residual_prediction")).doubleValue();
        double truth = ((Number) json.get("pde_residual_truth")).doubleValue();
        assertEquals(pred / truth, ratio, 1e-12 * ratio);
        assertTrue(ratio > 0 && Double.isFinite(ratio), "pde_residual " + ratio);
        CliTestSupport.Run table = CliTestSupport.run("evaluate", "--model", next.toString(), "--data",
                data.toString(), "--no-progress");
        assertTrue(table.out().contains("pde_residual"), table.out());

        Path fin = dir.resolve("final");
        assertEquals(0, CliTestSupport.run(concat(train, fin.toString())).code());
        e = CliTestSupport.run("evaluate", "--model", fin.toString(), "--data", data.toString(), "--json",
                "--no-progress");
        assertEquals(0, e.code(), e.err());
        assertFalse(Json.parseObject(e.out()).containsKey("pde_residual"), e.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = new String[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
