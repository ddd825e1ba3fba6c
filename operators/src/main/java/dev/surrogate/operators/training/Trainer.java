package dev.surrogate.operators.training;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.BatchIterator;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Seeds;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.layers.ChannelDropout;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.NeuralOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop every {@link Objective} runs through (SameDiff, one {@link TrainingRun} per run): Adam with
 * decoupled weight decay, a per-epoch learning-rate schedule, optional validation after every epoch, and an atomic
 * checkpoint (weights, Adam moments, step and epoch counters, history) after every epoch. The objective's loss
 * terms combine as the settings' {@link LossCombination} says: fixed weights in one backward pass, or a
 * {@link LossCombination.GradientRule} fed with one gradient per term (same batch, same dropout masks) whose result
 * goes through Adam like a plain gradient.
 *
 * <p><b>Determinism and resume.</b> Initial weights come from ND4J's generator seeded with the run's seed; the
 * example order of epoch {@code e} and ND4J's generator during that epoch (dropout) are re-seeded from
 * {@code (seed, e)}, and objectives derive their own draws from {@code (seed, epoch, example)}. A resumed run
 * therefore replays exactly the steps an uninterrupted run would have taken: same batches, same Adam state, same
 * bias-correction step count, same learning rate. The result is identical up to the reproducibility of ND4J's CPU
 * kernels for a fixed thread count (bit-identical in the tests here). Resuming with more epochs re-plans the
 * learning-rate schedule to the new end ({@link TrainingSettings#withEpochs}).
 *
 * <p>Collaborators are given, not flags: the model, the objective, the normaliser (already fitted, see
 * {@link Objective#fitNormalizer}) and the optimiser settings.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final NeuralOperator model;
    private final Objective objective;
    private final Normalizer normalizer;
    private final TrainingSettings settings;
    private final Map<String, Object> dataNotes;
    /** Data-parallel graphs per step, or 0 for the ND4J thread count ({@link Nd4jRuntime#threads()}). */
    private final int replicas;

    /**
     * @param model      operator to train (its variables are created when training starts)
     * @param objective  what to minimise
     * @param normalizer input/output normalisation, fitted on the training examples
     * @param settings   optimiser settings
     * @throws IllegalArgumentException if the model does not suit the objective
     */
    public Trainer(NeuralOperator model, Objective objective, Normalizer normalizer, TrainingSettings settings) {
        this(model, objective, normalizer, settings, Map.of(), 0);
    }

    /**
     * Supervised operator training with one loss (see {@link SupervisedObjective}).
     *
     * @param model      operator to train
     * @param loss       training loss
     * @param normalizer input/output normalisation, fitted on the training pairs
     * @param settings   optimiser settings
     */
    public Trainer(NeuralOperator model, Loss loss, Normalizer normalizer, TrainingSettings settings) {
        this(model, new SupervisedObjective(loss), normalizer, settings, Map.of(), 0);
    }

    private Trainer(NeuralOperator model, Objective objective, Normalizer normalizer, TrainingSettings settings,
            Map<String, Object> dataNotes, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0 (0: one per ND4J thread), got " + replicas);
        }
        objective.check(model);
        this.model = model;
        this.objective = objective;
        this.normalizer = normalizer;
        this.settings = settings;
        this.dataNotes = new LinkedHashMap<>(dataNotes);
        this.replicas = replicas;
    }

    /**
     * @param notes free-form facts about the training data (file name, sample counts), saved under {@code data}
     *              in {@code config.json}
     * @return a trainer that records them
     */
    public Trainer withDataNotes(Map<String, Object> notes) {
        return new Trainer(model, objective, normalizer, settings, notes, replicas);
    }

    /**
     * Data-parallel training: each batch split into {@code n} parts whose gradients {@code n} copies of the graph
     * compute at the same time, one thread each, averaged into one update ({@link DataParallel}; the same update
     * up to float32 round-off). ND4J's own threads are set to 1 while such a run trains. Graphs with dropout, and
     * gradient rules ({@link LossCombination.GradientRule}), train on one graph whatever {@code n} is.
     *
     * @param n graphs per step; 1 for one graph on the whole batch; 0 (the default) for one per ND4J thread
     *          ({@link Nd4jRuntime#threads()}, the commands' {@code --threads})
     * @return a trainer that trains so
     */
    public Trainer withReplicas(int n) {
        return new Trainer(model, objective, normalizer, settings, dataNotes, n);
    }

    /**
     * Rebuilds the trainer of an existing model directory, to resume it: model, objective, normaliser and settings
     * all come from its {@code config.json}.
     *
     * @param dir    a directory written by {@link #train}
     * @param epochs total epochs of the resumed run, or {@code null} to keep the saved number; another number
     *               re-plans the learning-rate schedule ({@link TrainingSettings#withEpochs})
     * @return the trainer
     */
    public static Trainer fromDirectory(ModelDirectory dir, Integer epochs) {
        ModelConfig c = dir.readConfig();
        NeuralOperator m = ModelRegistry.create(c.modelType(), c.model());
        TrainingSettings s = epochs == null ? c.training() : c.training().withEpochs(epochs);
        return new Trainer(m, c.buildObjective(), c.normalizer(), s, c.data(), 0);
    }

    /** @return the optimiser settings */
    public TrainingSettings settings() {
        return settings;
    }

    /** @return the model */
    public NeuralOperator model() {
        return model;
    }

    /** @return the objective */
    public Objective objective() {
        return objective;
    }

    /**
     * Trains from freshly initialised weights, writing {@code config.json} first and a checkpoint after every
     * epoch.
     *
     * @param train      training examples
     * @param validation validation examples on the same grid, or {@code null}
     * @param dir        model directory (created if needed; an existing checkpoint there is replaced)
     * @param listener   progress observer
     * @return the history, one record per epoch
     */
    public List<EpochRecord> train(TaskDataset train, TaskDataset validation, ModelDirectory dir,
            TrainingListener listener) {
        return run(train, validation, dir, listener, null);
    }

    /**
     * Continues from the directory's checkpoint up to {@link TrainingSettings#epochs()}.
     *
     * @param train      the same training examples as the original run
     * @param validation the same validation examples, or {@code null}
     * @param dir        directory with {@code checkpoint.npz}
     * @param listener   progress observer
     * @return the full history, earlier epochs included
     * @throws IllegalArgumentException if there is no checkpoint, the data do not fit the saved model, or the run
     *                                  already has at least {@link TrainingSettings#epochs()} epochs
     */
    public List<EpochRecord> resume(TaskDataset train, TaskDataset validation, ModelDirectory dir,
            TrainingListener listener) {
        Checkpoint c = dir.readCheckpoint();
        if (dir.hasConfig()) {
            ModelConfig saved = dir.readConfig();
            if (!Arrays.equals(saved.trainedShape(), train.spatialShape())
                    || !saved.task().equals(train.task())
                    || !saved.fields().equals(train.source().fieldNames())) {
                throw new IllegalArgumentException("data do not match the model in " + dir.path() + ": saved grid "
                        + Arrays.toString(saved.trainedShape()) + ", task " + saved.task().name() + ", fields "
                        + saved.fields() + "; given grid " + Arrays.toString(train.spatialShape()) + ", task "
                        + train.task().name() + ", fields " + train.source().fieldNames());
            }
        }
        if (c.epochsDone() > settings.epochs()) {
            throw new IllegalArgumentException(dir.path() + " has already trained " + c.epochsDone() + " epochs; "
                    + "asked for " + settings.epochs() + " in all");
        }
        return run(train, validation, dir, listener, c);
    }

    private List<EpochRecord> run(TaskDataset train, TaskDataset validation, ModelDirectory dir,
            TrainingListener listener, Checkpoint checkpoint) {
        checkData(train, "training");
        if (validation != null) {
            checkData(validation, "validation");
            if (!Arrays.equals(validation.spatialShape(), train.spatialShape())) {
                throw new IllegalArgumentException("validation grid " + Arrays.toString(validation.spatialShape())
                        + " differs from the training grid " + Arrays.toString(train.spatialShape()));
            }
        }
        int threads = Nd4jRuntime.threads();
        int graphs = replicas == 0 ? threads : replicas;
        if (graphs > 1) {
            // the graphs' own ops run on one thread each: the cores go to the graphs
            Nd4jRuntime.init(1);
        }
        try {
            return run(train, validation, dir, listener, checkpoint, graphs);
        } finally {
            if (graphs > 1) {
                Nd4jRuntime.init(threads);
            }
        }
    }

    private List<EpochRecord> run(TaskDataset train, TaskDataset validation, ModelDirectory dir,
            TrainingListener listener, Checkpoint checkpoint, int graphs) {
        Nd4j.getRandom().setSeed(settings.seed());
        int start = checkpoint == null ? 0 : checkpoint.epochsDone();
        int stage = objective.stage(Math.min(start, settings.epochs() - 1), settings.epochs());
        // building the graph checks the model against the grid (e.g. modes), before anything is written
        Stage current = new Stage(stage, train, graphs);
        checkOutputShape(current.model, train);
        ModelConfig config = new ModelConfig(ModelRegistry.typeOf(this.model), this.model.config(), train.task(),
                train.source().fieldNames(), train.spatialShape(), train.source().domainLengths(), normalizer,
                objective.type(), objective.config(), settings, dataNotes);
        dir.create();
        dir.writeConfig(config);
        try {
            List<EpochRecord> history = new ArrayList<>();
            if (checkpoint != null) {
                current.model.loadWeights(checkpoint.weights());
                restoreUpdater(current.model.sameDiff(), checkpoint.updaterState());
                current.tc.setIterationCount(checkpoint.iteration());
                history.addAll(checkpoint.history());
                LOG.info("resuming {} after epoch {} (step {})", dir.path(), start, checkpoint.iteration());
            }
            BatchIterator batches = new BatchIterator(train, settings.batchSize(), true, settings.seed());
            for (int epoch = start; epoch < settings.epochs(); epoch++) {
                long t0 = System.nanoTime();
                int next = objective.stage(epoch, settings.epochs());
                if (next != current.stage) {
                    // before the epoch's generator is seeded: building draws fresh weights that are then replaced
                    Stage rebuilt = new Stage(next, train, graphs);
                    rebuilt.takeOver(current);
                    current.close();
                    current = rebuilt;
                    LOG.info("epoch {}: objective stage {}", epoch + 1, next);
                }
                TrainingGraph graph = current.graph;
                batches.setEpoch(epoch);
                Nd4j.getRandom().setSeed(Seeds.mix(settings.seed(), epoch));
                current.tc.setEpochCount(epoch);
                listener.epochStarted(epoch + 1, settings.epochs(), batches.batchesPerEpoch());
                current.model.setDropoutActive(true);
                double[] trainMeans = trainEpoch(current, train, batches, epoch, listener);
                current.model.setDropoutActive(false);
                double trainLoss = trainMeans[0];
                if (!Double.isFinite(trainLoss)) {
                    throw new TrainingException("training loss became " + trainLoss + " in epoch " + (epoch + 1)
                            + "; try a smaller learning rate");
                }
                boolean several = graph.terms().size() > 1;
                Map<String, Double> trainTerms = new LinkedHashMap<>();
                Map<String, Double> valTerms = new LinkedHashMap<>();
                double valLoss = Double.NaN;
                if (several) {
                    for (int i = 0; i < graph.terms().size(); i++) {
                        trainTerms.put(graph.terms().get(i), trainMeans[1 + i]);
                    }
                }
                if (validation != null) {
                    Map<String, Double> v = graph.meanTerms(validation, settings.batchSize(), settings.seed());
                    valLoss = total(graph, v);
                    if (several) {
                        valTerms.putAll(v);
                    }
                }
                EpochRecord record = new EpochRecord(epoch + 1, trainLoss, valLoss,
                        settings.schedule().at(settings.learningRate(), epoch), (System.nanoTime() - t0) * 1e-9,
                        trainTerms, valTerms);
                history.add(record);
                dir.writeCheckpoint(new Checkpoint(epoch + 1, current.tc.getIterationCount(),
                        current.model.weights(), updaterState(current.model.sameDiff()), history));
                dir.writeWeights(current.model.weights());
                dir.writeHistory(history);
                listener.epochDone(record);
            }
            LOG.debug("took back {} arrays ({} MB) that SameDiff left unreleased", current.run.leftoverArrays(),
                    current.run.leftoverBytes() >> 20);
            return history;
        } finally {
            current.close();
        }
    }

    /**
     * The graph of one objective stage with its training session: the model's graph, the objective's terms, the
     * training configuration and the {@link TrainingRun} (which creates the updater state and builds the backward
     * graph, console chatter muted).
     */
    private final class Stage implements AutoCloseable {
        final int stage;
        final SurrogateGraph model;
        final TrainingGraph graph;
        final TrainingConfig tc;
        final TrainingRun run;
        /** The replicas of a data-parallel run, or null. */
        final DataParallel parallel;

        Stage(int stage, TaskDataset train, int graphs) {
            this.stage = stage;
            this.model = SurrogateGraph.build(Trainer.this.model, normalizer, train.spatialShape());
            this.graph = TrainingGraph.build(model, objective, train, settings.combination(), stage);
            this.tc = trainingConfig();
            model.sameDiff().setTrainingConfig(tc);
            List<String> reported = graph.terms().size() > 1 ? graph.termVariables() : List.of();
            this.run = new TrainingRun(model.sameDiff(), reported);
            if (graphs > 1 && !graph.separateGradients() && !ChannelDropout.present(model.sameDiff())) {
                // each replica is a one-graph stage of its own; the parallel step closes their runs
                List<TrainingRun> runs = new ArrayList<>();
                for (int i = 1; i < graphs; i++) {
                    runs.add(new Stage(stage, train, 1).run);
                }
                this.parallel = new DataParallel(run, runs);
            } else {
                this.parallel = null;
            }
        }

        /** Continues where {@code previous} stopped: its weights, optimiser state and counters. */
        void takeOver(Stage previous) {
            model.loadWeights(previous.model.weights());
            restoreUpdater(model.sameDiff(), updaterState(previous.model.sameDiff()));
            tc.setIterationCount(previous.tc.getIterationCount());
        }

        @Override
        public void close() {
            if (parallel != null) {
                parallel.close();
            }
            run.close();
        }
    }

    /** The history's loss from the terms: the weighted sum for fixed weights, the plain sum for a rule. */
    private static double total(TrainingGraph graph, Map<String, Double> terms) {
        double sum = 0;
        for (Map.Entry<String, Double> e : terms.entrySet()) {
            double w = graph.combination() instanceof LossCombination.Weights fixed ? fixed.weight(e.getKey()) : 1;
            sum += w * e.getValue();
        }
        return sum;
    }

    /**
     * One pass over the batches.
     *
     * @return mean over the epoch's examples (batches weighted by size) of the loss, then of each term
     */
    private double[] trainEpoch(Stage stage, TaskDataset data, BatchIterator batches, int epoch,
            TrainingListener listener) {
        TrainingRun run = stage.run;
        TrainingGraph graph = stage.graph;
        int terms = graph.terms().size();
        double[] sum = new double[1 + terms];
        long count = 0;
        int batch = 0;
        Objective.BatchContext context = new Objective.BatchContext(settings.seed(), epoch, true);
        while (batches.hasNext()) {
            int[] examples = batches.nextIndices();
            double[] values;
            if (stage.parallel != null && examples.length > 1) {
                values = parallelStep(stage.parallel, data, examples, context);
            } else {
                Map<String, INDArray> placeholders = new LinkedHashMap<>(objective.batch(data, examples, context));
                try {
                    values = graph.separateGradients() ? ruleStep(run, graph, placeholders)
                            : run.step(placeholders);
                } finally {
                    TrainingGraph.close(placeholders);
                }
            }
            // values: the minimised loss, then the terms when there are several
            double loss = graph.separateGradients() ? sumTerms(values) : values[0];
            sum[0] += loss * examples.length;
            for (int i = 0; i < terms; i++) {
                sum[1 + i] += (terms == 1 ? loss : values[1 + i]) * examples.length;
            }
            count += examples.length;
            listener.batchDone(epoch + 1, ++batch, loss);
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] = count == 0 ? Double.NaN : sum[i] / count;
        }
        return sum;
    }

    /** One data-parallel step: the objective's draws depend only on (seed, epoch, example), so parts draw alike. */
    private double[] parallelStep(DataParallel parallel, TaskDataset data, int[] examples,
            Objective.BatchContext context) {
        List<int[]> parts = parallel.split(examples);
        List<Map<String, INDArray>> placeholders = new ArrayList<>();
        int[] sizes = new int[parts.size()];
        try {
            for (int i = 0; i < parts.size(); i++) {
                placeholders.add(new LinkedHashMap<>(objective.batch(data, parts.get(i), context)));
                sizes[i] = parts.get(i).length;
            }
            return parallel.step(placeholders, sizes);
        } finally {
            for (Map<String, INDArray> p : placeholders) {
                TrainingGraph.close(p);
            }
        }
    }

    private static double sumTerms(double[] values) {
        double s = 0;
        for (int i = 1; i < values.length; i++) {
            s += values[i];
        }
        return s;
    }

    /**
     * One step under a gradient rule: a backward pass per term (the same dropout masks in each), the rule's
     * combination of the flattened gradients, then one optimiser update with it.
     *
     * @return forward values of the first pass (loss, then terms)
     */
    private static double[] ruleStep(TrainingRun run, TrainingGraph graph, Map<String, INDArray> placeholders) {
        List<String> terms = graph.terms();
        long rngState = Nd4j.getRandom().nextLong();
        List<Map<String, INDArray>> grads = new ArrayList<>();
        double[] values = null;
        for (int i = 0; i < terms.size(); i++) {
            graph.selectTerm(placeholders, i);
            Nd4j.getRandom().setSeed(rngState);
            Map<String, INDArray> g = new TreeMap<>();
            double[] v = run.gradients(placeholders, g);
            if (values == null) {
                values = v;
            }
            grads.add(g);
        }
        // a fixed order over every variable any term reaches; a term that does not reach one contributes zeros
        TreeMap<String, long[]> shapes = new TreeMap<>();
        for (Map<String, INDArray> g : grads) {
            g.forEach((k, v) -> shapes.putIfAbsent(k, v.shape()));
        }
        long total = 0;
        for (long[] s : shapes.values()) {
            total += Arrays.stream(s).reduce(1, (a, b) -> a * b);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new TrainingException("too many trainable values (" + total + ") to combine gradients");
        }
        double[][] flat = new double[terms.size()][(int) total];
        for (int i = 0; i < terms.size(); i++) {
            int offset = 0;
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                INDArray g = grads.get(i).get(e.getKey());
                int n = (int) Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
                if (g != null) {
                    double[] d = g.dup('c').castTo(DataType.DOUBLE).data().asDouble();
                    System.arraycopy(d, 0, flat[i], offset, n);
                }
                offset += n;
            }
        }
        double[] combined = ((LossCombination.GradientRule) graph.combination()).combine(terms, flat);
        Map<String, INDArray> update = new LinkedHashMap<>();
        int offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            int n = (int) Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
            double[] part = Arrays.copyOfRange(combined, offset, offset + n);
            INDArray param = graph.graph().sameDiff().getVariable(e.getKey()).getArr();
            update.put(e.getKey(), Nd4j.create(part, e.getValue(), 'c').castTo(param.dataType()));
            offset += n;
        }
        run.applyUpdate(update);
        return values;
    }

    private void checkData(TaskDataset data, String what) {
        int in = objective.inputChannels(data);
        int out = objective.outputChannels(data);
        if (in != model.inChannels() || out != model.outChannels()) {
            throw new IllegalArgumentException(what + " data have " + in + " input / " + out + " output channels "
                    + "(task " + data.task().name() + ", fields " + data.source().fieldNames() + ", objective "
                    + objective.type() + "), the model " + model.inChannels() + " / " + model.outChannels());
        }
        if (data.spatialShape().length != model.spatialDims()) {
            throw new IllegalArgumentException(what + " data are " + data.spatialShape().length + "-D, the model "
                    + model.spatialDims() + "-D");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(what + " data are empty");
        }
    }

    private TrainingConfig trainingConfig() {
        TrainingConfig.Builder b = TrainingConfig.builder()
                .updater(new Adam(new EpochSchedule(settings.learningRate(), settings.schedule())))
                .dataSetFeatureMapping(SurrogateGraph.INPUT)
                .markLabelsUnused()
                .minimize(TrainingGraph.LOSS);
        if (settings.weightDecay() > 0) {
            b.weightDecay(settings.weightDecay(), true);
        }
        return b.build();
    }

    private static Map<String, Map<String, INDArray>> updaterState(SameDiff sd) {
        Map<String, Map<String, INDArray>> out = new LinkedHashMap<>();
        for (Map.Entry<String, GradientUpdater> e : sd.getUpdaterMap().entrySet()) {
            Map<String, INDArray> state = e.getValue().getState();
            if (state != null) {
                out.put(e.getKey(), new LinkedHashMap<>(state));
            }
        }
        return out;
    }

    private static void restoreUpdater(SameDiff sd, Map<String, Map<String, INDArray>> saved) {
        for (Map.Entry<String, GradientUpdater> e : sd.getUpdaterMap().entrySet()) {
            Map<String, INDArray> state = e.getValue().getState();
            Map<String, INDArray> src = saved.get(e.getKey());
            if (src == null || state == null || !src.keySet().equals(state.keySet())) {
                throw new IllegalArgumentException("checkpoint has no matching optimiser state for variable '"
                        + e.getKey() + "' (saved keys " + (src == null ? "none" : src.keySet()) + ")");
            }
            for (Map.Entry<String, INDArray> s : state.entrySet()) {
                INDArray from = src.get(s.getKey());
                if (from.length() != s.getValue().length()) {
                    throw new IllegalArgumentException("optimiser state " + s.getKey() + " of '" + e.getKey()
                            + "' has " + from.length() + " values in the checkpoint, " + s.getValue().length()
                            + " in the model");
                }
                // assign in place: the state arrays are views into SameDiff's single updater buffer
                s.getValue().assign(from.reshape(s.getValue().shape()).castTo(s.getValue().dataType()));
            }
        }
    }

    /** The model's prediction for one example must have the objective's output shape. */
    private void checkOutputShape(SurrogateGraph graph, TaskDataset data) {
        long[] inShape = TaskDataset.withLeading(data.spatialShape(), 1, objective.inputChannels(data));
        INDArray out = graph.predict(Nd4j.zeros(DataType.FLOAT, inShape));
        long[] expected = TaskDataset.withLeading(data.spatialShape(), 1, objective.outputChannels(data));
        if (!Arrays.equals(out.shape(), expected)) {
            throw new IllegalArgumentException("model output has shape " + Arrays.toString(out.shape())
                    + " for input " + Arrays.toString(inShape) + ", expected " + Arrays.toString(expected));
        }
    }
}
