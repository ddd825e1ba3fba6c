package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/** The contract of {@code generate navier-stokes | gray-scott | fitzhugh-nagumo}: files, sweeps, errors. */
class GenerateTwoDimensionalCommandsTest {

    @TempDir
    Path dir;

    /** Small, fast defaults; an option in {@code extra} replaces the default of the same name. */
    private static String[] args(String equation, Path out, String... extra) {
        String tFinal = switch (equation) {
            case "navier-stokes" -> "0.2";
            case "gray-scott" -> "20";
            default -> "0.1";
        };
        List<String> defaults = List.of("--samples", "2", "--nx", "16", "--snapshots", "3", "--threads", "2",
                "--t-final", tFinal);
        List<String> given = List.of(extra);
        List<String> a = new ArrayList<>(List.of("generate", equation, "--no-progress", "--out", out.toString()));
        for (int i = 0; i < defaults.size(); i += 2) {
            if (!given.contains(defaults.get(i))) {
                a.add(defaults.get(i));
                a.add(defaults.get(i + 1));
            }
        }
        a.addAll(given);
        return a.toArray(new String[0]);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void navierStokesWritesVorticityWithForcingAndSweep() throws IOException {
        Path out = dir.resolve("ns.nc");
        CliTestSupport.Run r = CliTestSupport.run(args("navier-stokes", out, "--vary", "nu=1e-4:1e-3:log",
                "--seed", "3"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vorticity[2, 3, 16, 16]"), r.out());
        assertEquals(1, r.out().lines().count(), r.out());
        try (DatasetReader reader = DatasetReader.open(out, "vorticity")) {
            assertEquals(List.of("vorticity"), reader.fieldNames());
            assertEquals("navier-stokes", reader.attributes().get("equation"));
            assertEquals("0.1*(sin(2*pi*(x+y)) + cos(2*pi*(x+y)))", reader.attributes().get("forcing"));
            assertEquals(List.of("nu"), reader.sampleParameterNames());
            for (double nu : reader.parameter("nu")) {
                assertTrue(nu >= 1e-4 && nu <= 1e-3, "nu " + nu);
            }
            assertTrue(reader.attributes().get("history").toString().contains("generate navier-stokes"));
        }
        assertEquals(List.of(out), files());
    }

    @Test
    void navierStokesSolverAndForcingOptionsAreRecorded() throws IOException {
        Path out = dir.resolve("cn.nc");
        CliTestSupport.Run r = CliTestSupport.run(args("navier-stokes", out, "--solver", "cn-euler", "--forcing",
                "kolmogorov:0.5:2", "--ny", "8", "--t-final", "0.01"));
        assertEquals(0, r.code(), r.err());
        try (DatasetReader reader = DatasetReader.open(out, "vorticity")) {
            assertEquals(8, reader.ny());
            assertEquals("cn-euler", reader.attributes().get("solver"));
            assertEquals(1e-4, ((Number) reader.attributes().get("time_step")).doubleValue());
            assertTrue(reader.attributes().get("forcing").toString().startsWith("0.5*sin(2*pi*2*y"),
                    reader.attributes().get("forcing").toString());
        }
    }

    @Test
    void grayScottAndFitzHughNagumoWriteBothFields() throws IOException {
        for (String eq : List.of("gray-scott", "fitzhugh-nagumo")) {
            Path out = dir.resolve(eq + ".nc");
            CliTestSupport.Run r = CliTestSupport.run(args(eq, out));
            assertEquals(0, r.code(), r.err());
            try (DatasetReader reader = DatasetReader.open(out, "u", "v")) {
                assertEquals(List.of("u", "v"), reader.fieldNames());
                assertEquals(eq, reader.attributes().get("equation"));
                assertEquals(16, reader.nx());
                assertEquals(16, reader.ny());
                assertTrue(reader.attributes().containsKey("diffusion_u"));
                assertFalse(java.util.Arrays.equals(reader.readSnapshot("u", 0, 0), reader.readSnapshot("u", 0, 2)));
            }
        }
    }

    @Test
    void sweepsOfReactionDiffusionParametersAreStoredPerSample() throws IOException {
        Path out = dir.resolve("gs.nc");
        CliTestSupport.Run r = CliTestSupport.run(args("gray-scott", out, "--vary", "feed_rate=0.03:0.05",
                "--vary", "kill_rate=0.055:0.065"));
        assertEquals(0, r.code(), r.err());
        try (DatasetReader reader = DatasetReader.open(out, "u", "v")) {
            assertEquals(List.of("feed_rate", "kill_rate"), reader.sampleParameterNames());
        }
        Path fhn = dir.resolve("fhn.nc");
        r = CliTestSupport.run(args("fitzhugh-nagumo", fhn, "--vary", "k=-0.01:0.01"));
        assertEquals(0, r.code(), r.err());
        try (DatasetReader reader = DatasetReader.open(fhn, "u", "v")) {
            assertEquals(List.of("k"), reader.sampleParameterNames());
        }
    }

    @Test
    void outputDoesNotDependOnTheThreadCount() throws IOException {
        Path one = dir.resolve("one.nc");
        Path two = dir.resolve("two.nc");
        assertEquals(0, CliTestSupport.run(args("navier-stokes", one, "--threads", "1")).code());
        assertEquals(0, CliTestSupport.run(args("navier-stokes", two, "--threads", "2")).code());
        try (DatasetReader a = DatasetReader.open(one); DatasetReader b = DatasetReader.open(two)) {
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(a.readSample("vorticity", s), b.readSample("vorticity", s));
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "navier-stokes|--nu|0|nu",
        "navier-stokes|--nx|15|nx",
        "navier-stokes|--solver|euler|euler",
        "navier-stokes|--forcing|wind|wind",
        "navier-stokes|--dt|-1|dt",
        "navier-stokes|--cfl-limit|0|cfl",
        "navier-stokes|--vary|nu=0:1e-3:log|nu",
        "navier-stokes|--vary|feed_rate=0.01:0.02|feed_rate",
        "gray-scott|--feed|0|feed_rate",
        "gray-scott|--kill|-1|kill_rate",
        "gray-scott|--du|0|diffusion_u",
        "gray-scott|--squares|0|squares",
        "gray-scott|--square-size|2|square size",
        "gray-scott|--solver|rk4|rk4",
        "fitzhugh-nagumo|--dv|NaN|diffusion_v",
        "fitzhugh-nagumo|--amplitude|0|amplitude",
        "fitzhugh-nagumo|--snapshots|1|snapshots",
        "fitzhugh-nagumo|--vary|nu=1:2|nu",
    })
    void badValuesExitWithTwoAndOneLineNamingThem(String eq, String option, String value, String named)
            throws IOException {
        Path out = dir.resolve("bad.nc");
        CliTestSupport.Run r = CliTestSupport.run(args(eq, out, option, value));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(named), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
        assertTrue(files().isEmpty(), "nothing written: " + files());
    }

    @Test
    void aCflViolationFailsWithOneNamingStepAndTime() throws IOException {
        Path out = dir.resolve("ns.nc");
        CliTestSupport.Run r = CliTestSupport.run(args("navier-stokes", out, "--dt", "0.1", "--cfl-limit", "0.01"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("CFL") && r.err().contains("step 1") && r.err().contains("t = "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertTrue(files().isEmpty(), "no file left: " + files());
    }

    @Test
    void helpListsTheEquationsAndTheirDefaults() {
        CliTestSupport.Run r = CliTestSupport.run("generate", "--help");
        assertEquals(0, r.code());
        for (String eq : List.of("navier-stokes", "gray-scott", "fitzhugh-nagumo")) {
            assertTrue(r.out().contains(eq), r.out());
        }
        r = CliTestSupport.run("generate", "gray-scott", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("0.046") && r.out().contains("Pearson"), r.out());
    }
}
