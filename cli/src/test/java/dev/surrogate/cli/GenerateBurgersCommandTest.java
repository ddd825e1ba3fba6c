package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The contract of {@code surrogate generate burgers}: exit codes, messages, files. */
class GenerateBurgersCommandTest {

    @TempDir
    Path dir;

    private String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("generate", "burgers", "--samples", "3", "--nx", "32",
                "--snapshots", "3", "--t-final", "0.1", "--threads", "2", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesTheFileAndReportsOnStdoutAndStderr() throws IOException {
        Path out = dir.resolve("b.nc");
        CliTestSupport.Run r = CliTestSupport.run(args(out, "--seed", "7"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("b.nc") && r.out().contains("u[3, 3, 32]"), r.out());
        assertEquals(1, r.out().lines().count(), "stdout holds only the result line: " + r.out());
        assertTrue(r.err().contains("generated 3 samples in"), r.err());
        try (DatasetReader reader = DatasetReader.open(out, "u")) {
            assertEquals(3, reader.sampleCount());
            assertEquals(3, reader.timeCount());
            assertEquals(32, reader.nx());
            assertEquals(7, ((Number) reader.attributes().get("seed")).longValue());
            assertTrue(reader.attributes().get("history").toString().contains("generate burgers"));
        }
        assertEquals(List.of(out), files(), "no temporary file is left");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--nu|0|nu",
        "--nu|-1|nu",
        "--nu|NaN|nu",
        "--nu|Infinity|nu",
        "--nx|3|nx",
        "--nx|2|nx",
        "--t-final|0|t-final",
        "--t-final|-1|t-final",
        "--t-final|NaN|t-final",
        "--dt|0|dt",
        "--samples|0|samples",
        "--snapshots|1|snapshots",
        "--nx|abc|abc",
        "--vary|nu=1:0|nu",
        "--vary|nu=0:1:log|nu",
        "--vary|dt=1:2|dt",
        "--solver|euler|euler",
    })
    void badValuesExitWithTwoAndOneLineNamingThem(String option, String value, String named) throws IOException {
        Path out = dir.resolve("bad.nc");
        CliTestSupport.Run r = CliTestSupport.run(args(out, option, value));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(named), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
        assertTrue(files().isEmpty(), "nothing written: " + files());
    }

    @Test
    void unknownOptionAndMissingEquationAreUsageErrors() {
        assertEquals(2, CliTestSupport.run("generate", "burgers", "--samples", "1", "--out", "x.nc", "--bogus").code());
        CliTestSupport.Run r = CliTestSupport.run("generate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("burgers"), r.err());
        assertEquals(2, CliTestSupport.run("generate", "burgers", "--samples", "1").code(), "--out is required");
        assertEquals(2, CliTestSupport.run().code());
    }

    @Test
    void missingOutputDirectoryIsNamed() {
        Path out = dir.resolve("no/such/dir/b.nc");
        CliTestSupport.Run r = CliTestSupport.run(args(out));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(dir.resolve("no/such/dir").toString()), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void outputThatIsADirectoryIsRejected() {
        CliTestSupport.Run r = CliTestSupport.run(args(dir));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(dir.toString()), r.err());
    }

    @Test
    void aDivergingRunFailsWithOneAndLeavesNoFileThatLooksComplete() throws IOException {
        Path out = dir.resolve("b.nc");
        Files.writeString(out, "previous contents");
        // a huge initial amplitude, almost no viscosity and a giant step: ETDRK4 blows up
        CliTestSupport.Run r = CliTestSupport.run("generate", "burgers", "--samples", "4", "--nx", "64",
                "--grf-sigma", "1e5", "--nu", "1e-4", "--dt", "0.05", "--t-final", "100", "--snapshots", "2",
                "--threads", "2", "--force", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("sample") && r.err().contains("blew up"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("blew up")).count(), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("internal error"), r.err());
        assertEquals("previous contents", Files.readString(out), "existing target untouched, even with --force");
        assertEquals(List.of(out), files(), "temporary file removed");
    }

    @Test
    void debugPrintsTheStackTrace() {
        CliTestSupport.Run r = CliTestSupport.run(args(dir.resolve("b.nc"), "--nu", "0", "--debug"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void sweepIsStoredPerSample() throws IOException {
        Path out = dir.resolve("sweep.nc");
        CliTestSupport.Run r = CliTestSupport.run(args(out, "--vary", "nu=0.05:0.2:log"));
        assertEquals(0, r.code(), r.err());
        try (DatasetReader reader = DatasetReader.open(out, "u")) {
            assertEquals(List.of("nu"), reader.sampleParameterNames());
            double[] nu = reader.parameter("nu");
            assertEquals(3, nu.length);
            for (double v : nu) {
                assertTrue(v >= 0.05 && v <= 0.2, "nu " + v);
            }
            assertTrue(nu[0] != nu[1] && nu[1] != nu[2]);
            assertFalse(reader.attributes().containsKey("nu"), "a swept nu is not a global attribute");
        }
    }
}
