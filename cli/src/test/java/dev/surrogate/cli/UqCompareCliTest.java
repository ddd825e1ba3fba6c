package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.training.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code uq compare} and {@code train ensemble} on a tiny Burgers set: contract shape, resume, exit codes. */
class UqCompareCliTest {
    @TempDir
    static Path dir;
    static Path train;
    static Path test;

    private static final String[] SMALL_FNO = {"--base", "fno", "--width", "8", "--modes", "4", "--layers", "1"};

    @BeforeAll
    static void data() {
        train = dir.resolve("train.nc");
        test = dir.resolve("test.nc");
        for (Object[] f : new Object[][] {{train, "30", "1"}, {test, "8", "2"}}) {
            CliTestSupport.Run g = CliTestSupport.run("generate", "burgers", "--samples", (String) f[1], "--nx", "32",
                    "--snapshots", "3", "--t-final", "0.05", "--seed", (String) f[2], "--no-progress", "--out",
                    f[0].toString());
            assertEquals(0, g.code(), g.err());
        }
    }

    /** Runs {@code uq compare} on the tiny data with small defaults; options in {@code extra} replace them. */
    private static CliTestSupport.Run compare(String... extra) {
        List<String> given = Arrays.asList(extra);
        List<String> args = new ArrayList<>(List.of("uq", "compare", "--data", train.toString(), "--test",
                test.toString(), "--no-progress"));
        String[][] defaults = {{"--methods", "ensemble,dropout,flow"}, {"--members", "2"}, {"--epochs", "2"},
            {"--batch", "8"}, {"--samples", "6"}, {"--lr", "3e-3"}, {"--base", "fno"}, {"--width", "8"},
            {"--modes", "4"}, {"--layers", "1"}};
        for (String[] d : defaults) {
            if (!given.contains(d[0])) {
                args.addAll(List.of(d));
            }
        }
        args.addAll(given);
        return CliTestSupport.run(args.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> methods(String json) {
        return (List<Map<String, Object>>) Json.parseObject(json).get("methods");
    }

    @Test
    void jsonHasTheContractShapeAndRerunsLoadWhatIsFinished() throws Exception {
        Path out = dir.resolve("cmp");
        CliTestSupport.Run r = compare("--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<Map<String, Object>> rows = methods(r.out());
        assertEquals(List.of("ensemble", "dropout", "flow"), rows.stream().map(m -> m.get("name")).toList());
        for (Map<String, Object> row : rows) {
            for (String key : new String[] {"rel_l2", "nrmse", "rmse", "max_error", "crps", "nll", "coverage_50",
                "coverage_90", "coverage_95", "spread_skill", "sharpness", "crps_calibrated", "nll_calibrated",
                "coverage_50_calibrated", "coverage_90_calibrated", "coverage_95_calibrated",
                "spread_skill_calibrated", "sharpness_calibrated", "calibration_scale", "train_seconds",
                "predict_seconds", "seconds"}) {
                assertTrue(row.get(key) instanceof Number n && Double.isFinite(n.doubleValue()), key + " in " + row);
            }
            assertEquals(8, ((Number) row.get("samples")).intValue());
            assertEquals(6, ((Number) row.get("samples_per_input")).intValue());
            assertEquals(true, row.get("trained"));
            // 6 of 30 trajectories held out, 32 values each
            assertEquals(6 * 32, ((Number) row.get("calibration_points")).intValue());
            Map<String, Object> rel = (Map<String, Object>) row.get("reliability");
            assertEquals(11, ((List<?>) rel.get("observed_calibrated")).size());
        }
        assertEquals("deep_ensemble", rows.get(0).get("forecaster"));
        assertEquals("mc_dropout", rows.get(1).get("forecaster"));
        assertTrue(((String) rows.get(2).get("forecaster")).startsWith("flow"), rows.get(2).toString());
        // one Euler step of the default 20 is one velocity evaluation
        assertEquals(20.0, ((Number) rows.get(2).get("nfe")).doubleValue(), 0);
        assertTrue(((Number) rows.get(0).get("aleatoric_variance")).doubleValue() > 0);
        assertTrue(((Number) rows.get(0).get("epistemic_variance")).doubleValue() > 0);
        assertEquals(2, ((Number) rows.get(0).get("members")).intValue());
        for (String f : new String[] {"compare.json", "reliability.png", "forecast.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(methods(r.out()), methods(Files.readString(out.resolve("compare.json"))));

        // the same command again, as a table: nothing trains, the same members are drawn, so the same scores
        CliTestSupport.Run again = compare("--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("ensemble: loaded") && again.err().contains("dropout: loaded")
                && again.err().contains("flow: loaded"), again.err());
        assertTrue(again.out().startsWith("method") && again.out().contains("ensemble")
                && again.out().contains("conformal scale"), again.out());
        List<Map<String, Object>> rows2 = methods(Files.readString(out.resolve("compare.json")));
        for (int i = 0; i < 3; i++) {
            assertEquals(false, rows2.get(i).get("trained"));
            for (String key : new String[] {"crps", "coverage_90_calibrated", "rmse", "calibration_scale"}) {
                assertEquals(rows.get(i).get(key), rows2.get(i).get(key), key);
            }
        }
        // a finished fit loaded read-only from --models gives the same row
        CliTestSupport.Run loaded = compare("--models", out.toString(), "--methods", "dropout", "--json");
        assertEquals(0, loaded.code(), loaded.err());
        assertEquals(rows.get(1).get("crps"), methods(loaded.out()).get(0).get("crps"));

        // other settings in the same directory are refused, not resumed
        CliTestSupport.Run other = compare("--out", out.toString(), "--members", "3");
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("other settings") && other.err().contains("members"), other.err());
    }

    @Test
    void badArgumentsExitWithTwo() {
        CliTestSupport.Run twice = compare("--methods", "ensemble", "--methods", "ensemble");
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("twice"), twice.err());
        CliTestSupport.Run unknown = compare("--methods", "ensemble,bogus");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown uq method 'bogus'") && unknown.err().contains("dropout"),
                unknown.err());
        assertEquals(2, compare("--calibrate", "1.5").code());
        CliTestSupport.Run option = compare("--option", "dropout.heteroscedastik=true");
        assertEquals(2, option.code());
        assertTrue(option.err().contains("dropout.heteroscedastik"), option.err());
        CliTestSupport.Run missing = CliTestSupport.run("uq", "compare", "--data", train.toString(), "--test",
                dir.resolve("nope.nc").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.nc"), missing.err());
        assertEquals(2, compare("--models", dir.resolve("no-models").toString()).code());
        CliTestSupport.Run empty = compare("--models", dir.toString(), "--methods", "dropout");
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("dropout"), empty.err());
        assertEquals(2, compare("--dropout", "1.2", "--methods", "dropout").code());
        assertEquals(2, CliTestSupport.run("uq").code());
        assertFalse(unknown.err().contains("Exception"), unknown.err());
    }

    @Test
    void trainEnsembleWritesAResumableEnsembleDirectory() throws Exception {
        Path ens = dir.resolve("ens");
        List<String> args = new ArrayList<>(List.of("train", "ensemble", "--data", train.toString(), "--out",
                ens.toString(), "--members", "2", "--epochs", "1", "--batch", "8", "--no-progress"));
        args.addAll(Arrays.asList(SMALL_FNO));
        CliTestSupport.Run t = CliTestSupport.run(args.toArray(String[]::new));
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("ensemble of 2 fno1d members"), t.out());
        assertTrue(Files.isRegularFile(ens.resolve("ensemble.json")));
        for (int j = 0; j < 2; j++) {
            assertTrue(Files.isRegularFile(ens.resolve("member-" + j).resolve("weights.npz")));
        }
        assertEquals(2, CliTestSupport.run(args.toArray(String[]::new)).code(), "refuses to overwrite");

        CliTestSupport.Run more = CliTestSupport.run("train", "ensemble", "--data", train.toString(), "--out",
                ens.toString(), "--resume", "--epochs", "2", "--no-progress");
        assertEquals(0, more.code(), more.err());
        assertTrue(more.err().contains("member 1/2 resumes after epoch 1"), more.err());
        assertTrue(more.out().contains("epochs 2"), more.out());

        // evaluate and predict draw from the ensemble's mixture
        CliTestSupport.Run ev = CliTestSupport.run("evaluate", "--model", ens.toString(), "--data", test.toString(),
                "--samples", "4", "--json", "--no-progress");
        assertEquals(0, ev.code(), ev.err());
        assertEquals("deep_ensemble", Json.parseObject(ev.out()).get("forecaster"));
        assertEquals(2, CliTestSupport.run("evaluate", "--model", ens.toString(), "--data", test.toString(),
                "--no-progress").code(), "an ensemble needs --samples");
        Path pred = dir.resolve("ens-pred.nc");
        CliTestSupport.Run pr = CliTestSupport.run("predict", "--model", ens.toString(), "--data", test.toString(),
                "--samples", "4", "--out", pred.toString(), "--no-progress");
        assertEquals(0, pr.code(), pr.err());
        assertTrue(pr.out().contains("32 samples (4 per input)"), pr.out());
        assertEquals(2, CliTestSupport.run("predict", "--model", ens.toString(), "--data", test.toString(), "--out",
                dir.resolve("p1.nc").toString(), "--no-progress").code());

        CliTestSupport.Run wrong = CliTestSupport.run("train", "fno", "--data", train.toString(), "--out",
                dir.resolve("f").toString(), "--members", "3");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("--members"), wrong.err());
        CliTestSupport.Run loss = CliTestSupport.run("train", "ensemble", "--data", train.toString(), "--out",
                dir.resolve("e2").toString(), "--loss", "mse");
        assertEquals(2, loss.code());
        assertTrue(loss.err().contains("gaussian_nll"), loss.err());
    }
}
