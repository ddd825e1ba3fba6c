package dev.surrogate.uq.ensemble;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.ModelRegistry;
import dev.surrogate.operators.training.SupervisedObjective;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.operators.training.TrainingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trains the members of a deep ensemble (Lakshminarayanan, Pritzel and Blundell 2017): {@code M} operators with
 * heteroscedastic heads, each trained with the Gaussian negative log-likelihood by the ordinary {@link Trainer}
 * into its own model directory, differing by seed (and optionally by a bootstrap resample of the trajectories,
 * see {@link EnsembleSettings}).
 *
 * <p><b>Parallelism.</b> Up to {@code parallel} members train at once, each on its own thread with its own graph.
 * ND4J's thread count ({@link Nd4jRuntime#threads()}) is process-wide, so the machine runs
 * {@code parallel * threads} compute threads; {@link #defaultParallelism} fills the cores with them. Results do not
 * depend on the parallelism: every member seeds ND4J's generator of its own thread (it is thread-local) from its
 * own seed.
 *
 * <p><b>Resume.</b> {@link #create} writes every member's {@code config.json} (model, normaliser fitted on the
 * member's own trajectories, objective, settings) before anything trains, so {@link #train} can take up a killed
 * run member by member: members with all their epochs are skipped, an interrupted one continues exactly from its
 * last checkpoint, the others start.
 */
public final class EnsembleTrainer {
    /** The loss every member minimises. */
    public static final String LOSS = "gaussian_nll";

    private final int parallel;

    /** Builds one member's untrained operator. */
    @FunctionalInterface
    public interface MemberModels {
        /**
         * @param seed the member's seed (for the model's own initialisation)
         * @return an untrained operator with a heteroscedastic head
         */
        NeuralOperator build(long seed);
    }

    /**
     * Outcome of {@link #train}.
     *
     * @param histories   full history of every member
     * @param trained     members trained (fully or partly) in this call
     * @param skipped     members that were already complete
     * @param wallSeconds wall-clock seconds of this call
     */
    public record Result(List<List<EpochRecord>> histories, int trained, int skipped, double wallSeconds) {
    }

    /** @param parallel members trained at once, {@code >= 1} */
    public EnsembleTrainer(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel members must be >= 1, got " + parallel);
        }
        this.parallel = parallel;
    }

    /**
     * Members trained at once so that {@code parallel * ND4J threads} fills the machine's cores.
     *
     * @param members ensemble size
     * @return {@code max(1, min(members, cores / ND4J threads))}
     */
    public static int defaultParallelism(int members) {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(members, cores / Math.max(1, Nd4jRuntime.threads())));
    }

    /**
     * Creates an ensemble directory: every member's model directory with its {@code config.json}, then
     * {@value EnsembleDirectory#CONFIG} (written last, so a directory without it is an incomplete creation and may be
     * created again).
     *
     * @param dir        the ensemble directory (created if needed)
     * @param settings   members, bootstrap and seed
     * @param models     builds each member's operator (it must have a heteroscedastic head)
     * @param source     the training data
     * @param task       what the members predict
     * @param samples    training trajectories (positions in {@code source}), before any bootstrap
     * @param validation validation trajectories in {@code source} recorded in the config (may be empty)
     * @param training   optimiser settings; the seed is replaced by each member's
     * @param data       notes about the data, saved in every member's config and in the ensemble's
     * @return the directory
     * @throws IllegalArgumentException if {@code dir} already holds an ensemble, a model has no heteroscedastic head
     *                                  or the data do not fit
     */
    public static EnsembleDirectory create(Path dir, EnsembleSettings settings, MemberModels models,
            FieldSource source, Task task, int[] samples, int[] validation, TrainingSettings training,
            Map<String, Object> data) {
        if (EnsembleDirectory.isEnsemble(dir)) {
            throw new IllegalArgumentException(dir + " already holds an ensemble; resume it or choose another "
                    + "directory");
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException("no training trajectories for the ensemble");
        }
        EnsembleDirectory ens = new EnsembleDirectory(dir);
        ens.create();
        double[] lengths = source.domainLengths();
        for (int j = 0; j < settings.members(); j++) {
            long seed = settings.memberSeed(j);
            NeuralOperator model = models.build(seed);
            if (!model.heteroscedastic()) {
                throw new IllegalArgumentException("ensemble members need a heteroscedastic (mean and variance) head; "
                        + "the " + ModelRegistry.typeOf(model) + " model has none");
            }
            int[] own = settings.bootstrapSample(samples, j);
            TaskDataset train = new TaskDataset(source, task, own);
            SupervisedObjective objective = new SupervisedObjective(Loss.byName(LOSS, lengths));
            objective.check(model);
            if (model.inChannels() != train.inputChannels() || model.outChannels() != train.outputChannels()) {
                throw new IllegalArgumentException("member model has " + model.inChannels() + " input / "
                        + model.outChannels() + " output channels, the task " + train.inputChannels() + " / "
                        + train.outputChannels());
            }
            Map<String, Object> notes = new LinkedHashMap<>(data);
            notes.put("ensemble_member", j);
            notes.put("ensemble_members", settings.members());
            notes.put("bootstrap", settings.bootstrap());
            notes.put("train_samples", own.length);
            TrainingSettings s = new TrainingSettings(training.epochs(), training.batchSize(),
                    training.learningRate(), training.weightDecay(), training.schedule(), seed,
                    training.combination());
            ModelConfig config = new ModelConfig(ModelRegistry.typeOf(model), model.config(), task,
                    source.fieldNames(), source.spatialShape(), lengths, Normalizer.fit(train), objective.type(),
                    objective.config(), s, notes);
            ModelDirectory md = ens.member(j);
            md.create();
            md.writeConfig(config);
        }
        ens.writeConfig(new EnsembleDirectory.Config(settings, training.epochs(), samples, validation, data, 0));
        return ens;
    }

    /**
     * Trains every member that has not trained all its epochs, up to {@code parallel} at once.
     *
     * @param dir        an ensemble directory made by {@link #create}
     * @param source     the same training data as at creation
     * @param validation validation pairs, or {@code null}
     * @param epochs     total epochs per member, or {@code null} for the saved number (a larger number continues
     *                   finished members, re-planning their learning-rate schedule)
     * @param listener   progress observer (thread-safe when {@code parallel > 1})
     * @return the members' histories and counts
     * @throws IllegalArgumentException if the directory is not a complete creation, or the data do not fit it
     */
    public Result train(EnsembleDirectory dir, FieldSource source, TaskDataset validation, Integer epochs,
            EnsembleListener listener) {
        long t0 = System.nanoTime();
        EnsembleDirectory.Config config = dir.readConfig();
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        int target = epochs == null ? config.epochs() : epochs;
        if (target != config.epochs()) {
            config = config.withEpochs(target);
            dir.writeConfig(config);
        }
        int members = config.settings().members();
        int threads = Math.min(parallel, members);
        FieldSource shared = threads > 1 ? threadSafe(source) : source;
        TaskDataset val = validation == null || threads == 1 ? validation
                : new TaskDataset(threadSafe(validation.source()), validation.task(), validation.samples());
        List<List<EpochRecord>> histories = new ArrayList<>();
        for (int j = 0; j < members; j++) {
            histories.add(List.of());
        }
        int[] counts = new int[2];
        double wallBase = config.wallSeconds();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        EnsembleDirectory.Config c = config;
        List<Runnable> work = new ArrayList<>();
        for (int j = 0; j < members; j++) {
            int member = j;
            work.add(() -> {
                try {
                    List<EpochRecord> h = trainMember(dir, c, member, target, shared, val, listener, failure,
                            counts, threads > 1);
                    synchronized (histories) {
                        histories.set(member, h);
                        dir.writeConfig(dir.readConfig().withWallSeconds(wallBase + (System.nanoTime() - t0)
                                * 1e-9));
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                    throw e;
                }
            });
        }
        if (threads == 1) {
            for (Runnable r : work) {
                r.run();
            }
        } else {
            runInParallel(work, threads, failure);
        }
        return new Result(histories, counts[0], counts[1], (System.nanoTime() - t0) * 1e-9);
    }

    private static void runInParallel(List<Runnable> work, int threads, AtomicReference<Throwable> failure) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ensemble-member");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable r : work) {
                futures.add(pool.submit(r));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // the first failure is rethrown below; later ones are usually the cancellations it caused
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, new CancellationException("interrupted while training members"));
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private static List<EpochRecord> trainMember(EnsembleDirectory dir, EnsembleDirectory.Config config, int member,
            int target, FieldSource source, TaskDataset validation, EnsembleListener listener,
            AtomicReference<Throwable> failure, int[] counts, boolean sideBySide) {
        if (failure.get() != null) {
            throw new CancellationException("member " + member + " not started: another member failed");
        }
        ModelDirectory md = dir.member(member);
        if (!md.hasConfig()) {
            throw new IllegalArgumentException(md.path() + " has no " + ModelDirectory.CONFIG + ": the ensemble in "
                    + dir.path() + " is incomplete");
        }
        int done = dir.epochsDone(member);
        if (done > target) {
            throw new IllegalArgumentException("member " + member + " in " + md.path() + " has already trained "
                    + done + " epochs; asked for " + target + " in all");
        }
        if (done == target) {
            synchronized (counts) {
                counts[1]++;
            }
            listener.memberSkipped(member, done);
            return md.readCheckpoint().history();
        }
        ModelConfig mc = md.readConfig();
        TaskDataset train = new TaskDataset(source, mc.task(), config.settings().bootstrapSample(config.samples(),
                member));
        if (!Arrays.equals(mc.trainedShape(), source.spatialShape()) || !mc.fields().equals(source.fieldNames())) {
            throw new IllegalArgumentException("data do not match member " + member + " in " + md.path()
                    + ": saved grid " + Arrays.toString(mc.trainedShape()) + ", fields " + mc.fields() + "; given "
                    + Arrays.toString(source.spatialShape()) + ", " + source.fieldNames());
        }
        TrainingListener inner = listener.memberStarted(member, config.settings().members(), done, target);
        TrainingListener cancellable = new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int epochs, int batches) {
                stopIfFailed();
                inner.epochStarted(epoch, epochs, batches);
            }

            @Override
            public void batchDone(int epoch, int batch, double loss) {
                stopIfFailed();
                inner.batchDone(epoch, batch, loss);
            }

            @Override
            public void epochDone(EpochRecord record) {
                inner.epochDone(record);
            }

            private void stopIfFailed() {
                Throwable t = failure.get();
                if (t != null) {
                    throw new CancellationException("member " + member + " stopped: another member failed ("
                            + t.getMessage() + ")");
                }
            }
        };
        // members side by side already fill the cores: each then trains on one graph (no data-parallel replicas,
        // which would also change ND4J's process-wide thread count under another member's feet)
        Trainer trainer = Trainer.fromDirectory(md, target).withReplicas(sideBySide ? 1 : 0);
        List<EpochRecord> history = md.hasCheckpoint() ? trainer.resume(train, validation, md, cancellable)
                : trainer.train(train, validation, md, cancellable);
        synchronized (counts) {
            counts[0]++;
        }
        listener.memberDone(member, history);
        return history;
    }

    private static FieldSource threadSafe(FieldSource source) {
        return source instanceof InMemoryFieldSource ? source : new SynchronizedFieldSource(source);
    }
}
