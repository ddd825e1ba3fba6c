package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.training.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code surrogate info}. */
class InfoCommandTest {

    @TempDir
    Path dir;

    @Test
    void describesShapesParametersAndRanges() {
        Path out = dir.resolve("b.nc");
        assertEquals(0, CliTestSupport.run("generate", "burgers", "--samples", "2", "--nx", "48", "--snapshots", "2",
                "--t-final", "0.1", "--ic", "cole-hopf", "--nu", "0.1", "--out", out.toString()).code());
        CliTestSupport.Run r = CliTestSupport.run("info", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sample = 2, time = 2, x = 48"), r.out());
        assertTrue(r.out().contains("u(sample, time, x)"), r.out());
        assertTrue(r.out().contains("nu = 0.1"), r.out());
        assertTrue(r.out().contains("equation = burgers"), r.out());
        // the Cole-Hopf initial condition with a = 2, b = 1, nu = 0.1 has max |u| = 2 nu k / sqrt(3) = 0.7255, at x = 1/3, a grid point for nx = 48
        assertTrue(r.out().contains("max 0.7255"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void jsonHasTheSameFactsAsTheListing() {
        Path out = dir.resolve("j.nc");
        assertEquals(0, CliTestSupport.run("generate", "burgers", "--samples", "3", "--nx", "16", "--snapshots", "2",
                "--t-final", "0.1", "--first-sample", "5", "--vary", "nu=0.05:0.1", "--no-progress", "--out",
                out.toString()).code());
        CliTestSupport.Run r = CliTestSupport.run("info", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> m = Json.parseObject(r.out());
        assertEquals(Map.of("sample", 3, "time", 2, "x", 16), m.get("dimensions"));
        assertEquals(Map.of("first", 5, "last", 7), m.get("sample_index"));
        Map<?, ?> u = (Map<?, ?>) ((Map<?, ?>) m.get("fields")).get("u");
        assertEquals(List.of("sample", "time", "x"), u.get("dimensions"));
        double min = ((Number) u.get("min")).doubleValue();
        double max = ((Number) u.get("max")).doubleValue();
        double mean = ((Number) u.get("mean")).doubleValue();
        assertTrue(min <= mean && mean <= max && ((Number) u.get("std")).doubleValue() > 0, u.toString());
        Map<?, ?> nu = (Map<?, ?>) ((Map<?, ?>) m.get("parameters")).get("nu");
        double nuMin = ((Number) nu.get("min")).doubleValue();
        assertTrue(nuMin >= 0.05 && ((Number) nu.get("max")).doubleValue() <= 0.1, nu.toString());
        assertEquals("burgers", ((Map<?, ?>) m.get("attributes")).get("equation"));
        CliTestSupport.Run noStats = CliTestSupport.run("info", out.toString(), "--json", "--no-stats");
        Map<?, ?> u2 = (Map<?, ?>) ((Map<?, ?>) Json.parseObject(noStats.out()).get("fields")).get("u");
        assertFalse(u2.containsKey("min"), u2.toString());
    }

    @Test
    void missingFileIsABadArgumentNamingTheFile() {
        Path missing = dir.resolve("missing.nc");
        CliTestSupport.Run r = CliTestSupport.run("info", missing.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(missing.toString()), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aFileThatIsNotNetcdfIsABadArgumentLikeAMissingOne() throws IOException {
        Path junk = dir.resolve("junk.nc");
        Files.writeString(junk, "this is not a NetCDF file");
        CliTestSupport.Run r = CliTestSupport.run("info", junk.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a NetCDF file"), r.err());
        assertTrue(r.err().contains(junk.toString()), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
