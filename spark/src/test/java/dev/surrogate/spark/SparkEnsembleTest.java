package dev.surrogate.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.cli.SurrogateCli;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.TrainingListener;
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
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deep ensemble trained with one Spark task per member has bit for bit the members {@code train ensemble} trains
 * in one process: when continued from checkpoints by a rerun, and when a task dies after an epoch and Spark retries
 * it; a rerun skips complete members.
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
    void membersAsTasksEqualTheSingleProcessEnsembleAlsoWhenATaskDies() {
        Path data = dir.resolve("b.nc");
        assertEquals(0, cli(List.of("generate", "burgers", "--samples", "10", "--nx", "32", "--snapshots", "5",
                "--t-final", "0.2", "--seed", "2", "--no-progress", "--out", data.toString())));
        List<String> ensemble = new ArrayList<>(List.of("--data", data.toString()));
        ensemble.addAll(MODEL);
        Path reference = dir.resolve("reference");
        List<String> ref = new ArrayList<>(List.of("train", "ensemble", "--out", reference.toString(), "--epochs",
                "2", "--parallel", "1"));
        ref.addAll(ensemble);
        assertEquals(0, cli(ref));
        EnsembleDirectory a = new EnsembleDirectory(reference);

        // the job: created on the driver, one epoch, then continued to two from the checkpoints
        Path spark = dir.resolve("spark");
        List<String> args = new ArrayList<>(List.of("--master", "local[2]", "--out", spark.toString(), "--epochs",
                "1"));
        args.addAll(ensemble);
        String first = job(args);
        assertTrue(first.contains("ensemble of 2 members trained"), first);
        String second = job(List.of("--master", "local[2]", "--data", data.toString(), "--out", spark.toString(),
                "--epochs", "2"));
        assertTrue(second.contains("member 1: ") && second.contains("2 epochs"), second);
        EnsembleDirectory b = new EnsembleDirectory(spark);
        assertEquals(2, b.epochsDone(0));
        assertEquals(2, b.epochsDone(1));
        // one epoch, then resumed to two, is the straight two-epoch run (exact resume)
        assertSameWeights(a.member(0), b.member(0));
        assertSameWeights(a.member(1), b.member(1));
        String third = job(List.of("--master", "local[2]", "--data", data.toString(), "--out", spark.toString()));
        assertTrue(third.contains("already trained"), third);

        // a task that dies: member 1's first attempt fails once its first epoch is checkpointed, as a killed
        // executor would; Spark retries it (local[2,3]: up to 3 attempts) and it continues from the checkpoint
        Path killed = dir.resolve("killed");
        List<String> made = new ArrayList<>(List.of("train", "ensemble", "--out", killed.toString(), "--epochs", "2",
                "--create-only"));
        made.addAll(ensemble);
        assertEquals(0, cli(made));
        SparkConf conf = new SparkConf().setMaster("local[2,3]").setAppName("SparkEnsembleTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        List<SparkEnsemble.MemberResult> results;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("ERROR");
            results = new SparkEnsemble(killed, null, 1, new DieAfterEpoch(1, 1)).run(sc);
        }
        assertEquals(1, results.get(1).attempt(), "member 1 finished on its second attempt");
        assertEquals(0, results.get(0).attempt());
        assertEquals(2, results.get(1).epochs());
        EnsembleDirectory c = new EnsembleDirectory(killed);
        assertSameWeights(a.member(0), c.member(0));
        assertSameWeights(a.member(1), c.member(1));
    }

    /** A member listener whose member's first attempt throws after the given epoch. */
    private record DieAfterEpoch(int member, int epoch) implements SparkEnsemble.MemberListener {
        @Override
        public TrainingListener forMember(int m, int attempt) {
            return new TrainingListener() {
                @Override
                public void epochDone(EpochRecord r) {
                    if (m == member && attempt == 0 && r.epoch() == epoch) {
                        throw new IllegalStateException("injected failure after epoch " + epoch);
                    }
                }
            };
        }
    }
}
