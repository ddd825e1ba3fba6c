package dev.surrogate.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ucar.ma2.Array;
import ucar.ma2.DataType;
import ucar.nc2.Dimension;
import ucar.nc2.NetcdfFileWriter;
import ucar.nc2.Variable;

/**
 * Files that are not what they claim: cut short (by a copy, a download, {@code head -c}), not NetCDF at all, or
 * holding NaN. Each must stop the reader with a message naming the problem, never be read as data.
 */
class FileSafetyTest {
    @TempDir
    Path dir;

    /** Writes {@code samples} Burgers-like samples with this toolkit's writer; u[s, t, i] = s + t / 10 + i / 100. */
    private Path written(String name, int samples, int nx, int times) throws IOException {
        double[] t = new double[times];
        Arrays.setAll(t, i -> 0.1 * i);
        Path out = dir.resolve(name);
        DatasetLayout layout = new DatasetLayout(1.0, nx, 0, t, List.of(new VariableSpec("u", "velocity", "1")),
                List.of(new VariableSpec("nu", "kinematic viscosity", "1")), Map.of("equation", "burgers"));
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout, 0, samples)) {
            for (int s = 0; s < samples; s++) {
                float[] u = new float[times * nx];
                for (int k = 0; k < u.length; k++) {
                    u[k] = s + k / nx / 10f + k % nx / 100f;
                }
                w.writeSample(s, new float[][] {u}, new double[] {0.1});
            }
            w.commit();
        }
        return out;
    }

    private Path truncated(Path full, long bytes) throws IOException {
        Path cut = dir.resolve("cut-" + bytes + "-" + full.getFileName());
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(full), (int) bytes));
        return cut;
    }

    @Test
    void aTruncatedDatasetIsRefusedNamingFileExpectedAndActualSize() throws IOException {
        Path full = written("b.nc", 20, 64, 11);
        long size = Files.size(full);
        for (long keep : new long[] {size - 1, size / 2, 2000}) {
            Path cut = truncated(full, keep);
            DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DatasetReader.open(cut));
            String m = e.getMessage();
            assertTrue(m.contains(cut.toString()) && m.contains("truncated") && m.contains(size + " bytes")
                    && m.contains("has " + keep), m);
            assertTrue(m.contains("(20 records)"), m);
        }
        // the complete file still opens
        try (DatasetReader r = DatasetReader.open(full, "u")) {
            assertEquals(20, r.sampleCount());
        }
    }

    @Test
    void aFileCutInsideItsHeaderIsRefused() throws IOException {
        Path full = written("b.nc", 2, 8, 2);
        for (long keep : new long[] {6, 40, 300}) {
            Path cut = truncated(full, keep);
            DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DatasetReader.open(cut));
            assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"),
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xarray-netcdf3.nc", "xarray-netcdf4.nc"})
    void truncatedFilesOfOtherToolsAreRefusedToo(String name) throws IOException {
        Path full = DatasetReaderTest.resource(name);
        FileCompleteness.Expectation e = FileCompleteness.expectation(full);
        assertTrue(e.expected() > 0 && e.expected() <= Files.size(full), e.toString());
        Path cut = truncated(full, Files.size(full) - 100);
        DatasetFormatException ex = assertThrows(DatasetFormatException.class, () -> DatasetReader.open(cut));
        assertTrue(ex.getMessage().contains("truncated") && ex.getMessage().contains(e.expected() + " bytes"),
                ex.getMessage());
    }

    /** The layout this toolkit wrote before {@code sample} became the record dimension stays readable. */
    @Test
    void aFixedSizeSampleDimensionFileIsCheckedAndRead() throws Exception {
        Path file = dir.resolve("fixed.nc");
        NetcdfFileWriter w = NetcdfFileWriter.createNew(NetcdfFileWriter.Version.netcdf3, file.toString());
        w.setLargeFile(true);
        w.setFill(false);
        Dimension ds = w.addDimension(null, "sample", 3);
        Dimension dt = w.addDimension(null, "time", 2);
        Dimension dx = w.addDimension(null, "x", 4);
        Variable time = w.addVariable(null, "time", DataType.DOUBLE, List.of(dt));
        Variable x = w.addVariable(null, "x", DataType.DOUBLE, List.of(dx));
        Variable u = w.addVariable(null, "u", DataType.FLOAT, List.of(ds, dt, dx));
        w.create();
        w.write(time, Array.factory(new double[] {0, 1}));
        w.write(x, Array.factory(new double[] {0, 0.25, 0.5, 0.75}));
        float[] values = new float[24];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        w.write(u, Array.factory(DataType.FLOAT, new int[] {3, 2, 4}, values));
        w.close();
        FileCompleteness.Expectation e = FileCompleteness.expectation(file);
        assertEquals("netCDF-3 64-bit offset", e.format());
        assertEquals(Files.size(file), e.expected());
        try (DatasetReader r = DatasetReader.open(file, "u")) {
            assertArrayEquals(Arrays.copyOfRange(values, 8, 16), r.readSample("u", 1));
        }
        Path cut = truncated(file, Files.size(file) - 4);
        assertThrows(DatasetFormatException.class, () -> DatasetReader.open(cut));
    }

    /**
     * A file no format claims is refused as "not a NetCDF file"; NetCDF-Java's SIGMET probe prints "In
     * isValidFile(): java.io.EOFException" to stdout for a 10-byte file, which must not reach stdout.
     */
    @Test
    void aFileThatIsNotNetcdfIsRefusedAndNothingReachesStdout() throws IOException {
        Path zeros = Files.write(dir.resolve("zeros.nc"), new byte[10]);
        Path text = Files.writeString(dir.resolve("text.nc"), "time,x,u\n0,0,1\n");
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (Path p : new Path[] {zeros, text}) {
                DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DatasetReader.open(p));
                assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("not a NetCDF file"),
                        e.getMessage());
            }
        } finally {
            System.setOut(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
        DatasetFormatException dirError = assertThrows(DatasetFormatException.class, () -> DatasetReader.open(dir));
        assertTrue(dirError.getMessage().contains("is a directory"), dirError.getMessage());
    }

    @Test
    void aNonFiniteValueIsAnErrorNamingFieldSampleAndTimeIndex() throws Exception {
        Path file = written("nan.nc", 4, 8, 3);
        // overwrite u[sample 2, time 1, x 5] with NaN and u[3, 2, 0] with +infinity, in place
        NetcdfFileWriter w = NetcdfFileWriter.openExisting(file.toString());
        Variable u = w.findVariable("u");
        w.write(u, new int[] {2, 1, 5}, Array.factory(DataType.FLOAT, new int[] {1, 1, 1}, new float[] {Float.NaN}));
        w.write(u, new int[] {3, 2, 0}, Array.factory(DataType.FLOAT, new int[] {1, 1, 1},
                new float[] {Float.POSITIVE_INFINITY}));
        w.close();
        try (DatasetReader r = DatasetReader.open(file, "u")) {
            r.readSample("u", 0);
            r.readSnapshot("u", 2, 0);
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> r.readSamples("u", 0, 4));
            assertEquals("u", e.variable());
            assertEquals(2, e.sample());
            assertEquals(1, e.timeIndex());
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'u'")
                    && e.getMessage().contains("NaN") && e.getMessage().contains("sample 2")
                    && e.getMessage().contains("time index 1") && e.getMessage().contains("x index 5"),
                    e.getMessage());
            NonFiniteValueException snap = assertThrows(NonFiniteValueException.class,
                    () -> r.readSnapshot("u", 3, 2));
            assertEquals(3, snap.sample());
            assertEquals(2, snap.timeIndex());
            assertTrue(snap.getMessage().contains("Infinity"), snap.getMessage());
            NonFiniteValueException dbl = assertThrows(NonFiniteValueException.class,
                    () -> r.readSampleAsDouble("u", 3));
            assertEquals(2, dbl.timeIndex());
            java.io.UncheckedIOException it = assertThrows(java.io.UncheckedIOException.class, () -> {
                for (Sample s : r.samples("u")) {
                    assertTrue(s.index() < 2, "samples before the bad one are read");
                }
            });
            assertTrue(it.getCause() instanceof NonFiniteValueException, it.toString());
        }
    }
}
