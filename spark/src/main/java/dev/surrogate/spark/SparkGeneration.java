package dev.surrogate.spark;

import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.shard.DatasetMerger;
import dev.surrogate.datasets.shard.Shard;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataset generation as a Spark job: shard i of N is task i (a partition of its own), generated on an executor with
 * {@link DatasetGenerator} and published into a {@link ShardStore}; the driver then joins the shards with
 * {@link DatasetMerger} into the file a single run writes (or writes an NcML aggregation of them).
 *
 * <p>Idempotent tasks: a task first looks for its published shard; if there is one with exactly the attributes,
 * grid, times and sample indices this job would write (a retried task whose first attempt got as far as
 * publishing, or a rerun of a job that failed later), it keeps it, otherwise it generates the shard and publishes it
 * atomically. A shard left by a job of other settings is regenerated, never reused. Samples depend only on
 * (seed, index), so whichever attempt publishes, the shard is the same.
 *
 * <pre>{@code
 * try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("ns"))) {
 *     SparkGeneration.Report r = new SparkGeneration(spec, 64, ShardStore.of("/shared/ns-shards"))
 *             .run(sc, Path.of("/shared/ns.nc"), false);
 * }
 * }</pre>
 */
public final class SparkGeneration implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SparkGeneration.class);

    /**
     * What one task did.
     *
     * @param shard       the shard index
     * @param file        the shard's file name in the store
     * @param firstSample global index of its first sample
     * @param samples     its number of samples
     * @param reused      whether a published shard of the same settings was kept instead of generating it
     * @param seconds     the task's wall-clock time
     * @param host        the executor's host
     * @param attempt     Spark's attempt number of the task (0 for the first)
     */
    public record ShardResult(int shard, String file, long firstSample, int samples, boolean reused,
                              double seconds, String host, int attempt) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What the job did.
     *
     * @param shards         one result per shard, in shard order
     * @param generateSeconds wall-clock time of the distributed stage
     * @param mergeSeconds   wall-clock time of the merge (or of writing the NcML file) on the driver
     * @param out            the merged file (or NcML aggregation)
     */
    public record Report(List<ShardResult> shards, double generateSeconds, double mergeSeconds, Path out) {
    }

    private final GenerationSpec spec;
    private final int shards;
    private final ShardStore store;

    /**
     * @param spec   what to generate
     * @param shards number of shards (tasks), between 1 and the number of samples
     * @param store  where tasks publish shards
     * @throws IllegalArgumentException if the shard count does not fit the samples
     */
    public SparkGeneration(GenerationSpec spec, int shards, ShardStore store) {
        this.spec = Objects.requireNonNull(spec);
        this.store = Objects.requireNonNull(store);
        new Shard(0, shards).checkFits(spec.set().samples());
        this.shards = shards;
    }

    /**
     * @param shard a shard index
     * @return its file name, e.g. {@code ns-shard-00003-of-00064.nc} (zero-padded: name order is shard order)
     */
    public String fileName(int shard) {
        return String.format(Locale.ROOT, "%s-shard-%05d-of-%05d.nc", spec.name(), shard, shards);
    }

    /**
     * Generates every shard as a Spark task, then merges on the driver.
     *
     * @param sc   the Spark context
     * @param out  the merged file (or NcML file) on the driver's file system; replaced if it exists
     * @param ncml write an NcML aggregation of the shards (which must then stay readable at their location by
     *             whoever opens it: only with a shared store) instead of a merged copy
     * @return what was done
     * @throws IOException on a failure of the store or of the merge
     * @throws org.apache.spark.SparkException (unchecked) if a task failed more often than Spark retries it
     */
    public Report run(JavaSparkContext sc, Path out, boolean ncml) throws IOException {
        if (ncml && store.needsCopies()) {
            throw new IllegalArgumentException("an NcML aggregation reads the shards where they are; " + store
                    + " is not a local or shared directory");
        }
        store.createDirectory();
        long t0 = System.nanoTime();
        List<Integer> indices = IntStream.range(0, shards).boxed().toList();
        List<ShardResult> results = new ArrayList<>(sc.parallelize(indices, shards).map(this::runShard).collect());
        results.sort(Comparator.comparingInt(ShardResult::shard));
        double generate = (System.nanoTime() - t0) * 1e-9;
        long t1 = System.nanoTime();
        merge(out, ncml);
        double merge = (System.nanoTime() - t1) * 1e-9;
        LOG.info("generated {} shards in {} s, merged in {} s", shards, String.format(Locale.ROOT, "%.1f", generate),
                String.format(Locale.ROOT, "%.1f", merge));
        return new Report(List.copyOf(results), generate, merge, out);
    }

    /** Joins the published shards into {@code out} on this (the driver's) machine. */
    private void merge(Path out, boolean ncml) throws IOException {
        Path local = store.needsCopies() ? Files.createTempDirectory("surrogate-merge-") : null;
        try {
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                Path f = store.fetch(fileName(i), local);
                if (f == null) {
                    throw new IOException("shard " + fileName(i) + " is missing from " + store
                            + " although its task succeeded");
                }
                files.add(f);
            }
            DatasetMerger merger = new DatasetMerger(files);
            String history = spec.set().history();
            if (ncml) {
                merger.writeNcml(out, history);
            } else {
                merger.merge(out, history, ProgressListener.NONE);
            }
        } finally {
            if (local != null) {
                try (var s = Files.list(local)) {
                    s.forEach(dev.surrogate.datasets.io.AtomicFiles::deleteQuietly);
                }
                dev.surrogate.datasets.io.AtomicFiles.deleteQuietly(local);
            }
        }
    }

    /**
     * The task of one shard (runs on an executor): keep the published shard if it is this job's, else generate and
     * publish it.
     *
     * @param shard shard index
     * @return what was done
     */
    public ShardResult runShard(int shard) {
        long t0 = System.nanoTime();
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        String name = fileName(shard);
        DatasetGenerator gen = new DatasetGenerator(spec.problem(), spec.set(), new Shard(shard, shards));
        boolean reused;
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("surrogate-check-");
            Path existing = store.fetch(name, scratch);
            reused = existing != null && isThisShard(existing, gen);
            if (!reused) {
                Path staged = store.staging(name);
                gen.generate(staged, ProgressListener.NONE);
                store.publish(staged, name);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("shard " + shard + " (" + name + " in " + store + "): " + ex.getMessage(),
                    ex);
        } finally {
            if (scratch != null) {
                try (var s = Files.list(scratch)) {
                    s.forEach(dev.surrogate.datasets.io.AtomicFiles::deleteQuietly);
                } catch (IOException ignored) {
                    // scratch space of a finished task
                }
                dev.surrogate.datasets.io.AtomicFiles.deleteQuietly(scratch);
            }
        }
        return new ShardResult(shard, name, gen.settings().firstSample(), gen.settings().samples(), reused,
                (System.nanoTime() - t0) * 1e-9, host(), attempt);
    }

    /**
     * @return whether a published file is exactly the shard {@code gen} would write: complete and readable, with
     *         the same grid, times, fields, per-sample parameters and sample indices, and the same global
     *         attributes except the provenance ({@code history}, {@code source})
     */
    static boolean isThisShard(Path file, DatasetGenerator gen) {
        DatasetLayout want = gen.layout();
        try (DatasetReader r = DatasetReader.open(file)) {
            long first = gen.settings().firstSample();
            long[] idx = r.sampleIndices();
            if (idx.length != gen.settings().samples() || idx[0] != first || idx[idx.length - 1] != first
                    + idx.length - 1) {
                return false;
            }
            if (r.nx() != want.nx() || r.ny() != want.ny() || !Arrays.equals(r.times(), want.times())
                    || !r.fieldNames().equals(want.fields().stream().map(f -> f.name()).toList())
                    || !r.sampleParameterNames().equals(want.sampleParameters().stream().map(p -> p.name())
                    .toList())) {
                return false;
            }
            Map<String, Object> have = r.attributes();
            for (Map.Entry<String, Object> e : want.attributes().entrySet()) {
                String k = e.getKey();
                if (k.equals("history") || k.equals("source")) {
                    continue;
                }
                Object a = e.getValue();
                Object b = have.get(k);
                boolean same = a instanceof Number && b instanceof Number
                        ? Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()) == 0
                        : Objects.equals(a, b);
                if (!same) {
                    LOG.info("{}: attribute {} is {}, this job writes {}: generating it again", file, k, b, a);
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException ex) {
            LOG.info("{} is not a usable shard ({}): generating it again", file, ex.getMessage());
            return false;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException ex) {
            return "unknown";
        }
    }

    /** @return the number of shards */
    public int shards() {
        return shards;
    }
}
