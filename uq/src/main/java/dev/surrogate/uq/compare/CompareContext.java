package dev.surrogate.uq.compare;

import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.training.LrSchedule;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What every method of a comparison shares: the training data and its split, the task, the training recipe, the
 * architecture and the seed.
 *
 * @param train              training data set (fitting and calibration trajectories)
 * @param fitSamples         trajectories (positions in {@code train}) the methods fit on
 * @param calibrationSamples trajectories held out for conformal calibration; no method may train on them
 * @param task               what the methods predict
 * @param recipe             optimiser settings of methods that train by gradient descent
 * @param seed               seed of the methods (their own draws derive from it)
 * @param models             builds the operators
 * @param architecture       what {@code models} builds (model type, width, ...), recorded with every method's fit so a
 *                           later run does not resume a fit made with another architecture
 * @param trainingAllowed    false to only load finished methods (never train)
 * @param listener           progress
 * @param dataNotes          facts about the data saved with trained models (file, counts)
 */
public record CompareContext(FieldSource train, int[] fitSamples, int[] calibrationSamples, Task task,
        Recipe recipe, long seed, ModelFactory models, Map<String, Object> architecture, boolean trainingAllowed,
        CompareListener listener, Map<String, Object> dataNotes) {

    /** Defensive copies. */
    public CompareContext {
        fitSamples = fitSamples.clone();
        calibrationSamples = calibrationSamples.clone();
        dataNotes = new LinkedHashMap<>(dataNotes);
        architecture = new LinkedHashMap<>(architecture);
        if (fitSamples.length == 0) {
            throw new IllegalArgumentException("no trajectories to fit on");
        }
    }

    @Override
    public int[] fitSamples() {
        return fitSamples.clone();
    }

    @Override
    public int[] calibrationSamples() {
        return calibrationSamples.clone();
    }

    @Override
    public Map<String, Object> architecture() {
        return new LinkedHashMap<>(architecture);
    }

    @Override
    public Map<String, Object> dataNotes() {
        return new LinkedHashMap<>(dataNotes);
    }

    /**
     * @param modelSeed the model's seed
     * @return the recipe as training settings with that seed
     */
    public TrainingSettings trainingSettings(long modelSeed) {
        return new TrainingSettings(recipe.epochs(), recipe.batchSize(), recipe.learningRate(), recipe.weightDecay(),
                LrSchedule.of(recipe.schedule(), recipe.epochs()), modelSeed);
    }

    /**
     * @param dropout         channel-dropout rate
     * @param heteroscedastic whether to predict a log-variance
     * @param modelSeed       initialisation seed
     * @return the request for an operator of this task on this data
     */
    public ModelFactory.Request modelRequest(double dropout, boolean heteroscedastic, long modelSeed) {
        int fields = train.fieldCount();
        return new ModelFactory.Request(task.inputChannels(fields), task.outputChannels(fields),
                train.spatialShape().length, dropout, heteroscedastic, modelSeed);
    }

    /**
     * Optimiser settings shared by the methods that train by gradient descent (Adam with decoupled weight decay,
     * see {@code TrainingSettings}).
     *
     * @param epochs       epochs per model
     * @param batchSize    pairs per mini-batch
     * @param learningRate initial learning rate
     * @param weightDecay  decoupled weight decay
     * @param schedule     learning-rate schedule name ({@code step}, {@code cosine}, {@code constant})
     */
    public record Recipe(int epochs, int batchSize, double learningRate, double weightDecay, String schedule) {
        /** Validates the arguments. */
        public Recipe {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
        }

        /** @return plain values for JSON */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epochs", epochs);
            m.put("batch_size", batchSize);
            m.put("learning_rate", learningRate);
            m.put("weight_decay", weightDecay);
            m.put("schedule", schedule);
            return m;
        }
    }

    /**
     * Trains one model directory of a method on the fitting trajectories with this comparison's recipe: resumes it
     * from its checkpoint if that stops short of the recipe's epochs, trains it from scratch if it has none, and
     * leaves a finished one alone. The methods that train one operator (dropout, the HMC starting point, the flow)
     * share this, so they resume alike.
     *
     * @param md    the model directory
     * @param label names the run in progress lines, e.g. {@code "dropout"}
     * @param fresh the trainer of a new run, given the fitting data and the data notes to save with it
     * @return whether anything trained
     */
    public boolean trainOrResume(ModelDirectory md, String label,
            BiFunction<TaskDataset, Map<String, Object>, Trainer> fresh) {
        int epochs = recipe.epochs();
        TaskDataset data = new TaskDataset(train, task, fitSamples);
        if (md.hasCheckpoint()) {
            int done = md.readCheckpoint().epochsDone();
            if (done == epochs) {
                return false;
            }
            listener.note(String.format(Locale.ROOT, "%s: resuming after epoch %d of %d", label, done, epochs));
            Trainer.fromDirectory(md, epochs).resume(data, null, md, listener.training(label));
            return true;
        }
        Map<String, Object> notes = dataNotes();
        notes.put("train_samples", data.samples().length);
        fresh.apply(data, notes).train(data, null, md, listener.training(label));
        return true;
    }
}
