package dev.surrogate.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.cli.SurrogateCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code spark-submit} entry point takes the options of {@code surrogate generate} and writes its file. */
class GenerateJobTest {
    private static final List<String> GENERATE = List.of("burgers", "--samples", "5", "--nx", "32", "--snapshots",
            "3", "--t-final", "0.05", "--seed", "3");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run job(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GenerateJob.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesWhatTheCommandLineWrites() throws Exception {
        Path single = dir.resolve("single.nc");
        List<String> cli = new ArrayList<>(List.of("generate"));
        cli.addAll(GENERATE);
        cli.addAll(List.of("--no-progress", "--out", single.toString()));
        int code = SurrogateCli.run(cli.toArray(String[]::new), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        assertEquals(0, code);

        Path out = dir.resolve("b.nc");
        List<String> args = new ArrayList<>(List.of("--shards", "2", "--master", "local[2]"));
        args.addAll(GENERATE);
        args.addAll(List.of("--out", out.toString()));
        Run r = job(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(out + " merge of 2 shards (5 samples; 0 kept from an earlier run, 0 retried)"),
                r.out());
        SparkGenerationTest.assertSameFile(single, out);
        assertTrue(Files.isRegularFile(dir.resolve("b-shards/b-shard-00001-of-00002.nc")));
    }

    @Test
    void badArgumentsExitWithStatusTwo() {
        Run r = job(List.of("burgers", "--samples", "5", "--out", dir.resolve("x.nc").toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--shards N"), r.err());
        r = job(List.of("--shards", "8", "burgers", "--samples", "5", "--out", dir.resolve("x.nc").toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("5 samples into 8 shards"), r.err());
        r = job(List.of("--shards", "2", "burgers", "--samples", "5", "--shard", "0/2", "--out",
                dir.resolve("x.nc").toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--shard is for one task"), r.err());
        r = job(List.of("--shards", "2", "heat", "--samples", "5", "--out", dir.resolve("x.nc").toString()));
        assertEquals(2, r.code());
    }
}
