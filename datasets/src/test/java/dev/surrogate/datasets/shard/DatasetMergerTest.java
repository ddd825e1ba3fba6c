package dev.surrogate.datasets.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.DatasetProblem;
import dev.surrogate.datasets.generate.ParameterSweep;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.io.DatasetFormatException;
import dev.surrogate.datasets.io.DatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ucar.ma2.Array;
import ucar.nc2.Attribute;
import ucar.nc2.NetcdfFile;
import ucar.nc2.Variable;
import ucar.nc2.dataset.NetcdfDataset;

/**
 * Shards of {@code generate --shard} joined by the merger are the file one run writes: every variable bit for bit,
 * every attribute but the provenance; an NcML aggregation opens as the same dataset; and sets with a missing,
 * duplicated or foreign piece are refused with a message that names it.
 */
class DatasetMergerTest {
    private static final int SAMPLES = 10;
    private static final int SHARDS = 4;

    @TempDir
    Path dir;

    private DatasetGenerator.Settings set;
    private Path whole;
    private List<Path> shards;

    private static DatasetProblem burgers() {
        return new BurgersProblem(BurgersSettings.defaults().withNx(32).withTimes(0.05, 3));
    }

    @BeforeEach
    void generate() throws IOException {
        // a viscosity sweep, so that per-sample parameters are merged too
        set = DatasetGenerator.Settings.of(SAMPLES, 11).withThreads(2)
                .withSweeps(List.of(ParameterSweep.parse("nu=0.05:0.2:log"))).withHistory("single run");
        whole = dir.resolve("whole.nc");
        new DatasetGenerator(burgers(), set).generate(whole, ProgressListener.NONE);
        shards = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            Path p = dir.resolve(String.format("shard-%02d.nc", i));
            new DatasetGenerator(burgers(), set.withThreads(1).withHistory("shard " + i), new Shard(i, SHARDS))
                    .generate(p, ProgressListener.NONE);
            shards.add(p);
        }
    }

    /** Every variable of {@code expected} has the same dimensions, attributes and bits in {@code actual}. */
    private static void assertSameVariables(NetcdfFile expected, NetcdfFile actual) throws IOException {
        assertEquals(names(expected.getVariables()), names(actual.getVariables()));
        for (Variable v : expected.getVariables()) {
            Variable w = actual.findVariable(v.getFullName());
            assertEquals(v.getDimensionsString(), w.getDimensionsString(), v.getFullName());
            assertEquals(v.getDataType(), w.getDataType(), v.getFullName());
            assertEquals(v.getAttributes(), w.getAttributes(), v.getFullName());
            Array a = v.read();
            Array b = w.read();
            assertArrayEquals(a.getShape(), b.getShape(), v.getFullName());
            // Arrays.equals on float[] and double[] compares bit patterns
            Object x = a.get1DJavaArray(a.getElementType());
            Object y = b.get1DJavaArray(b.getElementType());
            assertTrue(Arrays.deepEquals(new Object[] {x}, new Object[] {y}), v.getFullName() + " differs");
        }
    }

    private static List<String> names(List<Variable> vars) {
        return vars.stream().map(Variable::getFullName).toList();
    }

    /** Global attributes without {@code history}, in file order. */
    private static Map<String, String> attributesButHistory(NetcdfFile nc) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Attribute a : nc.getGlobalAttributes()) {
            if (!a.getShortName().equals("history")) {
                m.put(a.getShortName(), a.getDataType() + ":" + (a.isString() ? a.getStringValue()
                        : a.getNumericValue().toString()));
            }
        }
        return m;
    }

    @Test
    void mergedShardsAreTheSingleRunBitForBit() throws IOException {
        Path merged = dir.resolve("merged.nc");
        List<Path> shuffled = new ArrayList<>(List.of(shards.get(2), shards.get(0), shards.get(3), shards.get(1)));
        DatasetMerger m = new DatasetMerger(shuffled);
        assertEquals(shards, m.inputs());
        assertEquals(0, m.firstSample());
        assertEquals(SAMPLES, m.sampleCount());
        m.merge(merged, "merge test", ProgressListener.NONE);
        try (NetcdfFile a = NetcdfFile.open(whole.toString()); NetcdfFile b = NetcdfFile.open(merged.toString())) {
            assertSameVariables(a, b);
            assertEquals(attributesButHistory(a), attributesButHistory(b));
            String history = b.findGlobalAttribute("history").getStringValue();
            for (int i = 0; i < SHARDS; i++) {
                assertTrue(history.contains("shard " + i), history);
            }
            assertTrue(history.strip().endsWith("merge test"), history);
        }
        // a shard is not the single run: it says which shard it is
        try (DatasetReader r = DatasetReader.open(shards.get(1))) {
            assertEquals("1/4", r.attributes().get(Shard.ATTRIBUTE));
            assertEquals(SAMPLES, ((Number) r.attributes().get(Shard.SET_SAMPLES)).intValue());
            assertArrayEquals(new long[] {2, 3, 4}, r.sampleIndices());
        }
    }

    @Test
    void ncmlAggregationOpensAsTheSingleRun() throws IOException {
        Path ncml = dir.resolve("all.ncml");
        new DatasetMerger(shards).writeNcml(ncml, "aggregation test");
        try (NetcdfFile a = NetcdfFile.open(whole.toString());
                NetcdfFile b = NetcdfDataset.openFile(ncml.toString(), null)) {
            // NetCDF-Java itself: the same variables and values, the single run's attributes
            for (Variable v : a.getVariables()) {
                Object x = v.read().get1DJavaArray(v.getDataType().getPrimitiveClassType());
                Object y = b.findVariable(v.getFullName()).read().get1DJavaArray(v.getDataType()
                        .getPrimitiveClassType());
                assertTrue(Arrays.deepEquals(new Object[] {x}, new Object[] {y}), v.getFullName());
            }
            assertEquals(attributesButHistory(a), attributesButHistory(b));
        }
        try (DatasetReader r = DatasetReader.open(ncml, "u"); DatasetReader w = DatasetReader.open(whole, "u")) {
            assertEquals(SAMPLES, r.sampleCount());
            assertTrue(r.format().startsWith("NcML aggregation of 4 files"), r.format());
            assertEquals(shards.stream().map(p -> p.toAbsolutePath().normalize()).toList(), r.components());
            assertArrayEquals(w.sampleIndices(), r.sampleIndices());
            assertArrayEquals(w.parameter("nu"), r.parameter("nu"));
            assertArrayEquals(w.readSamples("u", 0, SAMPLES), r.readSamples("u", 0, SAMPLES));
            assertEquals(0, ((Number) r.attributes().get("first_sample")).intValue());
            assertFalse(r.attributes().containsKey(Shard.ATTRIBUTE));
        }
        // a shard replaced on disk is read anew by the next reader (open files are not kept past a reader's close)
        Path replacement = dir.resolve("replacement.nc");
        new DatasetGenerator(burgers(), new DatasetGenerator.Settings(SAMPLES, 0, 12, 1, set.sweeps(), "seed 12"),
                new Shard(0, SHARDS)).generate(replacement, ProgressListener.NONE);
        Path tmp = dir.resolve("tmp.nc");
        Files.move(shards.get(0), tmp);
        Files.copy(replacement, shards.get(0));
        try (DatasetReader r = DatasetReader.open(ncml, "u"); DatasetReader n = DatasetReader.open(replacement);
                DatasetReader w = DatasetReader.open(whole)) {
            assertArrayEquals(n.readSample("u", 1), r.readSample("u", 1));
            assertFalse(Arrays.equals(w.readSample("u", 1), r.readSample("u", 1)));
        }
        Files.move(tmp, shards.get(0), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // relative locations: the directory moves as a whole
        Path moved = Files.createDirectory(dir.resolve("moved"));
        for (Path s : shards) {
            Files.move(s, moved.resolve(s.getFileName()));
        }
        Files.move(ncml, moved.resolve("all.ncml"));
        try (DatasetReader r = DatasetReader.open(moved.resolve("all.ncml"), "u")) {
            assertEquals(SAMPLES, r.sampleCount());
        }
        // a listed file that is gone, or cut short, is named
        Files.delete(moved.resolve("shard-02.nc"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> DatasetReader.open(moved.resolve("all.ncml")));
        assertTrue(e.getFile().endsWith("shard-02.nc"), e.getFile());
        Path s1 = moved.resolve("shard-01.nc");
        Files.write(moved.resolve("shard-02.nc"), Arrays.copyOf(Files.readAllBytes(s1), 1000));
        DatasetFormatException t = assertThrows(DatasetFormatException.class,
                () -> DatasetReader.open(moved.resolve("all.ncml")));
        assertTrue(t.getMessage().contains("shard-02.nc") && t.getMessage().contains("truncated"), t.getMessage());
    }

    @Test
    void filesJoinedInMemoryReadAsOneDataset() throws IOException {
        try (DatasetReader r = DatasetReader.openJoined(shards, "u"); DatasetReader w = DatasetReader.open(whole)) {
            assertEquals(SAMPLES, r.sampleCount());
            assertEquals("4 files joined (NetCDF-3/CDM)", r.format());
            assertArrayEquals(w.sampleIndices(), r.sampleIndices());
            assertArrayEquals(w.parameter("nu"), r.parameter("nu"));
            assertArrayEquals(w.readSamples("u", 0, SAMPLES), r.readSamples("u", 0, SAMPLES));
        }
        // two runs of other seeds: both number their samples from 0, and are joined all the same
        Path other = dir.resolve("other.nc");
        new DatasetGenerator(burgers(), new DatasetGenerator.Settings(3, 0, 99, 1, set.sweeps(), ""))
                .generate(other, ProgressListener.NONE);
        try (DatasetReader r = DatasetReader.openJoined(List.of(other, whole), "u");
                DatasetReader o = DatasetReader.open(other); DatasetReader w = DatasetReader.open(whole)) {
            assertArrayEquals(new long[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, r.sampleIndices());
            assertArrayEquals(o.readSample("u", 2), r.readSample("u", 2));
            assertArrayEquals(w.readSample("u", 0), r.readSample("u", 3));
        }
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> DatasetReader.openJoined(List.of(whole, dir.resolve("none.nc"))));
        assertTrue(e.getFile().endsWith("none.nc"), e.getFile());
    }

    @Test
    void aMissingShardIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetMerger(List.of(shards.get(0), shards.get(1), shards.get(3))));
        // shard 2/4 holds samples 5 .. 6
        assertTrue(e.getMessage().contains("samples 5 .. 6 are missing (shard 2/4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DatasetMerger(shards.subList(0, 3)));
        assertTrue(e.getMessage().contains("samples 7 .. 9 are missing (shard 3/4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DatasetMerger(shards.subList(1, 4)));
        assertTrue(e.getMessage().contains("samples 0 .. 1 are missing (shard 0/4)"), e.getMessage());
    }

    @Test
    void overlapsAndRepeatsAreRefused() throws IOException {
        Path copy = dir.resolve("copy-of-1.nc");
        Files.copy(shards.get(1), copy);
        List<Path> withCopy = new ArrayList<>(shards);
        withCopy.add(copy);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetMerger(withCopy));
        assertTrue(e.getMessage().contains("sample 2 is in both") && e.getMessage().contains("overlap"),
                e.getMessage());
        List<Path> twice = new ArrayList<>(shards);
        twice.add(shards.get(0));
        e = assertThrows(IllegalArgumentException.class, () -> new DatasetMerger(twice));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DatasetMerger(shards).merge(shards.get(0), "",
                ProgressListener.NONE));
        assertTrue(e.getMessage().contains("is the input"), e.getMessage());
    }

    @Test
    void piecesOfAnotherSetAreRefusedByName() throws IOException {
        // shard 3 of the same set under another seed: same grid and fields, other samples
        Path foreign = dir.resolve("foreign-3.nc");
        new DatasetGenerator(burgers(), new DatasetGenerator.Settings(SAMPLES, 0, 12, 1, set.sweeps(), "other seed"),
                new Shard(3, SHARDS)).generate(foreign, ProgressListener.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetMerger(List.of(shards.get(0), shards.get(1), shards.get(2), foreign)));
        assertTrue(e.getMessage().contains("attribute 'seed' differs") && e.getMessage().contains("11")
                && e.getMessage().contains("12") && e.getMessage().contains("foreign-3.nc"), e.getMessage());
        // another grid
        Path fine = dir.resolve("fine-3.nc");
        new DatasetGenerator(new BurgersProblem(BurgersSettings.defaults().withNx(64).withTimes(0.05, 3)), set,
                new Shard(3, SHARDS)).generate(fine, ProgressListener.NONE);
        e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetMerger(List.of(shards.get(0), shards.get(1), shards.get(2), fine)));
        assertTrue(e.getMessage().contains("grid differs") && e.getMessage().contains("x=64"), e.getMessage());
    }

    @Test
    void runsWithFirstSampleMergeLikeShards() throws IOException {
        // README's way before --shard: --first-sample and --samples per piece
        Path a = dir.resolve("a.nc");
        Path b = dir.resolve("b.nc");
        new DatasetGenerator(burgers(), new DatasetGenerator.Settings(6, 0, 11, 1, set.sweeps(), "a"))
                .generate(a, ProgressListener.NONE);
        new DatasetGenerator(burgers(), new DatasetGenerator.Settings(4, 6, 11, 1, set.sweeps(), "b"))
                .generate(b, ProgressListener.NONE);
        Path merged = dir.resolve("ab.nc");
        new DatasetMerger(List.of(b, a)).merge(merged, "", ProgressListener.NONE);
        try (NetcdfFile x = NetcdfFile.open(whole.toString()); NetcdfFile y = NetcdfFile.open(merged.toString())) {
            assertSameVariables(x, y);
            assertEquals(attributesButHistory(x), attributesButHistory(y));
        }
        // a shard and a piece made without --shard do not claim to be one set
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetMerger(List.of(a, shards.get(3))));
        assertTrue(e.getMessage().contains("attribute"), e.getMessage());
    }
}
