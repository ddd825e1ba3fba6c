package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.training.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train flow}, {@code predict} and {@code evaluate --samples} on a flow, and their errors. */
class FlowCliTest {
    private static final int SAMPLES = 8;
    private static final int TIMES = 6;
    private static final int WINDOW = 2;

    @TempDir
    static Path dir;
    static Path data;
    static Path flow;

    @BeforeAll
    static void dataAndModel() {
        data = dir.resolve("b.nc");
        CliTestSupport.Run g = CliTestSupport.run("generate", "burgers", "--samples", String.valueOf(SAMPLES), "--nx",
                "32", "--snapshots", String.valueOf(TIMES), "--t-final", "0.5", "--seed", "3", "--no-progress",
                "--out", data.toString());
        assertEquals(0, g.code(), g.err());
        flow = dir.resolve("flow");
        CliTestSupport.Run t = train(flow, "--task", "trajectory", "--noise", "grf:5:2");
        assertEquals(0, t.code(), t.err());
    }

    private static CliTestSupport.Run train(Path out, String... extra) {
        String[] base = {"train", "flow", "--data", data.toString(), "--out", out.toString(), "--window",
            String.valueOf(WINDOW), "--epochs", "2", "--batch", "4", "--width", "8", "--modes", "4", "--layers", "1",
            "--no-progress"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTestSupport.run(args);
    }

    private static CliTestSupport.Run run(Path model, String command, String... extra) {
        String[] base = {command, "--model", model.toString(), "--data", data.toString(), "--no-progress"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTestSupport.run(args);
    }

    @Test
    void trainWritesAFlowModelDirectoryThatResumes() throws Exception {
        Map<String, Object> c = Json.read(flow.resolve("config.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> objective = (Map<String, Object>) c.get("objective");
        assertEquals("flow", objective.get("type"));
        @SuppressWarnings("unchecked")
        Map<String, Object> oc = (Map<String, Object>) objective.get("config");
        assertEquals(Map.of("type", "grf", "tau", 5.0, "alpha", 2.0), oc.get("noise"));
        assertEquals(0.0, ((Number) oc.get("sigma_min")).doubleValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> task = (Map<String, Object>) c.get("task");
        assertEquals("trajectory", task.get("name"));
        assertEquals(TIMES - WINDOW, ((Number) task.get("horizon")).intValue(), "horizon: all the rest");
        CliTestSupport.Run r = CliTestSupport.run("train", "flow", "--data", data.toString(), "--out",
                flow.toString(), "--resume", "--epochs", "3", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epochs 3"), r.out());
    }

    @Test
    void evaluateScoresTheMembersWithTheFlowKeys() throws Exception {
        for (String sampler : List.of("euler", "dopri", "stochastic")) {
            CliTestSupport.Run e = run(flow, "evaluate", "--samples", "3", "--json", "--sampler", sampler, "--steps",
                    "4", "--batch", "3");
            assertEquals(0, e.code(), e.err());
            Map<String, Object> json = Json.parseObject(e.out());
            for (String key : new String[] {"rel_l2", "crps", "coverage_90", "spread_skill", "nfe",
                "seconds_per_sample", "spectrum_error", "pde_residual"}) {
                assertTrue(json.get(key) instanceof Number, key + " in " + json.keySet());
            }
            assertEquals("flow", json.get("forecaster"));
            assertEquals(TIMES - WINDOW, ((Number) json.get("rollout_steps")).intValue());
            double nfe = ((Number) json.get("nfe")).doubleValue();
            if (!sampler.equals("dopri")) {
                assertEquals(4, nfe, 0, sampler + ": one evaluation per step");
            } else {
                assertTrue(nfe >= 6, "dopri: " + nfe);
            }
        }
    }

    @Test
    void predictDrawsTheSameMembersAsEvaluateAndKeepsTheGivenSnapshots() throws Exception {
        Path pred = dir.resolve("pred.nc");
        CliTestSupport.Run p = run(flow, "predict", "--out", pred.toString(), "--samples", "2", "--seed", "4",
                "--sampler", "heun", "--steps", "3");
        assertEquals(0, p.code(), p.err());
        Path again = dir.resolve("pred-b1.nc");
        CliTestSupport.Run q = run(flow, "predict", "--out", again.toString(), "--samples", "2", "--seed", "4",
                "--sampler", "heun", "--steps", "3", "--batch", "1");
        assertEquals(0, q.code(), q.err());
        try (DatasetReader a = DatasetReader.open(pred, "u"); DatasetReader b = DatasetReader.open(again, "u");
                DatasetReader in = DatasetReader.open(data, "u")) {
            assertEquals(SAMPLES * 2, a.sampleCount());
            assertEquals(TIMES, a.timeCount());
            for (int s = 0; s < SAMPLES * 2; s++) {
                for (int t = 0; t < TIMES; t++) {
                    float[] x = a.readSnapshot("u", s, t);
                    float[] y = b.readSnapshot("u", s, t);
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(x[i], y[i], 1e-5, "member independent of the batch size: " + s + ", " + t);
                    }
                    if (t < WINDOW) {
                        assertArrayEquals(in.readSnapshot("u", s / 2, t), x, "given snapshot");
                    }
                }
            }
            assertFalse(java.util.Arrays.equals(a.readSnapshot("u", 0, TIMES - 1), a.readSnapshot("u", 1,
                    TIMES - 1)), "two members of one input differ");
        }
    }

    @Test
    void aNextFlowRollsOutAndWritesPlots() throws Exception {
        Path next = dir.resolve("next");
        CliTestSupport.Run t = train(next, "--task", "next");
        assertEquals(0, t.code(), t.err());
        Path plots = dir.resolve("plots");
        CliTestSupport.Run e = run(next, "evaluate", "--samples", "2", "--json", "--steps", "2", "--max-samples",
                "3", "--plots", plots.toString());
        assertEquals(0, e.code(), e.err());
        Map<String, Object> json = Json.parseObject(e.out());
        assertEquals(TIMES - WINDOW, ((Number) json.get("rollout_steps")).intValue());
        assertEquals(2.0 * (TIMES - WINDOW), ((Number) json.get("nfe")).doubleValue(), 0, "2 steps per snapshot");
        assertTrue(Files.size(plots.resolve("ensemble.png")) > 0);
        assertTrue(Files.size(plots.resolve("spectrum.png")) > 0);
    }

    @Test
    void aFilmFlowTrainsResumesAndDraws() throws Exception {
        Path film = dir.resolve("film");
        CliTestSupport.Run t = train(film, "--velocity", "fno-film");
        assertEquals(0, t.code(), t.err());
        Map<String, Object> c = Json.read(film.resolve("config.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) c.get("model");
        assertEquals("film_fno", model.get("type"));
        CliTestSupport.Run r = CliTestSupport.run("train", "flow", "--data", data.toString(), "--out",
                film.toString(), "--resume", "--epochs", "3", "--no-progress");
        assertEquals(0, r.code(), r.err());
        CliTestSupport.Run e = run(film, "evaluate", "--samples", "2", "--json", "--steps", "3");
        assertEquals(0, e.code(), e.err());
        assertEquals(3.0, ((Number) Json.parseObject(e.out()).get("nfe")).doubleValue(), 0);
        CliTestSupport.Run bad = train(dir.resolve("bad-film"), "--velocity", "unet");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unet"), bad.err());
    }

    @Test
    void aFlowThatPredictsTheCleanSampleTrainsSavesAndDraws() throws Exception {
        Path x = dir.resolve("data-param");
        CliTestSupport.Run t = train(x, "--parameterization", "data:0.1");
        assertEquals(0, t.code(), t.err());
        Map<String, Object> c = Json.read(x.resolve("config.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> objective = (Map<String, Object>) ((Map<String, Object>) c.get("objective")).get("config");
        assertEquals(Map.of("type", "data", "min_noise", 0.1), objective.get("parameterization"));
        CliTestSupport.Run e = run(x, "evaluate", "--samples", "2", "--json", "--steps", "3");
        assertEquals(0, e.code(), e.err());
        assertTrue(((Number) Json.parseObject(e.out()).get("crps")).doubleValue() > 0, e.out());
        CliTestSupport.Run bad = train(dir.resolve("bad-param"), "--parameterization", "epsilon");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("epsilon"), bad.err());
        CliTestSupport.Run mean = CliTestSupport.run("train", "meanflow", "--data", data.toString(), "--out",
                dir.resolve("bad-mean").toString(), "--parameterization", "data", "--epochs", "1", "--no-progress");
        assertEquals(2, mean.code());
        assertTrue(mean.err().contains("parameterization"), mean.err());
    }

    @Test
    void aDeterministicOperatorLearnsTheTrajectoryTaskToo() throws Exception {
        Path fno = dir.resolve("fno-traj");
        CliTestSupport.Run t = CliTestSupport.run("train", "fno", "--data", data.toString(), "--out", fno.toString(),
                "--task", "trajectory", "--window", "2", "--horizon", "3", "--epochs", "1", "--width", "8",
                "--modes", "4", "--layers", "1", "--no-progress");
        assertEquals(0, t.code(), t.err());
        CliTestSupport.Run e = run(fno, "evaluate", "--json");
        assertEquals(0, e.code(), e.err());
        Map<String, Object> json = Json.parseObject(e.out());
        assertEquals(3, ((Number) json.get("rollout_steps")).intValue(), "the horizon's snapshots, scored per step");
        assertTrue(json.get("pde_residual") instanceof Number, json.keySet().toString());
        Path pred = dir.resolve("fno-traj.nc");
        CliTestSupport.Run p = run(fno, "predict", "--out", pred.toString());
        assertEquals(0, p.code(), p.err());
        try (DatasetReader r = DatasetReader.open(pred, "u")) {
            assertEquals(2 + 3, r.timeCount(), "the window and the horizon");
        }
    }

    @Test
    void badOptionsExitWithStatus2AndNameTheProblem() {
        CliTestSupport.Run noSamples = run(flow, "evaluate", "--json");
        assertEquals(2, noSamples.code());
        assertTrue(noSamples.err().contains("--samples"), noSamples.err());
        CliTestSupport.Run sampler = run(flow, "evaluate", "--samples", "2", "--sampler", "midpoint");
        assertEquals(2, sampler.code());
        assertTrue(sampler.err().contains("midpoint"), sampler.err());
        CliTestSupport.Run steps = run(flow, "evaluate", "--samples", "2", "--steps", "0");
        assertEquals(2, steps.code());
        CliTestSupport.Run noise = train(dir.resolve("bad"), "--noise", "pink");
        assertEquals(2, noise.code());
        assertTrue(noise.err().contains("pink"), noise.err());
        assertFalse(Files.exists(dir.resolve("bad").resolve("config.json")), "nothing written");
        CliTestSupport.Run horizon = train(dir.resolve("bad2"), "--task", "trajectory", "--horizon", "9");
        assertEquals(2, horizon.code());
        assertTrue(horizon.err().contains("horizon"), horizon.err());
        CliTestSupport.Run loss = train(dir.resolve("bad3"), "--loss", "mse");
        assertEquals(2, loss.code());
        CliTestSupport.Run notFlow = CliTestSupport.run("train", "fno", "--data", data.toString(), "--out",
                dir.resolve("bad4").toString(), "--noise", "white", "--no-progress");
        assertEquals(2, notFlow.code());
        assertTrue(notFlow.err().contains("train flow"), notFlow.err());
    }
}
