package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.training.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --shard I/N}, {@code merge [--ncml]}, and several files or a pattern as one dataset for
 * {@code train} and {@code evaluate}: shards add up to the single run, and a model trained or scored on the shards
 * gets the numbers it gets on the merged file.
 */
class ShardsCliTest {
    private static final String[] GENERATE = {"generate", "burgers", "--samples", "7", "--nx", "32", "--snapshots",
        "5", "--t-final", "0.2", "--seed", "4", "--vary", "nu=0.05:0.1", "--threads", "1", "--no-progress"};

    @TempDir
    Path dir;

    private Path whole;
    private List<Path> shards;

    private static String[] with(String[] base, String... more) {
        List<String> a = new ArrayList<>(List.of(base));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @BeforeEach
    void generate() {
        whole = dir.resolve("whole.nc");
        assertEquals(0, CliTestSupport.run(with(GENERATE, "--out", whole.toString())).code());
        Path sub = dir.resolve("shards");
        sub.toFile().mkdir();
        shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path s = sub.resolve("b-" + i + "-of-3.nc");
            CliTestSupport.Run r = CliTestSupport.run(with(GENERATE, "--shard", i + "/3", "--out", s.toString()));
            assertEquals(0, r.code(), r.err());
            shards.add(s);
        }
    }

    private static Map<String, Object> attributesButHistory(Path file) throws IOException {
        try (DatasetReader r = DatasetReader.open(file)) {
            Map<String, Object> m = new LinkedHashMap<>(r.attributes());
            m.remove("history");
            return m;
        }
    }

    @Test
    void mergedShardsAreTheSingleRun() throws IOException {
        try (DatasetReader r = DatasetReader.open(shards.get(1))) {
            // 7 samples in 3 shards: 0..1, 2..3, 4..6
            assertArrayEquals(new long[] {2, 3}, r.sampleIndices());
        }
        Path merged = dir.resolve("merged.nc");
        CliTestSupport.Run m = CliTestSupport.run("merge", merged.toString(), dir.resolve("shards/b-*-of-3.nc")
                .toString(), "--no-progress");
        assertEquals(0, m.code(), m.err());
        assertEquals(merged + " merge of 3 files: samples 0 .. 6\n", m.out());
        try (DatasetReader a = DatasetReader.open(whole); DatasetReader b = DatasetReader.open(merged)) {
            assertArrayEquals(a.readSamples("u", 0, 7), b.readSamples("u", 0, 7));
            assertArrayEquals(a.parameter("nu"), b.parameter("nu"));
            assertArrayEquals(a.sampleIndices(), b.sampleIndices());
            String history = b.attributes().get("history").toString();
            assertTrue(history.contains("--shard 2/3") && history.contains("surrogate merge"), history);
        }
        assertEquals(attributesButHistory(whole), attributesButHistory(merged));
        // an existing output needs --force
        CliTestSupport.Run again = CliTestSupport.run("merge", merged.toString(), shards.get(0).toString(),
                shards.get(1).toString(), shards.get(2).toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("add --force"), again.err());
    }

    @Test
    void aMissingShardExitsWithStatusTwoAndNamesIt() {
        Path out = dir.resolve("m.nc");
        CliTestSupport.Run r = CliTestSupport.run("merge", out.toString(), shards.get(0).toString(),
                shards.get(2).toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("samples 2 .. 3 are missing (shard 1/3)"), r.err());
        assertFalse(Files.exists(out));
        r = CliTestSupport.run("merge", out.toString(), dir.resolve("shards/none-*.nc").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no input file matches"), r.err());
        r = CliTestSupport.run("generate", "burgers", "--samples", "2", "--shard", "0/3", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("2 samples into 3 shards"), r.err());
    }

    @Test
    void ncmlAggregationOpensInInfo() {
        Path ncml = dir.resolve("shards/all.ncml");
        CliTestSupport.Run m = CliTestSupport.run(with(new String[] {"merge", "--ncml", ncml.toString()},
                shards.stream().map(Path::toString).toArray(String[]::new)));
        assertEquals(0, m.code(), m.err());
        CliTestSupport.Run info = CliTestSupport.run("info", ncml.toString(), "--json");
        assertEquals(0, info.code(), info.err());
        Map<String, Object> json = Json.parseObject(info.out());
        assertTrue(json.get("format").toString().startsWith("NcML aggregation of 3 files"), info.out());
        assertEquals(7, ((Number) ((Map<?, ?>) json.get("dimensions")).get("sample")).intValue());
        CliTestSupport.Run plain = CliTestSupport.run("info", whole.toString(), "--json");
        Map<String, Object> wholeJson = Json.parseObject(plain.out());
        // the same statistics of every value, read through the aggregation
        assertEquals(wholeJson.get("fields"), json.get("fields"));
        assertEquals(wholeJson.get("parameters"), json.get("parameters"));
    }

    @Test
    void trainAndEvaluateOnShardsEqualTheMergedFile() {
        Path merged = dir.resolve("merged.nc");
        assertEquals(0, CliTestSupport.run("merge", merged.toString(), shards.get(0).toString(),
                shards.get(1).toString(), shards.get(2).toString(), "--no-progress").code());
        // fno: its initial weights come from the seed (the test model 'tiny' draws them unseeded)
        String[] train = {"train", "fno", "--epochs", "2", "--batch", "3", "--width", "4", "--modes", "4",
            "--layers", "1", "--task", "next", "--no-progress", "--out"};
        Path onShards = dir.resolve("on-shards");
        Path onMerged = dir.resolve("on-merged");
        CliTestSupport.Run a = CliTestSupport.run(with(train, onShards.toString(), "--data",
                dir.resolve("shards/b-*.nc").toString()));
        assertEquals(0, a.code(), a.err());
        CliTestSupport.Run b = CliTestSupport.run(with(train, onMerged.toString(), "--data", merged.toString()));
        assertEquals(0, b.code(), b.err());

        // the same data in the same order: the same training, to the last bit of the printed losses
        assertEquals(b.out().replace(onMerged.toString(), "M"), a.out().replace(onShards.toString(), "M"));

        String[] evaluate = {"evaluate", "--model", onMerged.toString(), "--json", "--no-progress", "--data"};
        CliTestSupport.Run e1 = CliTestSupport.run(with(evaluate, merged.toString()));
        CliTestSupport.Run e2 = CliTestSupport.run(with(evaluate, shards.get(0).toString(), shards.get(1).toString(),
                shards.get(2).toString()));
        assertEquals(0, e1.code(), e1.err());
        assertEquals(0, e2.code(), e2.err());
        Map<String, Object> j1 = Json.parseObject(e1.out());
        Map<String, Object> j2 = Json.parseObject(e2.out());
        j1.remove("seconds");
        j2.remove("seconds");
        assertTrue(j1.containsKey("pde_residual"), e1.out());
        assertEquals(j1, j2);
    }

    @Test
    void filesThatDoNotFormOneDatasetAreRefused() {
        TinyPointwise.register();
        Path fine = dir.resolve("fine.nc");
        assertEquals(0, CliTestSupport.run("generate", "burgers", "--samples", "3", "--nx", "64", "--snapshots", "5",
                "--t-final", "0.2", "--no-progress", "--out", fine.toString()).code());
        String[] train = {"train", "tiny", "--epochs", "1", "--width", "4", "--no-progress", "--out",
            dir.resolve("m").toString(), "--data"};
        CliTestSupport.Run r = CliTestSupport.run(with(train, whole.toString(), fine.toString()));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("grid differ") && r.err().contains("fine.nc"), r.err());
        // the whole run and one of its shards: the same samples twice
        r = CliTestSupport.run(with(train, whole.toString(), shards.get(1).toString()));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("hold the same samples"), r.err());
        r = CliTestSupport.run(with(train, shards.get(0).toString(), shards.get(0).toString()));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("named twice"), r.err());
    }
}
