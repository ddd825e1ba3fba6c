package dev.surrogate.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.io.DatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ucar.ma2.Array;
import ucar.nc2.Attribute;
import ucar.nc2.NetcdfFile;
import ucar.nc2.Variable;

/**
 * Generation as a Spark job on {@code local[2]}, with up to 4 attempts per task: the merged file equals a single
 * process's file bit for bit, also when a task fails half-way and Spark retries it, and reruns keep published
 * shards of the same settings and regenerate foreign or damaged ones.
 */
class SparkGenerationTest {
    private static final int SAMPLES = 9;
    private static final int SHARDS = 3;
    private static JavaSparkContext sc;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        // local[2, 4]: two cores, a failed task is tried up to 4 times (local mode does not retry by default)
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,4]").setAppName("SparkGenerationTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        sc.setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    /** The reference: one process, all samples. */
    private Path singleRun(long seed) throws IOException {
        Path out = dir.resolve("single-" + seed + ".nc");
        BurgersSpec spec = new BurgersSpec(SAMPLES, seed, -1);
        new DatasetGenerator(spec.problem(), spec.set().withThreads(2)).generate(out, ProgressListener.NONE);
        return out;
    }

    /** Every variable bit for bit, every global attribute but history. */
    static void assertSameFile(Path expected, Path actual) throws IOException {
        try (NetcdfFile a = NetcdfFile.open(expected.toString()); NetcdfFile b = NetcdfFile.open(actual.toString())) {
            assertEquals(a.getVariables().size(), b.getVariables().size());
            for (Variable v : a.getVariables()) {
                Variable w = b.findVariable(v.getFullName());
                Array x = v.read();
                Array y = w.read();
                assertEquals(v.getDataType(), w.getDataType());
                assertTrue(Arrays.deepEquals(new Object[] {x.get1DJavaArray(x.getElementType())},
                        new Object[] {y.get1DJavaArray(y.getElementType())}), v.getFullName() + " differs");
            }
            assertEquals(attributes(a), attributes(b));
        }
    }

    private static Map<String, String> attributes(NetcdfFile nc) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Attribute a : nc.getGlobalAttributes()) {
            if (!a.getShortName().equals("history")) {
                m.put(a.getShortName(), a.toString());
            }
        }
        return m;
    }

    private static List<Path> visibleFiles(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aTaskThatFailsHalfWayIsRetriedAndTheMergeIsTheSingleRun() throws IOException {
        Path shards = dir.resolve("shards");
        Path out = dir.resolve("merged.nc");
        // sample 4 is the second sample of shard 1 (samples 3 .. 5): the first attempt dies with sample 3 written
        int before = BurgersSpec.INJECTED.get();
        SparkGeneration job = new SparkGeneration(new BurgersSpec(SAMPLES, 5, 4), SHARDS,
                ShardStore.of(shards.toString()));
        SparkGeneration.Report r = job.run(sc, out, false);
        assertEquals(1, BurgersSpec.INJECTED.get() - before, "the failure was injected once");
        assertEquals(1, r.shards().get(1).attempt(), "shard 1 succeeded on its second attempt");
        assertEquals(0, r.shards().get(0).attempt());
        assertSameFile(singleRun(5), out);
        assertEquals(List.of(shards.resolve("b-shard-00000-of-00003.nc"), shards.resolve("b-shard-00001-of-00003.nc"),
                shards.resolve("b-shard-00002-of-00003.nc")), visibleFiles(shards));
    }

    @Test
    void rerunsKeepTheirShardsAndRegenerateForeignOrDamagedOnes() throws IOException {
        Path shards = dir.resolve("shards");
        Path out = dir.resolve("merged.nc");
        SparkGeneration job = new SparkGeneration(new BurgersSpec(SAMPLES, 6, -1), SHARDS,
                ShardStore.of(shards.toString()));
        job.run(sc, out, false);
        Path reference = singleRun(6);
        assertSameFile(reference, out);
        List<Path> files = visibleFiles(shards);
        FileTime old = FileTime.fromMillis(0);
        for (Path f : files) {
            Files.setLastModifiedTime(f, old);
        }
        // shard 0 replaced by shard 0 of another seed (a leftover of another job), shard 2 cut short
        Files.createDirectories(dir.resolve("other"));
        new SparkGeneration(new BurgersSpec(SAMPLES, 7, -1), SHARDS, ShardStore.of(dir.resolve("other").toString()))
                .runShard(0);
        Files.copy(dir.resolve("other").resolve(job.fileName(0)), files.get(0),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] bytes = Files.readAllBytes(files.get(2));
        Files.write(files.get(2), Arrays.copyOf(bytes, bytes.length / 2));
        Files.setLastModifiedTime(files.get(0), old);
        Files.setLastModifiedTime(files.get(2), old);

        SparkGeneration.Report again = job.run(sc, dir.resolve("again.nc"), false);
        List<Boolean> reused = again.shards().stream().map(SparkGeneration.ShardResult::reused).toList();
        assertEquals(List.of(false, true, false), reused);
        assertEquals(old, Files.getLastModifiedTime(files.get(1)), "the kept shard was not rewritten");
        assertTrue(Files.getLastModifiedTime(files.get(0)).compareTo(old) > 0);
        assertSameFile(reference, dir.resolve("again.nc"));
        // and the NcML aggregation of the same shards reads as the single run
        job.run(sc, dir.resolve("all.ncml"), true);
        try (DatasetReader a = DatasetReader.open(dir.resolve("all.ncml"), "u");
                DatasetReader b = DatasetReader.open(reference, "u")) {
            assertArrayEquals(b.readSamples("u", 0, SAMPLES), a.readSamples("u", 0, SAMPLES));
        }
    }

    @Test
    void aHadoopFileSystemStoreUploadsAndFetchesShards() throws IOException {
        Path shards = dir.resolve("hadoop-shards");
        // Hadoop's local file system stands in for HDFS: the same upload, rename and copy-back
        ShardStore store = new ShardStore.Hadoop(shards.toUri().toString());
        SparkGeneration job = new SparkGeneration(new BurgersSpec(SAMPLES, 8, -1), SHARDS, store);
        job.run(sc, dir.resolve("merged.nc"), false);
        assertSameFile(singleRun(8), dir.resolve("merged.nc"));
        List<String> names = new ArrayList<>();
        for (Path p : visibleFiles(shards)) {
            names.add(p.getFileName().toString());
        }
        assertEquals(List.of(job.fileName(0), job.fileName(1), job.fileName(2)), names);
        // a damaged shard is replaced (Hadoop's rename does not overwrite), the others are kept
        Path damaged = shards.resolve(job.fileName(1));
        byte[] bytes = Files.readAllBytes(damaged);
        Files.write(damaged, Arrays.copyOf(bytes, bytes.length - 100));
        Files.deleteIfExists(shards.resolve("." + job.fileName(1) + ".crc"));
        SparkGeneration.Report again = job.run(sc, dir.resolve("merged2.nc"), false);
        assertEquals(List.of(true, false, true), again.shards().stream().map(SparkGeneration.ShardResult::reused)
                .toList());
        assertSameFile(singleRun(8), dir.resolve("merged2.nc"));
    }
}
