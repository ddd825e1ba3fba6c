package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.Provenance;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.training.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ucar.ma2.Array;
import ucar.ma2.DataType;
import ucar.nc2.NetcdfFileWriter;

/**
 * What a new user hit (issue 9): files cut short or holding NaN read as data, outputs silently replaced, option
 * conflicts silently resolved, inconsistent exit codes, chatter on stdout. Every command must refuse these with
 * exit status 2 and one line naming the problem.
 */
class DataSafetyCliTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    @BeforeAll
    static void dataAndModel() {
        TinyPointwise.register();
        data = dir.resolve("b.nc");
        CliTestSupport.Run g = CliTestSupport.run("generate", "burgers", "--samples", "8", "--nx", "32",
                "--snapshots", "3", "--t-final", "0.05", "--no-progress", "--out", data.toString());
        assertEquals(0, g.code(), g.err());
        model = dir.resolve("model");
        CliTestSupport.Run t = CliTestSupport.run("train", "tiny", "--data", data.toString(), "--out",
                model.toString(), "--epochs", "1", "--batch", "4", "--width", "4", "--no-progress");
        assertEquals(0, t.code(), t.err());
    }

    /** The commands that read a dataset, each given {@code file} as its input. */
    private static List<String[]> readers(Path file) {
        return List.of(
                new String[] {"info", file.toString()},
                new String[] {"train", "tiny", "--data", file.toString(), "--out", dir.resolve("never").toString(),
                    "--epochs", "1", "--no-progress"},
                new String[] {"evaluate", "--model", model.toString(), "--data", file.toString(), "--no-progress"},
                new String[] {"predict", "--model", model.toString(), "--data", file.toString(), "--out",
                    dir.resolve("never.nc").toString(), "--no-progress"});
    }

    private static void assertRefused(Path file, String... phrases) {
        for (String[] args : readers(file)) {
            CliTestSupport.Run r = CliTestSupport.run(args);
            String cmd = args[0];
            assertEquals(2, r.code(), cmd + ": " + r.err());
            assertEquals(1, r.err().lines().count(), cmd + ": " + r.err());
            assertEquals("", r.out(), cmd + " printed results");
            for (String p : phrases) {
                assertTrue(r.err().contains(p), cmd + " says " + p + ": " + r.err());
            }
        }
        assertFalse(Files.exists(dir.resolve("never")) || Files.exists(dir.resolve("never.nc")), "nothing written");
    }

    @Test
    void aTruncatedDatasetIsRefusedByEveryCommandNamingExpectedAndActualSize() throws Exception {
        byte[] all = Files.readAllBytes(data);
        Path cut = Files.write(dir.resolve("cut.nc"), Arrays.copyOf(all, all.length * 2 / 5));
        assertRefused(cut, cut.toString(), "truncated", all.length + " bytes", "has " + (all.length * 2 / 5));
    }

    @Test
    void missingUnreadableAndIncompleteInputsAllGiveTheSameExitStatus() throws Exception {
        assertRefused(dir.resolve("missing.nc"), "missing.nc");
        assertRefused(Files.write(dir.resolve("zeros.nc"), new byte[10]), "not a NetCDF file");
        // a dataset without the field the model needs
        Path noU = dir.resolve("no-u.nc");
        assertEquals(0, CliTestSupport.run("generate", "gray-scott", "--samples", "1", "--nx", "8", "--t-final",
                "1", "--snapshots", "2", "--no-progress", "--out", noU.toString()).code());
        for (String[] args : readers(noU).subList(2, 4)) {
            CliTestSupport.Run r = CliTestSupport.run(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("'u'") || r.err().contains("1-D"), r.err());
        }
    }

    @Test
    void aNonFiniteValueIsRefusedNamingVariableSampleAndTimeIndex() throws Exception {
        Path nan = dir.resolve("nan.nc");
        Files.copy(data, nan);
        NetcdfFileWriter w = NetcdfFileWriter.openExisting(nan.toString());
        w.write(w.findVariable("u"), new int[] {5, 2, 7}, Array.factory(DataType.FLOAT, new int[] {1, 1, 1},
                new float[] {Float.NaN}));
        w.close();
        assertRefused(nan, nan.toString(), "'u'", "NaN", "sample 5", "time index 2");
    }

    @Test
    void existingOutputsAreKeptUnlessForcedAndInputsAreNeverOverwritten() throws Exception {
        Path out = dir.resolve("two.nc");
        String[] gen = {"generate", "burgers", "--samples", "2", "--nx", "16", "--snapshots", "2", "--t-final",
            "0.01", "--no-progress", "--out", out.toString()};
        assertEquals(0, CliTestSupport.run(gen).code());
        byte[] before = Files.readAllBytes(out);
        String[] smaller = gen.clone();
        smaller[3] = "1";
        CliTestSupport.Run again = CliTestSupport.run(smaller);
        assertEquals(2, again.code());
        assertTrue(again.err().contains(out + " exists; add --force to replace it"), again.err());
        assertArrayEquals(before, Files.readAllBytes(out));
        String[] forced = Arrays.copyOf(smaller, smaller.length + 1);
        forced[smaller.length] = "--force";
        assertEquals(0, CliTestSupport.run(forced).code());
        try (DatasetReader r = DatasetReader.open(out)) {
            assertEquals(1, r.sampleCount());
        }

        // predict: over the ground truth never, over an old prediction only with --force
        byte[] truth = Files.readAllBytes(data);
        for (String force : new String[] {"--no-progress", "--force"}) {
            CliTestSupport.Run p = CliTestSupport.run("predict", "--model", model.toString(), "--data",
                    data.toString(), "--out", dir.resolve("sub/../b.nc").toString(), force);
            assertEquals(2, p.code(), p.err());
            assertTrue(p.err().contains("is the input"), p.err());
        }
        assertArrayEquals(truth, Files.readAllBytes(data));
        Path pred = dir.resolve("pred.nc");
        String[] predict = {"predict", "--model", model.toString(), "--data", data.toString(), "--out",
            pred.toString(), "--no-progress"};
        assertEquals(0, CliTestSupport.run(predict).code());
        assertEquals(2, CliTestSupport.run(predict).code());
        String[] predictForced = Arrays.copyOf(predict, predict.length + 1);
        predictForced[predict.length] = "--force";
        assertEquals(0, CliTestSupport.run(predictForced).code());
    }

    @Test
    void anOptionTogetherWithASweepOfTheSameParameterIsRefused() {
        CliTestSupport.Run r = CliTestSupport.run("generate", "burgers", "--samples", "2", "--nu", "0.5", "--vary",
                "nu=0.01:0.1", "--out", dir.resolve("sweep.nc").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--nu 0.5 conflicts with --vary nu=0.01:0.1"), r.err());
        CliTestSupport.Run gs = CliTestSupport.run("generate", "gray-scott", "--samples", "2", "--feed", "0.04",
                "--vary", "feed_rate=0.03:0.05", "--out", dir.resolve("sweep.nc").toString());
        assertEquals(2, gs.code());
        assertTrue(gs.err().contains("conflicts with --vary feed_rate=0.03:0.05"), gs.err());
        assertFalse(Files.exists(dir.resolve("sweep.nc")));
    }

    @Test
    void anUnknownEquationOrCommandIsNamedAsSuch() {
        CliTestSupport.Run r = CliTestSupport.run("generate", "heat", "--samples", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("surrogate generate: unknown equation 'heat'; one of: burgers, navier-stokes,"
                + " gray-scott, fitzhugh-nagumo"), r.err());
        CliTestSupport.Run c = CliTestSupport.run("frobnicate");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("unknown command 'frobnicate'"), c.err());
    }

    /** Runs with the process's own stdout and stderr captured (where libraries and picocli's warnings go). */
    private static String[] capturingSystemStreams(Supplier<CliTestSupport.Run> run) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        CliTestSupport.Run r;
        try {
            r = run.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {r.out() + o.toString(StandardCharsets.UTF_8), r.err() + e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void helpHasNoFormatWarningsAndStdoutNoLibraryChatter() throws Exception {
        for (String cmd : new String[] {"quickstart", "train", "evaluate", "predict", "info"}) {
            String[] streams = capturingSystemStreams(() -> CliTestSupport.run(cmd, "--help"));
            assertFalse(streams[1].contains("WARN"), cmd + ": " + streams[1]);
            assertFalse(streams[0].contains("%n"), cmd + ": " + streams[0]);
        }
        assertTrue(capturingSystemStreams(() -> CliTestSupport.run("quickstart", "--help"))[0]
                .contains("the last 20 % are held out"));
        Path tiny = Files.write(dir.resolve("ten-bytes.nc"), new byte[10]);
        String[] streams = capturingSystemStreams(() -> CliTestSupport.run("info", tiny.toString()));
        assertEquals("", streams[0], "stdout carries results only");
        assertTrue(streams[1].contains("not a NetCDF file"), streams[1]);
    }

    @Test
    void versionAndEveryWrittenFileNameTheProgramVersionAndCommit() throws Exception {
        Provenance p = Provenance.current();
        CliTestSupport.Run v = CliTestSupport.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("surrogate " + p.version() + " (commit " + p.commit() + ")"), v.out());
        try (DatasetReader r = DatasetReader.open(data)) {
            assertTrue(r.attributes().get("history").toString().matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: " + java.util.regex.Pattern.quote(p.describe())
                            + ": surrogate generate burgers .*"), r.attributes().get("history").toString());
            assertEquals(p.describe(), r.attributes().get("source"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> prov = (Map<String, Object>) Json.read(model.resolve("config.json")).get("provenance");
        assertEquals(p.version(), prov.get("version"));
        assertEquals(p.commit(), prov.get("commit"));
        assertTrue(prov.get("created").toString().endsWith("Z"), prov.toString());
    }

    @Test
    void threadsAreAnOptionOfTheCommandsThatRunNetworks() {
        for (String cmd : new String[] {"train", "evaluate", "predict"}) {
            CliTestSupport.Run h = CliTestSupport.run(cmd, "--help");
            assertTrue(h.out().contains("--threads=N"), cmd + ": " + h.out());
            assertTrue(h.out().contains("Measured on 2 cores"), cmd + ": " + h.out());
        }
        CliTestSupport.Run bad = CliTestSupport.run("evaluate", "--model", model.toString(), "--data",
                data.toString(), "--threads", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--threads must be >= 1, got 0"), bad.err());
        assertEquals(0, CliTestSupport.run("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--threads", "2", "--no-progress").code());
        assertEquals(2, Nd4jRuntime.threads());
        assertEquals(0, CliTestSupport.run("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--no-progress").code());
        assertEquals(1, Nd4jRuntime.threads(), "the default applies again when --threads is not given");
    }
}
