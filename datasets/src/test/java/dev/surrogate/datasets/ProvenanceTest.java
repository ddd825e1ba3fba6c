package dev.surrogate.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.io.NetcdfDatasetWriter;
import dev.surrogate.datasets.io.VariableSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every written dataset says which program version and commit wrote it, and when (UTC). */
class ProvenanceTest {
    @TempDir
    Path dir;

    @Test
    void theBuildRecordsItsVersionAndCommit() {
        Provenance p = Provenance.current();
        assertTrue(p.version().matches("\\d+\\.\\d+\\.\\d+.*"), "version filtered in at build time: " + p.version());
        // built from a git checkout (as every test run is, and CI's fresh clone): a hash, maybe "-dirty";
        // "unknown" is the documented fallback outside git
        assertTrue(p.commit().matches("[0-9a-f]{7,40}(-dirty)?") || p.commit().equals("unknown"), p.commit());
        assertEquals("surrogate " + p.version() + " (commit " + p.commit() + ")", p.describe());
        Instant created = Instant.parse(p.toMap().get("created").toString());
        assertTrue(Duration.between(created, Instant.now()).abs().getSeconds() < 60);
    }

    private Path write(String name, Map<String, Object> attrs) throws IOException {
        DatasetLayout layout = new DatasetLayout(1.0, 4, 0, new double[] {0, 1},
                List.of(new VariableSpec("u", "velocity", "1")), List.of(), attrs);
        Path out = dir.resolve(name);
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout, 0, 1)) {
            w.writeSample(0, new float[][] {new float[8]}, new double[0]);
            w.commit();
        }
        return out;
    }

    private static Map<String, Object> read(Path file) throws IOException {
        try (DatasetReader r = DatasetReader.open(file)) {
            return r.attributes();
        }
    }

    @Test
    void historyAndSourceNameTheProgramVersionCommitAndUtcTime() throws IOException {
        String program = Provenance.current().describe();
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("equation", "burgers");
        attrs.put("history", "surrogate generate burgers --samples 1 --out a.nc");
        Map<String, Object> a = read(write("a.nc", attrs));
        String history = a.get("history").toString();
        assertTrue(history.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: " + java.util.regex.Pattern.quote(program)
                + ": surrogate generate burgers --samples 1 --out a.nc"), history);
        assertEquals(program, a.get("source"));
        List<String> keys = List.copyOf(a.keySet());
        assertEquals("history", keys.get(keys.size() - 1), "history goes last");

        // a later step copies the history and adds its own line; its source is kept and gets the program
        Map<String, Object> next = new LinkedHashMap<>(a);
        next.put("history", history + "\nsurrogate predict --model m --data a.nc");
        next.put("source", "predictions of the fno model in m");
        Map<String, Object> b = read(write("b.nc", next));
        String[] lines = b.get("history").toString().split("\n");
        assertEquals(2, lines.length);
        assertEquals(history, lines[0], "earlier lines are kept as they were");
        assertTrue(lines[1].endsWith(program + ": surrogate predict --model m --data a.nc"), lines[1]);
        assertEquals("predictions of the fno model in m; " + program, b.get("source"));

        // no history at all, or one copied unchanged: a line of this write is added
        Map<String, Object> c = read(write("c.nc", Map.of("equation", "burgers")));
        assertTrue(c.get("history").toString().matches("\\d{4}-.*Z: " + java.util.regex.Pattern.quote(program)),
                c.get("history").toString());
        Map<String, Object> d = read(write("d.nc", a));
        assertEquals(2, d.get("history").toString().split("\n").length);
    }
}
