package dev.surrogate.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer round trips, the contract's layout, and atomic publication. */
class NetcdfDatasetWriterTest {

    @TempDir
    Path dir;

    static DatasetLayout layout1d(int nx, double[] times, boolean perSampleNu) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("Conventions", "CF-1.8");
        attrs.put("equation", "test");
        attrs.put("seed", 123456789012L);
        attrs.put("small_seed", 5L);
        attrs.put("huge_seed", Long.MIN_VALUE);
        return new DatasetLayout(2.0, nx, 0, times, List.of(new VariableSpec("u", "velocity", "1")),
                perSampleNu ? List.of(new VariableSpec("nu", "kinematic viscosity", "1")) : List.of(), attrs);
    }

    /** A value that identifies (sample, time, point). */
    static float value(int s, int t, int p) {
        return s * 1000 + t * 10 + p * 0.001f;
    }

    @Test
    void roundTripOfA1dDatasetWrittenOutOfOrder() throws IOException {
        int nx = 8;
        double[] times = {0, 0.25, 0.5};
        Path out = dir.resolve("one.nc");
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout1d(nx, times, true), 10, 4)) {
            for (int s : new int[] {2, 0, 3, 1}) {
                float[] u = new float[times.length * nx];
                for (int t = 0; t < times.length; t++) {
                    for (int i = 0; i < nx; i++) {
                        u[t * nx + i] = value(s, t, i);
                    }
                }
                w.writeSample(s, new float[][] {u}, new double[] {0.01 * (s + 1)});
            }
            assertFalse(Files.exists(out), "target appears only on commit");
            w.commit();
        }
        try (DatasetReader r = DatasetReader.open(out, "u")) {
            assertEquals(4, r.sampleCount());
            assertArrayEquals(times, r.times());
            assertEquals(0.25, r.x()[1], 0.0, "x_i = i L / n with L = 2");
            assertArrayEquals(new long[] {10, 11, 12, 13}, r.sampleIndices());
            assertArrayEquals(new double[] {0.01, 0.02, 0.03, 0.04}, r.parameter("nu"));
            assertEquals(123456789012.0, ((Number) r.attributes().get("seed")).doubleValue());
            assertEquals(5, ((Number) r.attributes().get("small_seed")).intValue());
            assertEquals(Long.toString(Long.MIN_VALUE), r.attributes().get("huge_seed"));
            assertEquals(2.0, r.domainLength());
            DatasetLayout back = r.layout();
            assertEquals(8, back.nx());
            assertEquals(0, back.ny());
            assertArrayEquals(times, back.times());
            assertEquals(List.of(new VariableSpec("u", "velocity", "1")), back.fields());
            assertEquals(List.of(new VariableSpec("nu", "kinematic viscosity", "1")), back.sampleParameters());
            assertEquals("test", back.attributes().get("equation"));
            double[] all = r.readSamplesAsDouble("u", 2, 2);
            assertEquals(value(3, 2, 7), (float) all[times.length * nx + 2 * nx + 7]);
            for (int s = 0; s < 4; s++) {
                float[] u = r.readSample("u", s);
                for (int t = 0; t < times.length; t++) {
                    for (int i = 0; i < nx; i++) {
                        assertEquals(value(s, t, i), u[t * nx + i]);
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary file left");
        }
    }

    @Test
    void roundTripOfA2dDatasetWithTwoFieldsXFastest() throws IOException {
        int nx = 4;
        int ny = 3;
        double[] times = {0, 1};
        DatasetLayout layout = new DatasetLayout(1.0, nx, ny, times, List.of(new VariableSpec("u", "activator", "1"),
                new VariableSpec("v", "inhibitor", "1")), List.of(), Map.of("equation", "gray-scott"));
        Path out = dir.resolve("two.nc");
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout, 0, 2)) {
            for (int s = 0; s < 2; s++) {
                float[] u = new float[layout.valuesPerSample()];
                float[] v = new float[layout.valuesPerSample()];
                for (int t = 0; t < 2; t++) {
                    for (int iy = 0; iy < ny; iy++) {
                        for (int ix = 0; ix < nx; ix++) {
                            u[(t * ny + iy) * nx + ix] = s * 100 + t * 10 + iy + 0.1f * ix;
                            v[(t * ny + iy) * nx + ix] = -u[(t * ny + iy) * nx + ix];
                        }
                    }
                }
                w.writeSample(s, new float[][] {u, v}, new double[0]);
            }
            w.commit();
        }
        try (DatasetReader r = DatasetReader.open(out, "u", "v")) {
            assertEquals(2, r.spatialDimensions());
            assertEquals(3, r.ny());
            assertEquals(List.of("u", "v"), r.fieldNames());
            assertEquals(1.0 / 3, r.y()[1], 1e-15);
            float[] snap = r.readSnapshot("u", 1, 1);
            // (iy = 2, ix = 3) at index iy * nx + ix
            assertEquals(100 + 10 + 2 + 0.3f, snap[2 * nx + 3]);
            assertEquals(-snap[2 * nx + 3], r.readSnapshot("v", 1, 1)[2 * nx + 3]);
        }
    }

    @Test
    void closingWithoutCommitDeletesTheTemporaryFileAndKeepsTheOldTarget() throws IOException {
        Path out = dir.resolve("keep.nc");
        Files.writeString(out, "old dataset");
        Path temp;
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout1d(4, new double[] {0, 1}, false), 0, 2)) {
            temp = w.tempFile();
            assertTrue(Files.exists(temp));
            assertTrue(temp.getFileName().toString().startsWith(".keep.nc."), temp.toString());
            w.writeSample(0, new float[][] {new float[8]}, new double[0]);
            IllegalStateException e = assertThrows(IllegalStateException.class, w::commit);
            assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
        }
        assertFalse(Files.exists(temp));
        assertEquals("old dataset", Files.readString(out));
    }

    @Test
    void aFailedCommitNamesTheTargetNotTheTemporaryFile() throws IOException {
        Path out = dir.resolve("lost.nc");
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout1d(4, new double[] {0, 1}, false), 0, 1)) {
            w.writeSample(0, new float[][] {new float[8]}, new double[0]);
            String tempName = w.tempFile().getFileName().toString();
            // e.g. a cleaner that removed the hidden file while the run was going
            Files.delete(w.tempFile());
            IOException e = assertThrows(IOException.class, w::commit);
            assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
            assertFalse(e.getMessage().contains(tempName), e.getMessage());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void rejectsWrongSampleShapesAndDoubleWrites() throws IOException {
        Path out = dir.resolve("x.nc");
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout1d(4, new double[] {0, 1}, false), 0, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.writeSample(0, new float[][] {new float[7]}, new double[0]));
            assertTrue(e.getMessage().contains("'u'") && e.getMessage().contains("7") && e.getMessage().contains("8"),
                    e.getMessage());
            w.writeSample(0, new float[][] {new float[8]}, new double[0]);
            assertThrows(IllegalStateException.class, () -> w.writeSample(0, new float[][] {new float[8]},
                    new double[0]));
            assertThrows(IllegalArgumentException.class, () -> w.writeSample(2, new float[][] {new float[8]},
                    new double[0]));
        }
        assertThrows(java.nio.file.NoSuchFileException.class, () -> NetcdfDatasetWriter.create(
                dir.resolve("missing/x.nc"), layout1d(4, new double[] {0}, false), 0, 1));
    }

    @Test
    void explicitSampleIndicesAndIntegerLabels() throws Exception {
        int nx = 4;
        double[] times = {0, 1};
        DatasetLayout layout = layout1d(nx, times, true).withSampleLabels(List.of(
                new VariableSpec("sample_index", "global index of the input", "1"),
                new VariableSpec("member", "forecast member", "1")));
        long[] indices = {200, 201, 205};
        Path out = dir.resolve("labels.nc");
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout, indices)) {
            assertThrows(IllegalArgumentException.class, () -> w.writeSample(0, new float[][] {
                new float[times.length * nx]}, new double[] {0}), "labels are required by this layout");
            for (int s = 0; s < 3; s++) {
                w.writeSample(s, new float[][] {new float[times.length * nx]}, new double[] {0.1 * s},
                        new int[] {(int) indices[s], s % 2});
            }
            w.commit();
        }
        try (DatasetReader r = DatasetReader.open(out, "u")) {
            assertArrayEquals(indices, r.sampleIndices());
            assertArrayEquals(new double[] {0, 1, 0}, r.parameter("member"), 0);
            assertArrayEquals(new double[] {200, 201, 205}, r.parameter("sample_index"), 0);
        }
        Process p = new ProcessBuilder("ncdump", "-h", out.toString()).redirectErrorStream(true).start();
        String header = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "no ncdump: " + header);
        assertTrue(header.contains("int sample_index(sample)"), header);
        assertTrue(header.contains("int member(sample)"), header);
        assertTrue(header.contains("u:coordinates = \"sample_index member\""), header);

        assertThrows(IllegalArgumentException.class, () -> NetcdfDatasetWriter.create(dir.resolve("bad.nc"),
                layout, new long[] {3, 3}));
        assertThrows(IllegalArgumentException.class, () -> NetcdfDatasetWriter.create(dir.resolve("bad.nc"),
                layout, new long[] {-1}));
        assertFalse(Files.exists(dir.resolve("bad.nc")));
    }

    /**
     * {@code sample} is the record dimension: every variable on it is a record variable, the header's record count
     * is the number of samples, and the file ends exactly where its last record ends (header + records).
     */
    @Test
    void sampleIsTheRecordDimensionAndTheFileEndsAfterItsLastRecord() throws IOException {
        int nx = 6;
        double[] times = {0, 0.5, 1};
        Path out = dir.resolve("rec.nc");
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout1d(nx, times, true), 7, 5)) {
            for (int s = 0; s < 5; s++) {
                w.writeSample(s, new float[][] {new float[times.length * nx]}, new double[] {s});
            }
            w.commit();
        }
        long recordBytes;
        long firstRecord;
        try (ucar.nc2.NetcdfFile nc = ucar.nc2.NetcdfFile.open(out.toString())) {
            assertTrue(nc.findDimension("sample").isUnlimited());
            assertEquals(5, nc.findDimension("sample").getLength());
            for (String v : new String[] {"sample", "u", "nu"}) {
                assertTrue(nc.findVariable(v).isUnlimited(), v + " is a record variable");
            }
            for (String v : new String[] {"time", "x"}) {
                assertFalse(nc.findVariable(v).isUnlimited(), v + " is fixed");
            }
            // one record: u[sample] (float32, time * x), nu[sample] (double), sample[sample] (int32)
            recordBytes = 4L * times.length * nx + 8 + 4;
            // the fixed variables come first: time (3 doubles) and x (6 doubles) after the header
            firstRecord = Files.size(out) - 5 * recordBytes;
            assertTrue(firstRecord >= 8 * (times.length + nx), "header and fixed data precede the records");
        }
        FileCompleteness.Expectation e = FileCompleteness.expectation(out);
        assertEquals("netCDF-3 64-bit offset", e.format());
        assertEquals(5, e.records());
        assertEquals(Files.size(out), e.expected(), "the header accounts for every byte");
        try (DatasetReader r = DatasetReader.open(out, "u")) {
            assertArrayEquals(new long[] {7, 8, 9, 10, 11}, r.sampleIndices());
        }
    }

    /**
     * A dataset whose every field is larger than 4 GiB (FitzHugh-Nagumo's 1000 samples of 101 x 128 x 128 float32
     * values: 6.6 GB per field) gets a valid header: a fixed {@code sample} dimension made NetCDF-Java refuse it
     * with "Variable size in bytes 6619136000 may not exceed 4294967292". Nothing is written beyond the header: the
     * writer is abandoned after checking what the header promises.
     */
    @Test
    void aDatasetWithFieldsAbove4GiBGetsAHeaderWithSampleAsRecords() throws IOException {
        int n = 128;
        double[] times = new double[101];
        for (int i = 0; i < times.length; i++) {
            times[i] = 0.05 * i;
        }
        DatasetLayout layout = new DatasetLayout(2.0, n, n, times, List.of(new VariableSpec("u", "activator", "1"),
                new VariableSpec("v", "inhibitor", "1")), List.of(), Map.of("equation", "fitzhugh-nagumo"));
        long fieldBytes = 1000L * times.length * n * n * 4;
        assertTrue(fieldBytes > 4294967292L);
        Path out = dir.resolve("fhn.nc");
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout, 0, 1000)) {
            Path temp = w.tempFile();
            FileCompleteness.Expectation e = FileCompleteness.expectation(temp);
            assertEquals("netCDF-3 64-bit offset", e.format());
            assertEquals(0, e.records(), "no record written yet");
            assertTrue(Files.size(temp) < 1 << 20, "only the header and the fixed coordinates are on disk");
        }
        assertFalse(Files.exists(out));
    }

    /** Cross-tool check with xarray when Debian's python3 with xarray is installed (skipped otherwise). */
    @Test
    void xarrayOpensTheFileWithNoOptions() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process check = new ProcessBuilder(python.toString(), "-c", "import xarray").redirectErrorStream(true).start();
        Assumptions.assumeTrue(check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0, "no xarray");
        Path out = dir.resolve("xr.nc");
        int nx = 8;
        double[] times = {0, 0.25, 0.5};
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout1d(nx, times, true), 0, 2)) {
            for (int s = 0; s < 2; s++) {
                float[] u = new float[times.length * nx];
                for (int t = 0; t < times.length; t++) {
                    for (int i = 0; i < nx; i++) {
                        u[t * nx + i] = value(s, t, i);
                    }
                }
                w.writeSample(s, new float[][] {u}, new double[] {s + 0.5});
            }
            w.commit();
        }
        String script = "import xarray, sys\n"
                + "ds = xarray.open_dataset(sys.argv[1])\n"
                + "print(dict(ds.sizes)['sample'], dict(ds.sizes)['time'], dict(ds.sizes)['x'])\n"
                + "print(ds.u.dtype, ds.u.dims)\n"
                + "print(repr(float(ds.u.isel(sample=1, time=2, x=3))), float(ds.nu[1]), float(ds.time[2]))\n"
                + "print(ds.time.dtype, ds.attrs['Conventions'])\n";
        Process p = new ProcessBuilder(python.toString(), "-c", script, out.toString()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        String[] lines = output.strip().split("\n");
        assertEquals("2 3 8", lines[0]);
        assertEquals("float32 ('sample', 'time', 'x')", lines[1]);
        assertEquals(repr(value(1, 2, 3)) + " 1.5 0.5", lines[2]);
        assertEquals("float64 CF-1.8", lines[3], "time is a plain number, not decoded as a date");
    }

    /** {@code ncdump -h} with no options reads the header when netcdf-bin is installed (skipped otherwise). */
    @Test
    void ncdumpReadsTheHeaderWithNoOptions() throws Exception {
        Path ncdump = Path.of("/usr/bin/ncdump");
        Assumptions.assumeTrue(Files.isExecutable(ncdump), "no /usr/bin/ncdump");
        Path out = dir.resolve("dump.nc");
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout1d(4, new double[] {0, 1}, true), 3, 2)) {
            for (int s = 0; s < 2; s++) {
                w.writeSample(s, new float[][] {new float[8]}, new double[] {0.5});
            }
            w.commit();
        }
        Process p = new ProcessBuilder(ncdump.toString(), "-h", out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("sample = UNLIMITED ; // (2 currently)"), output);
        assertTrue(output.contains("float u(sample, time, x)"), output);
        assertTrue(output.contains("int sample(sample)"), output);
    }

    private static String repr(float f) {
        // Python prints the double nearest to the float32 value with the shortest round-trip repr
        return Double.toString((double) f).replaceAll("\\.0$", ".0");
    }
}
