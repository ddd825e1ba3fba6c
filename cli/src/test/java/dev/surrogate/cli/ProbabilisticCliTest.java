package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.training.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --samples K} and {@code predict --samples K}: the same members, scored as the contract says. */
class ProbabilisticCliTest {
    private static final int SAMPLES = 10;
    private static final int FIRST = 200;

    @TempDir
    static Path dir;
    static Path data;
    static Path het;

    @BeforeAll
    static void dataAndModel() {
        TinyPointwise.register();
        data = dir.resolve("shard.nc");
        CliTestSupport.Run g = CliTestSupport.run("generate", "burgers", "--samples", String.valueOf(SAMPLES),
                "--first-sample", String.valueOf(FIRST), "--nx", "32", "--snapshots", "3", "--t-final", "0.05",
                "--seed", "3", "--no-progress", "--out", data.toString());
        assertEquals(0, g.code(), g.err());
        het = dir.resolve("het");
        CliTestSupport.Run t = CliTestSupport.run("train", "tiny", "--data", data.toString(), "--out",
                het.toString(), "--epochs", "3", "--batch", "4", "--width", "8", "--lr", "1e-2", "--heteroscedastic",
                "--loss", "gaussian_nll", "--no-progress");
        assertEquals(0, t.code(), t.err());
    }

    private static Map<String, Object> evaluate(Path model, String... extra) throws Exception {
        String[] base = {"evaluate", "--model", model.toString(), "--data", data.toString(), "--json",
            "--no-progress"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliTestSupport.Run e = CliTestSupport.run(args);
        assertEquals(0, e.code(), e.err());
        return Json.parseObject(e.out());
    }

    private static double num(Map<String, Object> json, String key) {
        return ((Number) json.get(key)).doubleValue();
    }

    @Test
    void metricsRecomputedFromThePredictFileEqualEvaluate() throws Exception {
        int k = 5;
        Map<String, Object> json = evaluate(het, "--samples", String.valueOf(k), "--seed", "9", "--batch", "3");
        for (String key : new String[] {"rel_l2", "rmse", "crps", "nll", "coverage_50", "coverage_90",
            "coverage_95", "spread_skill", "sharpness"}) {
            assertTrue(Double.isFinite(num(json, key)), key + " in " + json);
        }
        assertEquals(k, ((Number) json.get("samples_per_input")).intValue());
        assertEquals("heteroscedastic", json.get("forecaster"));

        Path pred = dir.resolve("ens.nc");
        CliTestSupport.Run p = CliTestSupport.run("predict", "--model", het.toString(), "--data", data.toString(),
                "--out", pred.toString(), "--samples", String.valueOf(k), "--seed", "9", "--batch", "4",
                "--no-progress");
        assertEquals(0, p.code(), p.err());
        // fair CRPS by its definition (all pairs), the ensemble mean's RMSE and the 50 % coverage, from the file
        double crps = 0;
        double sq = 0;
        double inside50 = 0;
        long points = 0;
        try (DatasetReader r = DatasetReader.open(pred, "u"); DatasetReader in = DatasetReader.open(data, "u")) {
            assertEquals(SAMPLES * k, r.sampleCount());
            int nx = r.nx();
            double[] sampleIndex = r.parameter("sample_index");
            double[] member = r.parameter("member");
            long[] coordinate = r.sampleIndices();
            for (int i = 0; i < SAMPLES; i++) {
                float[] truth = in.readSnapshot("u", i, in.timeCount() - 1);
                float[][] x = new float[k][];
                for (int m = 0; m < k; m++) {
                    int row = i * k + m;
                    assertEquals(FIRST + i, sampleIndex[row], 0, "sample_index of row " + row);
                    assertEquals(m, member[row], 0, "member of row " + row);
                    assertEquals((FIRST + i) * (long) k + m, coordinate[row], "sample coordinate of row " + row);
                    x[m] = r.readSnapshot("u", row, 1);
                }
                for (int j = 0; j < nx; j++) {
                    double abs = 0;
                    double pairs = 0;
                    double mean = 0;
                    double[] sorted = new double[k];
                    for (int a = 0; a < k; a++) {
                        abs += Math.abs(x[a][j] - truth[j]);
                        mean += x[a][j] / (double) k;
                        sorted[a] = x[a][j];
                        for (int b = 0; b < k; b++) {
                            pairs += Math.abs(x[a][j] - x[b][j]);
                        }
                    }
                    crps += abs / k - pairs / (2.0 * k * (k - 1));
                    sq += (mean - truth[j]) * (mean - truth[j]);
                    // numpy quantiles 0.25 and 0.75 of 5 values are the 2nd and 4th order statistics
                    java.util.Arrays.sort(sorted);
                    inside50 += sorted[1] <= truth[j] && truth[j] <= sorted[3] ? 1 : 0;
                    points++;
                }
            }
        }
        assertEquals(crps / points, num(json, "crps"), 1e-6 * num(json, "crps"));
        assertEquals(Math.sqrt(sq / points), num(json, "rmse"), 1e-5 * num(json, "rmse"));
        assertEquals(inside50 / points, num(json, "coverage_50"), 1e-12);

        Process dump = new ProcessBuilder("ncdump", "-h", pred.toString()).redirectErrorStream(true).start();
        String header = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (dump.waitFor(60, TimeUnit.SECONDS) && dump.exitValue() == 0) {
            assertTrue(header.contains("int sample_index(sample)") && header.contains("int member(sample)"),
                    header);
        }
    }

    @Test
    void deterministicPredictionsKeepTheInputsGlobalSampleIndex() throws Exception {
        Path pred = dir.resolve("det.nc");
        CliTestSupport.Run p = CliTestSupport.run("predict", "--model", het.toString(), "--data", data.toString(),
                "--out", pred.toString(), "--no-progress");
        assertEquals(0, p.code(), p.err());
        try (DatasetReader r = DatasetReader.open(pred, "u"); DatasetReader in = DatasetReader.open(data, "u")) {
            assertArrayEquals(in.sampleIndices(), r.sampleIndices());
            assertEquals(FIRST, r.sampleIndices()[0]);
            assertEquals(FIRST, ((Number) r.attributes().get("first_sample")).intValue());
        }
    }

    @Test
    void mcDropoutScoresDoNotDependOnTheBatchSize() throws Exception {
        Path drop = dir.resolve("fno-dropout");
        CliTestSupport.Run t = CliTestSupport.run("train", "fno", "--data", data.toString(), "--out",
                drop.toString(), "--epochs", "1", "--batch", "5", "--width", "8", "--modes", "4", "--layers", "1",
                "--dropout", "0.3", "--no-progress");
        assertEquals(0, t.code(), t.err());
        Map<String, Object> a = evaluate(drop, "--samples", "4", "--seed", "1", "--batch", "1");
        Map<String, Object> b = evaluate(drop, "--samples", "4", "--seed", "1", "--batch", "7");
        Map<String, Object> c = evaluate(drop, "--samples", "4", "--seed", "2", "--batch", "7");
        assertEquals("mc_dropout", a.get("forecaster"));
        for (String key : new String[] {"crps", "nll", "spread_skill", "sharpness", "rmse"}) {
            // float32 round-off of the network differs between batch sizes; the draws do not
            assertEquals(num(a, key), num(b, key), 1e-4 * Math.abs(num(a, key)), key);
        }
        assertTrue(num(a, "sharpness") > 0, "dropout spreads the members");
        assertTrue(Math.abs(num(a, "crps") - num(c, "crps")) > 1e-4 * num(a, "crps"), "another seed draws others");
    }

    @Test
    void deterministicModelsAndTooFewMembersAreRefused() {
        Path det = dir.resolve("det-model");
        assertEquals(0, CliTestSupport.run("train", "tiny", "--data", data.toString(), "--out", det.toString(),
                "--epochs", "1", "--width", "4", "--no-progress").code());
        CliTestSupport.Run r = CliTestSupport.run("evaluate", "--model", det.toString(), "--data", data.toString(),
                "--samples", "8", "--no-progress");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("needs a probabilistic model") && r.err().contains("deterministic"), r.err());
        CliTestSupport.Run one = CliTestSupport.run("evaluate", "--model", het.toString(), "--data",
                data.toString(), "--samples", "1", "--no-progress");
        assertEquals(2, one.code(), one.err());
        assertTrue(one.err().contains("--samples must be >= 2"), one.err());
    }
}
