package dev.surrogate.spark;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.ConcatenatedFieldSource;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.uq.ensemble.EnsembleDirectory;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains the members of a deep ensemble as Spark tasks, one member per task, in an ensemble directory on a file
 * system every executor reaches (NFS, Lustre, ...): the directory made by {@code surrogate train ensemble
 * --create-only} (or {@code EnsembleTrainer.create}), which holds every member's configuration, seed, trajectories
 * and normaliser before anything trains. Each task trains its member with the ordinary {@link Trainer} into the
 * member's model directory and reports its history; the driver collects the members' directories, the ensemble
 * directory then being what {@code train ensemble} would have written (evaluate and predict load it as usual).
 *
 * <p>Idempotent tasks: a trainer writes an atomic checkpoint after every epoch, so a task that Spark retries
 * continues its member from the last completed epoch, exactly (the trainer's resume is bit for bit the
 * uninterrupted run), and a member that has all its epochs is skipped. Members depend only on their own seed and
 * data, not on the executor or on how many run at once. Speculative execution ({@code spark.speculation}, off by
 * default) must stay off: two attempts of one member would write the same directory at once.
 */
public final class SparkEnsemble implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * What one task did.
     *
     * @param member        the member index
     * @param directory     its model directory
     * @param epochs        epochs it has trained in all
     * @param trainLoss     its last training loss
     * @param validationLoss its last validation loss (NaN without validation data)
     * @param skipped       whether it had all its epochs already
     * @param seconds       the task's wall-clock time
     * @param host          the executor's host
     * @param attempt       Spark's attempt number of the task
     */
    public record MemberResult(int member, String directory, int epochs, double trainLoss, double validationLoss,
                               boolean skipped, double seconds, String host, int attempt) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Observes the training of each member on its executor (e.g. to log epochs to the executor's log); made anew
     * in every task, so it travels to the executors and must be serialisable.
     */
    @FunctionalInterface
    public interface MemberListener extends Serializable {
        /**
         * @param member  the member about to train
         * @param attempt Spark's attempt number of its task (0 for the first)
         * @return the listener of this member's trainer
         */
        TrainingListener forMember(int member, int attempt);
    }

    /** Logs every finished epoch of a member at INFO (to the executor's log). */
    public static final MemberListener LOG_EPOCHS = (member, attempt) -> new TrainingListener() {
        @Override
        public void epochDone(EpochRecord r) {
            org.slf4j.LoggerFactory.getLogger(SparkEnsemble.class).info("member {} (attempt {}): epoch {}, train "
                    + "loss {}, validation loss {}", member, attempt, r.epoch(), r.trainLoss(), r.validationLoss());
        }
    };

    private final String directory;
    private final Integer epochs;
    private final int threads;
    private final MemberListener listener;

    /**
     * @param directory the ensemble directory (created, shared by all executors)
     * @param epochs    total epochs per member, or {@code null} for the number saved in the directory
     * @param threads   ND4J threads per task (Spark's {@code spark.task.cpus} should match)
     */
    public SparkEnsemble(Path directory, Integer epochs, int threads) {
        this(directory, epochs, threads, LOG_EPOCHS);
    }

    /**
     * @param directory the ensemble directory (created, shared by all executors)
     * @param epochs    total epochs per member, or {@code null} for the number saved in the directory
     * @param threads   ND4J threads per task (Spark's {@code spark.task.cpus} should match)
     * @param listener  observes each member's training on its executor
     */
    public SparkEnsemble(Path directory, Integer epochs, int threads, MemberListener listener) {
        this.listener = java.util.Objects.requireNonNull(listener);
        this.directory = directory.toAbsolutePath().normalize().toString();
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.epochs = epochs;
        this.threads = threads;
    }

    /**
     * Trains every member as a task and collects the results.
     *
     * @param sc the Spark context
     * @return one result per member, in member order
     * @throws IllegalArgumentException if the directory holds no created ensemble
     */
    public List<MemberResult> run(JavaSparkContext sc) {
        EnsembleDirectory dir = new EnsembleDirectory(Path.of(directory));
        if (!EnsembleDirectory.isEnsemble(dir.path())) {
            throw new IllegalArgumentException(directory + " holds no ensemble (no " + EnsembleDirectory.CONFIG
                    + "); create it with 'surrogate train ensemble ... --create-only'");
        }
        EnsembleDirectory.Config c = dir.readConfig();
        if (epochs != null && epochs != c.epochs()) {
            // as EnsembleTrainer does: a new total re-plans every member's schedule
            dir.writeConfig(c.withEpochs(epochs));
        }
        int members = c.settings().members();
        List<Integer> indices = IntStream.range(0, members).boxed().toList();
        List<MemberResult> results = new ArrayList<>(sc.parallelize(indices, members).map(this::trainMember)
                .collect());
        results.sort(Comparator.comparingInt(MemberResult::member));
        return List.copyOf(results);
    }

    /**
     * The task of one member (runs on an executor): resume or start it, or skip it when it is complete.
     *
     * @param member member index
     * @return what was done
     */
    public MemberResult trainMember(int member) {
        long t0 = System.nanoTime();
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        Nd4jRuntime.init(threads);
        EnsembleDirectory dir = new EnsembleDirectory(Path.of(directory));
        EnsembleDirectory.Config c = dir.readConfig();
        ModelDirectory md = dir.member(member);
        int target = c.epochs();
        int done = dir.epochsDone(member);
        if (done > target) {
            throw new IllegalArgumentException("member " + member + " in " + md.path() + " has trained " + done
                    + " epochs; the ensemble asks for " + target);
        }
        List<EpochRecord> history;
        boolean skipped = done == target;
        if (skipped) {
            history = md.readCheckpoint().history();
        } else {
            ModelConfig mc = md.readConfig();
            try (FieldSource raw = open(files(c.data().get("files"), c.data().get("file")), mc.fields());
                    FieldSource rawVal = c.data().get("validation_file") == null ? null
                            : NetcdfFieldSource.open(Path.of(c.data().get("validation_file").toString()),
                            mc.fields())) {
                FieldSource src = FieldSources.cacheIfSmall(raw);
                TaskDataset train = new TaskDataset(src, mc.task(), c.settings().bootstrapSample(c.samples(),
                        member));
                TaskDataset val = null;
                if (rawVal != null) {
                    FieldSource v = FieldSources.cacheIfSmall(rawVal);
                    val = new TaskDataset(v, mc.task(), IntStream.range(0, v.sampleCount()).toArray());
                } else if (c.validation().length > 0) {
                    val = new TaskDataset(src, mc.task(), c.validation());
                }
                if (!Arrays.equals(mc.trainedShape(), src.spatialShape())) {
                    throw new IllegalArgumentException("the data's grid " + Arrays.toString(src.spatialShape())
                            + " differs from member " + member + "'s " + Arrays.toString(mc.trainedShape()));
                }
                Trainer trainer = Trainer.fromDirectory(md, target);
                TrainingListener observer = listener.forMember(member, attempt);
                history = md.hasCheckpoint() ? trainer.resume(train, val, md, observer)
                        : trainer.train(train, val, md, observer);
            } catch (IOException ex) {
                throw new UncheckedIOException("member " + member + ": " + ex.getMessage(), ex);
            }
        }
        EpochRecord last = history.get(history.size() - 1);
        return new MemberResult(member, md.path().toString(), last.epoch(), last.trainLoss(),
                last.validationLoss(), skipped, (System.nanoTime() - t0) * 1e-9, host(), attempt);
    }

    /** @return the training files from the data notes: {@code files} (several) or {@code file} (one) */
    static List<Path> files(Object list, Object one) {
        List<Path> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                out.add(Path.of(o.toString()));
            }
        } else if (one != null) {
            out.add(Path.of(one.toString()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the ensemble's config names no training data (data.file)");
        }
        return out;
    }

    /** Opens the training files as one source, as {@code train} does. */
    private static FieldSource open(List<Path> files, List<String> fields) throws IOException {
        List<NetcdfFieldSource> parts = new ArrayList<>();
        try {
            for (Path f : files) {
                parts.add(NetcdfFieldSource.open(f, fields));
            }
        } catch (IOException | RuntimeException ex) {
            parts.forEach(NetcdfFieldSource::close);
            throw ex;
        }
        return parts.size() == 1 ? parts.get(0)
                : ConcatenatedFieldSource.of(parts, files.stream().map(Path::toString).toList());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException ex) {
            return "unknown";
        }
    }

    /** @return the ensemble directory */
    public String directory() {
        return directory;
    }
}
