package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.training.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code surrogate train}, {@code evaluate} and {@code predict} with a tiny pointwise model. */
class TrainEvaluatePredictTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void dataset() {
        TinyPointwise.register();
        data = dir.resolve("b.nc");
        CliTestSupport.Run r = CliTestSupport.run("generate", "burgers", "--samples", "12", "--nx", "32",
                "--snapshots", "4", "--t-final", "0.05", "--seed", "3", "--no-progress", "--out", data.toString());
        assertEquals(0, r.code(), r.err());
    }

    private static CliTestSupport.Run train(Path out, String... extra) {
        boolean epochsGiven = java.util.Arrays.asList(extra).contains("--epochs");
        String[] base = {"train", "tiny", "--data", data.toString(), "--out", out.toString(), "--epochs",
            epochsGiven ? null : "3", "--batch", "4", "--width", "8", "--lr", "1e-2"};
        if (epochsGiven) {
            base = java.util.Arrays.stream(base).filter(java.util.Objects::nonNull)
                    .filter(a -> !a.equals("--epochs")).toArray(String[]::new);
        }
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTestSupport.run(args);
    }

    @Test
    void trainWritesAModelAndEvaluateReportsContractJson() throws Exception {
        Path m = dir.resolve("m1");
        CliTestSupport.Run r = train(m);
        assertEquals(0, r.code(), "stdout: " + r.out() + "\nstderr: " + r.err());
        assertTrue(r.out().contains("task final"), r.out());
        assertFalse(r.out().contains("Added differentiated"), "stdout carries results only: " + r.out());
        assertEquals(2, r.out().lines().count(), r.out());
        assertTrue(r.err().contains("epoch    3"), r.err());
        for (String f : new String[] {"config.json", "weights.npz", "history.csv", "checkpoint.npz"}) {
            assertTrue(Files.isRegularFile(m.resolve(f)), f);
        }
        CliTestSupport.Run e = CliTestSupport.run("evaluate", "--model", m.toString(), "--data", data.toString(),
                "--json", "--no-progress");
        assertEquals(0, e.code(), e.err());
        Map<String, Object> json = Json.parseObject(e.out());
        for (String k : new String[] {"rel_l2", "nrmse", "rmse", "max_error", "samples", "seconds", "frmse_low",
                "frmse_mid", "frmse_high"}) {
            assertTrue(json.containsKey(k), k + " in " + e.out());
        }
        assertEquals(12, ((Number) json.get("samples")).intValue());
        double rel = ((Number) json.get("rel_l2")).doubleValue();
        assertTrue(rel > 0 && Double.isFinite(rel), "rel_l2 " + rel);
        CliTestSupport.Run table = CliTestSupport.run("evaluate", "--model", m.toString(), "--data",
                data.toString(), "--no-progress");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("rel_l2"), table.out());
    }

    @Test
    void nextTaskEvaluatesRolloutsPerStepAndPredictWritesTheLayout() throws Exception {
        Path m = dir.resolve("m-next");
        assertEquals(0, train(m, "--task", "next", "--window", "2").code());
        CliTestSupport.Run e = CliTestSupport.run("evaluate", "--model", m.toString(), "--data", data.toString(),
                "--json", "--no-progress");
        assertEquals(0, e.code(), e.err());
        Map<String, Object> json = Json.parseObject(e.out());
        assertEquals(2, ((Number) json.get("rollout_steps")).intValue()); // 4 snapshots, window 2
        assertEquals(2, ((List<?>) json.get("rel_l2_per_step")).size());

        Path pred = dir.resolve("pred.nc");
        CliTestSupport.Run p = CliTestSupport.run("predict", "--model", m.toString(), "--data", data.toString(),
                "--out", pred.toString(), "--no-progress");
        assertEquals(0, p.code(), p.err());
        try (DatasetReader in = DatasetReader.open(data, "u"); DatasetReader out = DatasetReader.open(pred, "u")) {
            assertEquals(12, out.sampleCount());
            assertEquals(4, out.timeCount());
            assertArrayEquals(in.times(), out.times(), 0);
            assertArrayEquals(in.readSnapshot("u", 5, 1), out.readSnapshot("u", 5, 1), "given snapshots copied");
            assertFalse(java.util.Arrays.equals(in.readSnapshot("u", 5, 3), out.readSnapshot("u", 5, 3)),
                    "later snapshots are predictions");
            assertEquals(in.attributes().get("nu"), out.attributes().get("nu"));
        }
    }

    @Test
    void predictOfAFinalModelWritesInitialAndFinalTime() throws Exception {
        Path m = dir.resolve("m-final");
        assertEquals(0, train(m).code());
        Path pred = dir.resolve("final.nc");
        assertEquals(0, CliTestSupport.run("predict", "--model", m.toString(), "--data", data.toString(),
                "--out", pred.toString(), "--no-progress").code());
        try (DatasetReader in = DatasetReader.open(data, "u"); DatasetReader out = DatasetReader.open(pred, "u")) {
            assertEquals(2, out.timeCount());
            assertEquals(in.times()[3], out.times()[1], 0);
            assertArrayEquals(in.readSnapshot("u", 0, 0), out.readSnapshot("u", 0, 0));
        }
    }

    @Test
    void predictDrawsSeveralForecastsOnlyFromProbabilisticModels() throws Exception {
        Path det = dir.resolve("m-det");
        assertEquals(0, train(det).code());
        CliTestSupport.Run refused = CliTestSupport.run("predict", "--model", det.toString(), "--data",
                data.toString(), "--out", dir.resolve("k.nc").toString(), "--samples", "3", "--no-progress");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("needs a probabilistic model"), refused.err());

        Path het = dir.resolve("m-het");
        CliTestSupport.Run t = train(het, "--heteroscedastic", "--loss", "gaussian_nll");
        assertEquals(0, t.code(), t.err());
        Path pred = dir.resolve("ens.nc");
        CliTestSupport.Run p = CliTestSupport.run("predict", "--model", het.toString(), "--data", data.toString(),
                "--out", pred.toString(), "--samples", "3", "--seed", "5", "--no-progress");
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("36 samples (3 per input)"), p.out());
        try (DatasetReader r = DatasetReader.open(pred, "u"); DatasetReader in = DatasetReader.open(data, "u")) {
            assertEquals(36, r.sampleCount());
            double[] input = r.parameter("sample_index");
            double[] member = r.parameter("member");
            assertEquals(4, input[13], 0);
            assertEquals(1, member[13], 0);
            assertArrayEquals(in.readSnapshot("u", 4, 0), r.readSnapshot("u", 12, 0), "the input is copied");
            assertArrayEquals(r.readSnapshot("u", 12, 0), r.readSnapshot("u", 13, 0), "same input per member");
            assertArrayEquals(in.readSnapshot("u", 11, 0), r.readSnapshot("u", 35, 0), "last input, last member");
            assertFalse(Arrays.equals(r.readSnapshot("u", 12, 1), r.readSnapshot("u", 13, 1)),
                    "members are different draws");
        }
    }

    @Test
    void aModelThatDoesNotFitTheGridIsRejectedBeforeAnythingIsWritten() {
        Path m = dir.resolve("m-modes");
        CliTestSupport.Run r = CliTestSupport.run("train", "fno", "--data", data.toString(), "--out", m.toString(),
                "--modes", "1000", "--epochs", "1", "--no-progress");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("modes"), r.err());
        assertFalse(java.nio.file.Files.exists(m), "no model directory is left behind");
    }

    @Test
    void resumeContinuesToANewTotalOfEpochs() throws Exception {
        Path m = dir.resolve("m-resume");
        CliTestSupport.Run first = train(m, "--epochs", "2");
        assertEquals(0, first.code(), first.err());
        CliTestSupport.Run again = train(m);
        assertEquals(2, again.code(), "an existing model is not overwritten silently");
        assertTrue(again.err().contains("--resume"), again.err());
        CliTestSupport.Run r = CliTestSupport.run("train", "tiny", "--data", data.toString(), "--out", m.toString(),
                "--resume", "--epochs", "4", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resuming"), r.err());
        assertEquals(5, Files.readAllLines(m.resolve("history.csv")).size());
    }

    @Test
    void badInputsFailWithOneLineNamingTheProblem() {
        Path missing = dir.resolve("missing.nc");
        CliTestSupport.Run a = CliTestSupport.run("train", "tiny", "--data", missing.toString(), "--out",
                dir.resolve("x").toString());
        assertEquals(2, a.code());
        assertTrue(a.err().contains(missing.toString()), a.err());
        assertEquals(1, a.err().lines().count(), a.err());

        CliTestSupport.Run b = CliTestSupport.run("train", "transformer", "--data", data.toString(), "--out",
                dir.resolve("y").toString(), "--no-progress");
        assertEquals(2, b.code());
        assertTrue(b.err().contains("unknown model 'transformer'"), b.err());

        CliTestSupport.Run c = train(dir.resolve("z"), "--task", "backwards");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("unknown task 'backwards'"), c.err());

        CliTestSupport.Run d = CliTestSupport.run("evaluate", "--model", dir.resolve("nope").toString(), "--data",
                data.toString());
        assertEquals(2, d.code());
        assertTrue(d.err().contains("model directory not found"), d.err());

        CliTestSupport.Run e = CliTestSupport.run("train", "tiny", "--data", data.toString());
        assertEquals(2, e.code());
        assertTrue(e.err().contains("--out"), e.err());

        CliTestSupport.Run f = train(dir.resolve("w"), "--task", "next", "--window", "4");
        assertEquals(2, f.code());
        assertTrue(f.err().contains("at least 5 snapshots"), f.err());
    }
}
