package dev.surrogate.operators.training;

import dev.surrogate.operators.data.BatchIterator;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Seeds;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.NeuralOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link NeuralOperator} (SameDiff, one {@link TrainingRun} per run): Adam with decoupled weight decay, a per-epoch
 * learning-rate schedule, optional validation after every epoch, and an atomic checkpoint (weights, Adam moments,
 * step and epoch counters, history) after every epoch.
 *
 * <p><b>Determinism and resume.</b> Initial weights come from ND4J's generator seeded with the run's seed; the
 * pair order of epoch {@code e} and ND4J's generator during that epoch (dropout) are re-seeded from
 * {@code (seed, e)}. A resumed run therefore replays exactly the steps an uninterrupted run would have taken:
 * same batches, same Adam state, same bias-correction step count, same learning rate. The result is identical up to
 * the reproducibility of ND4J's CPU kernels for a fixed thread count (bit-identical in the tests here).
 *
 * <p>Collaborators are given, not flags: the model, the loss, the normaliser (already fitted, see
 * {@link Normalizer#fit}) and the optimiser settings.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final NeuralOperator model;
    private final Loss loss;
    private final Normalizer normalizer;
    private final TrainingSettings settings;
    private final Map<String, Object> dataNotes;

    /**
     * @param model      operator to train (its variables are created when training starts)
     * @param loss       training loss
     * @param normalizer input/output normalisation, fitted on the training pairs
     * @param settings   optimiser settings
     */
    public Trainer(NeuralOperator model, Loss loss, Normalizer normalizer, TrainingSettings settings) {
        this(model, loss, normalizer, settings, Map.of());
    }

    private Trainer(NeuralOperator model, Loss loss, Normalizer normalizer, TrainingSettings settings,
            Map<String, Object> dataNotes) {
        this.model = model;
        this.loss = loss;
        this.normalizer = normalizer;
        this.settings = settings;
        this.dataNotes = new LinkedHashMap<>(dataNotes);
    }

    /**
     * @param notes free-form facts about the training data (file name, sample counts), saved under {@code data}
     *              in {@code config.json}
     * @return a trainer that records them
     */
    public Trainer withDataNotes(Map<String, Object> notes) {
        return new Trainer(model, loss, normalizer, settings, notes);
    }

    /**
     * Rebuilds the trainer of an existing model directory, to resume it.
     *
     * @param dir    a directory written by {@link #train}
     * @param epochs total epochs of the resumed run, or {@code null} to keep the saved number
     * @return the trainer
     */
    public static Trainer fromDirectory(ModelDirectory dir, Integer epochs) {
        ModelConfig c = dir.readConfig();
        NeuralOperator m = ModelRegistry.create(c.modelType(), c.model());
        TrainingSettings s = epochs == null ? c.training() : c.training().withEpochs(epochs);
        return new Trainer(m, Loss.byName(c.loss(), c.domainLengths()), c.normalizer(), s, c.data());
    }

    /** @return the optimiser settings */
    public TrainingSettings settings() {
        return settings;
    }

    /** @return the model */
    public NeuralOperator model() {
        return model;
    }

    /**
     * Trains from freshly initialised weights, writing {@code config.json} first and a checkpoint after every
     * epoch.
     *
     * @param train      training pairs
     * @param validation validation pairs on the same grid, or {@code null}
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
     * @param train      the same training pairs as the original run
     * @param validation the same validation pairs, or {@code null}
     * @param dir        directory with {@code checkpoint.npz}
     * @param listener   progress observer
     * @return the full history, earlier epochs included
     * @throws IllegalArgumentException if there is no checkpoint or the data do not fit the saved model
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
        Nd4j.getRandom().setSeed(settings.seed());
        // building the graph checks the model against the grid (e.g. modes), before anything is written
        SurrogateGraph graph = SurrogateGraph.build(model, normalizer, train.spatialShape(), loss);
        ModelConfig config = new ModelConfig(ModelRegistry.typeOf(model), model.config(), train.task(),
                train.source().fieldNames(), train.spatialShape(), train.source().domainLengths(), normalizer,
                loss.name(), settings, dataNotes);
        dir.create();
        dir.writeConfig(config);

        SameDiff sd = graph.sameDiff();
        TrainingConfig tc = trainingConfig();
        sd.setTrainingConfig(tc);
        // creates the updater state and builds the backward graph (console chatter muted) before any checkpoint
        // state is copied in
        try (TrainingRun run = new TrainingRun(sd)) {
            checkOutputShape(graph, train);
            List<EpochRecord> history = new ArrayList<>();
            int start = 0;
            if (checkpoint != null) {
                graph.loadWeights(checkpoint.weights());
                restoreUpdater(sd, checkpoint.updaterState());
                tc.setIterationCount(checkpoint.iteration());
                start = checkpoint.epochsDone();
                history.addAll(checkpoint.history());
                LOG.info("resuming {} after epoch {} (step {})", dir.path(), start, checkpoint.iteration());
            }
            BatchIterator batches = new BatchIterator(train, settings.batchSize(), true, settings.seed());
            for (int epoch = start; epoch < settings.epochs(); epoch++) {
                long t0 = System.nanoTime();
                batches.setEpoch(epoch);
                Nd4j.getRandom().setSeed(Seeds.mix(settings.seed(), epoch));
                tc.setEpochCount(epoch);
                listener.epochStarted(epoch + 1, settings.epochs(), batches.batchesPerEpoch());
                graph.setDropoutActive(true);
                double trainLoss = trainEpoch(run, batches, epoch + 1, listener);
                graph.setDropoutActive(false);
                if (!Double.isFinite(trainLoss)) {
                    throw new TrainingException("training loss became " + trainLoss + " in epoch " + (epoch + 1)
                            + "; try a smaller learning rate");
                }
                double valLoss = validation == null ? Double.NaN : graph.meanLoss(validation, settings.batchSize());
                EpochRecord record = new EpochRecord(epoch + 1, trainLoss, valLoss,
                        settings.schedule().at(settings.learningRate(), epoch), (System.nanoTime() - t0) * 1e-9);
                history.add(record);
                dir.writeCheckpoint(new Checkpoint(epoch + 1, tc.getIterationCount(), graph.weights(),
                        updaterState(sd), history));
                dir.writeWeights(graph.weights());
                dir.writeHistory(history);
                listener.epochDone(record);
            }
            LOG.debug("took back {} arrays ({} MB) that SameDiff left unreleased", run.leftoverArrays(),
                    run.leftoverBytes() >> 20);
            return history;
        }
    }

    /**
     * One pass over the batches.
     *
     * @return mean training loss of the epoch, weighted by batch size (the mean over pairs)
     */
    private static double trainEpoch(TrainingRun run, BatchIterator batches, int epoch, TrainingListener listener) {
        double sum = 0;
        long count = 0;
        int batch = 0;
        while (batches.hasNext()) {
            MultiDataSet b = batches.next();
            long size = b.getFeatures(0).size(0);
            double value;
            try {
                value = run.step(b);
            } finally {
                BatchIterator.close(b);
            }
            sum += value * size;
            count += size;
            listener.batchDone(epoch, ++batch, value);
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private void checkData(TaskDataset data, String what) {
        if (data.inputChannels() != model.inChannels() || data.outputChannels() != model.outChannels()) {
            throw new IllegalArgumentException(what + " data have " + data.inputChannels() + " input / "
                    + data.outputChannels() + " output channels (task " + data.task().name() + ", fields "
                    + data.source().fieldNames() + "), the model " + model.inChannels() + " / "
                    + model.outChannels());
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
                .dataSetLabelMapping(SurrogateGraph.TARGET)
                .minimize(SurrogateGraph.LOSS);
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

    private static void checkOutputShape(SurrogateGraph graph, TaskDataset data) {
        float[] x = new float[data.inputSize()];
        float[] y = new float[data.outputSize()];
        data.fill(0, x, 0, y, 0);
        long[] inShape = TaskDataset.withLeading(data.spatialShape(), 1, data.inputChannels());
        INDArray out = graph.predict(Nd4j.create(x, inShape, 'c'));
        long[] expected = TaskDataset.withLeading(data.spatialShape(), 1, data.outputChannels());
        if (!Arrays.equals(out.shape(), expected)) {
            throw new IllegalArgumentException("model output has shape " + Arrays.toString(out.shape())
                    + " for input " + Arrays.toString(inShape) + ", expected " + Arrays.toString(expected));
        }
    }
}
