package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.training.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code uq inverse}: the solver recovers nu; a parametric surrogate runs through the same command. */
class UqInverseCommandTest {
    @TempDir
    static Path dir;
    static Path obs;

    @BeforeAll
    static void data() {
        obs = dir.resolve("obs.nc");
        CliTestSupport.Run g = CliTestSupport.run("generate", "burgers", "--samples", "1", "--nx", "64",
                "--snapshots", "5", "--t-final", "0.2", "--nu", "0.04", "--seed", "5", "--no-progress", "--out",
                obs.toString());
        assertEquals(0, g.code(), g.err());
    }

    @SuppressWarnings("unchecked")
    @Test
    void solverPosteriorHoldsTheTrueViscosity() {
        CliTestSupport.Run r = CliTestSupport.run("uq", "inverse", "--data", obs.toString(), "--chains", "2",
                "--warmup", "100", "--draws", "100", "--leapfrog-steps", "5", "--json", "--no-progress");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> m = Json.parseObject(r.out());
        Map<String, Object> o = (Map<String, Object>) m.get("observations");
        assertEquals(0.04, ((Number) o.get("true_nu")).doubleValue(), 1e-12);
        assertEquals(64, ((Number) o.get("values")).intValue());
        List<Object> methods = (List<Object>) m.get("methods");
        assertEquals(1, methods.size());
        Map<String, Object> solver = (Map<String, Object>) methods.get(0);
        assertEquals("solver", solver.get("name"));
        assertEquals(Boolean.TRUE, solver.get("contains_true_nu"), solver.toString());
        double lo = ((Number) solver.get("nu_q05")).doubleValue();
        double hi = ((Number) solver.get("nu_q95")).doubleValue();
        assertTrue(hi - lo < 0.01, "90 % interval [" + lo + ", " + hi + "]");
    }

    @SuppressWarnings("unchecked")
    @Test
    void surrogateForwardModelRunsFromAParametricOperator() {
        Path sweep = dir.resolve("sweep.nc");
        CliTestSupport.Run g = CliTestSupport.run("generate", "burgers", "--samples", "8", "--nx", "64",
                "--snapshots", "5", "--t-final", "0.2", "--vary", "nu=0.02:0.08:log", "--seed", "6",
                "--no-progress", "--out", sweep.toString());
        assertEquals(0, g.code(), g.err());
        Path fno = dir.resolve("fno-nu");
        CliTestSupport.Run t = CliTestSupport.run("train", "fno", "--data", sweep.toString(), "--out", fno.toString(),
                "--task", "next", "--parameters", "nu", "--epochs", "1", "--batch", "8", "--width", "4", "--modes",
                "4", "--layers", "1", "--val-fraction", "0", "--no-progress");
        assertEquals(0, t.code(), t.err());
        CliTestSupport.Run r = CliTestSupport.run("uq", "inverse", "--data", obs.toString(), "--model",
                fno.toString(), "--forward", "surrogate", "--chains", "1", "--warmup", "4", "--draws", "4",
                "--leapfrog-steps", "2", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("surrogate"), r.out());
        assertTrue(r.out().contains("true nu 0.04"), r.out());
    }

    @Test
    void badArguments() {
        CliTestSupport.Run r = CliTestSupport.run("uq", "inverse", "--data", obs.toString(), "--times", "9");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("observed times"), r.err());
        r = CliTestSupport.run("uq", "inverse", "--data", obs.toString(), "--forward", "surrogate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--model"), r.err());
        r = CliTestSupport.run("uq", "inverse", "--data", obs.toString(), "--nu-prior", "0.1:0.01");
        assertEquals(2, r.code());
        // --model must be a model directory
        r = CliTestSupport.run("uq", "inverse", "--data", obs.toString(), "--model", obs.toString());
        assertEquals(2, r.code());
    }
}
