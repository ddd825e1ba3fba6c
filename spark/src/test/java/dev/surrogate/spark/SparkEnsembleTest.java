package dev.surrogate.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.cli.SurrogateCli;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.uq.ensemble.EnsembleDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deep ensemble trained with one Spark task per member has bit for bit the members {@code train ensemble} trains
 * in one process; a rerun skips complete members and continues the others from their checkpoints.
 */
class SparkEnsembleTest {
    private static final List<String> MODEL = List.of("--members", "2", "--batch", "4", "--width", "4", "--modes",
            "4", "--layers", "1", "--task", "next", "--schedule", "constant", "--no-progress");

    @TempDir
    Path dir;

    private static int cli(List<String> args) {
        return SurrogateCli.run(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true));
    }

    private static String job(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EnsembleJob.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertSameWeights(ModelDirectory a, ModelDirectory b) {
        Map<String, INDArray> x = a.readWeights();
        Map<String, INDArray> y = b.readWeights();
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) {
            assertTrue(Arrays.equals(x.get(k).dup().data().asFloat(), y.get(k).dup().data().asFloat()),
                    k + " differs in " + b.path());
        }
    }

    @Test
    void membersAsTasksEqualTheSingleProcessEnsemble() {
        Path data = dir.resolve("b.nc");
        assertEquals(0, cli(List.of("generate", "burgers", "--samples", "10", "--nx", "32", "--snapshots", "5",
                "--t-final", "0.2", "--seed", "2", "--no-progress", "--out", data.toString())));
        Path reference = dir.resolve("reference");
        List<String> ref = new ArrayList<>(List.of("train", "ensemble", "--data", data.toString(), "--out",
                reference.toString(), "--epochs", "2", "--parallel", "1"));
        ref.addAll(MODEL);
        assertEquals(0, cli(ref));

        Path spark = dir.resolve("spark");
        List<String> args = new ArrayList<>(List.of("--master", "local[2]", "--data", data.toString(), "--out",
                spark.toString(), "--epochs", "1"));
        args.addAll(MODEL);
        String first = job(args);
        assertTrue(first.contains("ensemble of 2 members trained"), first);
        // a second run with more epochs continues both members from their checkpoints
        List<String> more = new ArrayList<>(List.of("--master", "local[2]", "--data", data.toString(), "--out",
                spark.toString(), "--epochs", "2"));
        String second = job(more);
        assertTrue(second.contains("member 1: ") && second.contains("2 epochs"), second);
        EnsembleDirectory a = new EnsembleDirectory(reference);
        EnsembleDirectory b = new EnsembleDirectory(spark);
        assertEquals(2, b.epochsDone(0));
        assertEquals(2, b.epochsDone(1));
        // one epoch, then resumed to two, is the straight two-epoch run (exact resume)
        assertSameWeights(a.member(0), b.member(0));
        assertSameWeights(a.member(1), b.member(1));
        String third = job(more);
        assertTrue(third.contains("already trained"), third);
    }
}
