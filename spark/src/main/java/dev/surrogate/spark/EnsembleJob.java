package dev.surrogate.spark;

import dev.surrogate.cli.SurrogateCli;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code spark-submit} entry point that trains a deep ensemble with one Spark task per member:
 *
 * <pre>
 * spark-submit --class dev.surrogate.spark.EnsembleJob --master spark://HOST:7077 surrogate-spark-job.jar \
 *     [--threads T] --data TRAIN.nc --out ENSEMBLE_DIR --members 8 [train ensemble options...]
 * </pre>
 *
 * The options are those of {@code surrogate train ensemble}; {@code --out} must be on a file system that every
 * executor reaches, and so must the data. If {@code --out} holds no ensemble yet, the driver creates it there first
 * ({@code train ensemble --create-only}: configurations, seeds, splits and normalisers); then every member trains as
 * a task, and a rerun (or a retried task) continues each member from its last checkpoint. {@code --threads} sets
 * ND4J's threads per task (default 1; set {@code spark.task.cpus} to match). Without {@code spark-submit},
 * {@code --master} sets the master (default {@code local[*]}).
 *
 * <p>stdout: one line per member and a summary. Exit status 0, 2 for bad arguments, 1 for a failed job.
 */
public final class EnsembleJob {
    private EnsembleJob() {
    }

    /** @param args job options, then {@code train ensemble} options */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args the arguments of {@link #main}
     * @param out  results
     * @param err  messages
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> train = new ArrayList<>();
        String master = null;
        int threads = 1;
        Path dir = null;
        Integer epochs = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--master" -> master = args[++i];
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    default -> {
                        if (args[i].equals("--out") && i + 1 < args.length) {
                            dir = Path.of(args[i + 1]);
                        }
                        if (args[i].equals("--epochs") && i + 1 < args.length) {
                            epochs = Integer.valueOf(args[i + 1]);
                        }
                        if (args[i].equals("--resume") || args[i].equals("--create-only")) {
                            throw new IllegalArgumentException(args[i] + " is implied: the job creates the ensemble "
                                    + "when --out holds none and continues it otherwise");
                        }
                        train.add(args[i]);
                    }
                }
            }
        } catch (RuntimeException ex) {
            err.println("surrogate spark ensemble: bad arguments: " + ex.getMessage());
            return 2;
        }
        if (dir == null) {
            err.println("surrogate spark ensemble: --out ENSEMBLE_DIR is required");
            return 2;
        }
        if (!dev.surrogate.uq.ensemble.EnsembleDirectory.isEnsemble(dir)) {
            List<String> create = new ArrayList<>(List.of("train", "ensemble"));
            create.addAll(train);
            create.add("--create-only");
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int code = SurrogateCli.run(create.toArray(String[]::new), new PrintWriter(o, true),
                    new PrintWriter(e, true));
            err.print(e);
            if (code != 0) {
                return code;
            }
            // the planned epochs are in the directory now
            epochs = null;
        }
        SparkConf conf = new SparkConf().setAppName("surrogate train ensemble " + dir.getFileName());
        conf.setIfMissing("spark.master", master != null ? master : "local[*]");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            long t0 = System.nanoTime();
            List<SparkEnsemble.MemberResult> r = new SparkEnsemble(dir, epochs, threads).run(sc);
            for (SparkEnsemble.MemberResult m : r) {
                out.printf(Locale.ROOT, "member %d: %s, %d epochs, train loss %.4e, validation loss %s%s "
                        + "(%.1f s on %s, attempt %d)%n", m.member(), m.directory(), m.epochs(), m.trainLoss(),
                        Double.isNaN(m.validationLoss()) ? "-" : String.format(Locale.ROOT, "%.4e",
                                m.validationLoss()), m.skipped() ? ", already trained" : "", m.seconds(), m.host(),
                        m.attempt());
            }
            out.printf(Locale.ROOT, "%s: ensemble of %d members trained in %.1f s%n", dir, r.size(),
                    (System.nanoTime() - t0) * 1e-9);
            out.flush();
            return 0;
        } catch (Exception ex) {
            err.println("surrogate spark ensemble: " + String.valueOf(ex.getMessage()).replaceAll("\\s*\\R\\s*",
                    "; "));
            return ex instanceof IllegalArgumentException ? 2 : 1;
        }
    }
}
