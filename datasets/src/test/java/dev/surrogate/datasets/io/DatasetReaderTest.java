package dev.surrogate.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Reading files written by other tools (xarray / netCDF4-python, see {@code make_fixtures.py} in the test
 * resources) in netCDF-4/HDF5 and netCDF-3, and rejecting malformed ones with messages that name file, variable
 * and shapes.
 */
class DatasetReaderTest {

    static Path resource(String name) {
        try {
            return Path.of(DatasetReaderTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The fixture's values: u[s, t, i] = s + 0.1 t + 0.01 i. */
    private static float expected(int s, int t, int i) {
        return (float) (s + 0.1 * t + 0.01 * i);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xarray-netcdf4.nc", "xarray-netcdf3.nc"})
    void readsFilesWrittenByXarray(String name) throws IOException {
        try (DatasetReader r = DatasetReader.open(resource(name), "u")) {
            assertEquals(3, r.sampleCount());
            assertEquals(2, r.timeCount());
            assertEquals(8, r.nx());
            assertEquals(0, r.ny());
            assertEquals(1, r.spatialDimensions());
            assertArrayEquals(new double[] {0, 0.5}, r.times());
            assertEquals(0.125, r.x()[1]);
            assertEquals(List.of("u"), r.fieldNames());
            assertEquals(List.of("nu"), r.sampleParameterNames());
            assertArrayEquals(new double[] {0.1, 0.2, 0.3}, r.parameter("nu"));
            assertEquals("burgers", r.attributes().get("equation"));
            assertEquals(1.0, r.domainLength());
            assertEquals(3, ((Number) r.attributes().get("seed")).intValue());
            assertEquals("velocity", r.variable("u").longName());
            assertArrayEquals(new long[] {0, 1, 2}, r.sampleIndices());

            float[] s1 = r.readSample("u", 1);
            assertEquals(16, s1.length);
            for (int t = 0; t < 2; t++) {
                for (int i = 0; i < 8; i++) {
                    assertEquals(expected(1, t, i), s1[t * 8 + i]);
                }
            }
            float[] batch = r.readSamples("u", 1, 2);
            assertEquals(32, batch.length);
            assertEquals(expected(2, 1, 7), batch[16 + 8 + 7]);
            float[] snap = r.readSnapshot("u", 2, 1);
            assertEquals(expected(2, 1, 3), snap[3]);
            assertEquals(expected(0, 1, 4), (float) r.readSampleAsDouble("u", 0)[12]);
            int count = 0;
            for (Sample s : r.samples("u")) {
                assertEquals(count, s.index());
                assertEquals(expected(count, 0, 5), s.field("u")[5]);
                assertEquals(0.1 * (count + 1), s.parameters().get("nu"), 1e-15);
                count++;
            }
            assertEquals(3, count);
            List<Integer> firsts = new java.util.ArrayList<>();
            for (DatasetReader.Batch b : r.batches("u", 2)) {
                firsts.add(b.first());
                assertEquals(b.count() * 16, b.values().length);
                assertEquals(expected(b.first() + b.count() - 1, 1, 2), b.values()[(b.count() - 1) * 16 + 8 + 2]);
            }
            assertEquals(List.of(0, 2), firsts);
        }
    }

    @Test
    void rejectsAFieldWithTheWrongShapeNamingFileVariableAndShapes() {
        Path p = resource("wrong-shape-netcdf4.nc");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DatasetReader.open(p, "u"));
        String m = e.getMessage();
        assertTrue(m.contains(p.toString()), m);
        assertTrue(m.contains("'u'"), m);
        assertTrue(m.contains("[sample=3, x=8, time=2]"), "actual shape: " + m);
        assertTrue(m.contains("expected [sample=3, time=2, x=8]"), "expected shape: " + m);
    }

    @Test
    void rejectsAMissingCoordinateNamingFileAndVariable() {
        Path p = resource("missing-x-netcdf4.nc");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DatasetReader.open(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("missing variable 'x'"),
                e.getMessage());
    }

    @Test
    void rejectsAMissingFieldNamingIt() {
        Path p = resource("xarray-netcdf4.nc");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> DatasetReader.open(p, "vorticity"));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("missing variable 'vorticity'")
                && e.getMessage().contains("(sample, time, x)"), e.getMessage());
    }

    @Test
    void missingFileAndBadRanges() throws IOException {
        assertThrows(NoSuchFileException.class, () -> DatasetReader.open(Path.of("no-such-file.nc")));
        try (DatasetReader r = DatasetReader.open(resource("xarray-netcdf4.nc"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.readSamples("u", 2, 2));
            assertTrue(e.getMessage().contains("samples 2 .. 3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.readSample("v", 0));
            assertThrows(IllegalArgumentException.class, () -> r.readSnapshot("u", 0, 2));
            assertThrows(IllegalArgumentException.class, () -> r.parameter("feed_rate"));
        }
    }
}
