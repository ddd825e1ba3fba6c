package dev.surrogate.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;

/**
 * {@code spark-submit} entry point of distributed generation:
 *
 * <pre>
 * spark-submit --class dev.surrogate.spark.GenerateJob --master spark://HOST:7077 surrogate-spark-job.jar \
 *     --shards 64 [--shard-dir DIR] [--ncml] EQUATION --samples N --out OUT.nc [generate options...]
 * </pre>
 *
 * The arguments after the job's own options are those of {@code surrogate generate EQUATION} (without
 * {@code --shard}). Shard i of {@code --shards} is task i; shards go to {@code --shard-dir} (default: the
 * directory {@code OUT-shards} beside {@code OUT}; a {@code hdfs://} or other Hadoop URI works too) and stay there,
 * so a rerun of a job that failed keeps the shards it already has. The driver then writes {@code OUT}, the merged
 * file (or with {@code --ncml}, an NcML aggregation of the shards). Without {@code spark-submit}, {@code --master}
 * sets the master (default {@code local[*]}).
 *
 * <p>stdout: one line with the merged file, the shard count, how many were kept from an earlier run, and the
 * times. Exit status 0 on success, 2 for bad arguments, 1 for a failed job.
 */
public final class GenerateJob {
    private GenerateJob() {
    }

    /** The job's own options, parsed off the front of the arguments. */
    static final class Options {
        int shards;
        String shardDir;
        boolean ncml;
        String master;
        final List<String> generate = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            int i = 0;
            for (; i < args.length && args[i].startsWith("--"); i++) {
                String a = args[i];
                switch (a) {
                    case "--shards" -> o.shards = Integer.parseInt(value(args, ++i, a));
                    case "--shard-dir" -> o.shardDir = value(args, ++i, a);
                    case "--master" -> o.master = value(args, ++i, a);
                    case "--ncml" -> o.ncml = true;
                    default -> throw new IllegalArgumentException("unknown job option " + a + " (job options: "
                            + "--shards N, --shard-dir DIR, --ncml, --master URL; then EQUATION and its generate "
                            + "options)");
                }
            }
            for (; i < args.length; i++) {
                o.generate.add(args[i]);
            }
            if (o.shards < 1) {
                throw new IllegalArgumentException("--shards N (>= 1) is required");
            }
            if (o.generate.isEmpty()) {
                throw new IllegalArgumentException("missing EQUATION and its generate options");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /**
     * @param args job options, then {@code EQUATION} and its generate options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the job (creating and stopping a Spark context).
     *
     * @param args the arguments of {@link #main}
     * @param out  the result line
     * @param err  error messages
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        CommandLineSpec spec;
        SparkGeneration job;
        try {
            o = Options.parse(args);
            spec = new CommandLineSpec(o.generate);
            String dir = o.shardDir != null ? o.shardDir
                    : spec.out().toAbsolutePath().resolveSibling(spec.name() + "-shards").toString();
            job = new SparkGeneration(spec, o.shards, ShardStore.of(dir));
        } catch (IllegalArgumentException | CommandLine.ParameterException ex) {
            err.println("surrogate spark generate: " + ex.getMessage());
            return 2;
        }
        SparkConf conf = new SparkConf().setAppName("surrogate generate " + o.generate.get(0) + " ("
                + o.shards + " shards)");
        conf.setIfMissing("spark.master", o.master != null ? o.master : "local[*]");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            Path target = spec.out();
            SparkGeneration.Report r = job.run(sc, target, o.ncml);
            long kept = r.shards().stream().filter(SparkGeneration.ShardResult::reused).count();
            long retried = r.shards().stream().filter(s -> s.attempt() > 0).count();
            int samples = r.shards().stream().mapToInt(SparkGeneration.ShardResult::samples).sum();
            out.printf(Locale.ROOT, "%s %s of %d shards (%d samples; %d kept from an earlier run, %d retried): "
                    + "generated in %.1f s, %s in %.1f s%n", target, o.ncml ? "NcML aggregation" : "merge",
                    r.shards().size(), samples, kept, retried, r.generateSeconds(), o.ncml ? "aggregated" : "merged",
                    r.mergeSeconds());
            out.flush();
            return 0;
        } catch (Exception ex) {
            err.println("surrogate spark generate: " + String.valueOf(ex.getMessage()).replaceAll("\\s*\\R\\s*", "; "));
            return ex instanceof IllegalArgumentException ? 2 : 1;
        }
    }
}
