package dev.surrogate.operators.training;

import dev.surrogate.operators.Registry;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.NeuralOperator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What training minimises, separated from how (the {@link Trainer}'s loop: epochs, schedules, checkpoints, resume,
 * memory, progress, history). An objective owns
 * <ul>
 *   <li>its placeholders: it adds them to the graph in {@link #build} and fills them for a batch of examples in
 *       {@link #batch};</li>
 *   <li>its named scalar loss terms, which the trainer combines by a {@link LossCombination} (fixed weights in one
 *       backward pass, or a rule such as ConFIG that sees each term's gradient) and writes to {@code history.csv}
 *       one column each;</li>
 *   <li>the model channels it needs and the normaliser it fits.</li>
 * </ul>
 * Examples are the pairs of a {@link TaskDataset}; everything a physical loss needs is reachable from it: the
 * pair's trajectory and time indices, the source's times, per-sample parameters, attributes and domain lengths.
 *
 * <p>Supervised operator learning ({@link SupervisedObjective}) is one objective; flow matching and
 * physics-informed losses are others. A saved model names its objective ({@link #type()} and {@link #config()}) and
 * {@link #REGISTRY} rebuilds it, so resuming needs nothing but the model directory.
 */
public interface Objective {

    /** @return registered type name, stored in {@code config.json} */
    String type();

    /** @return settings as plain values (numbers, strings, booleans, lists, maps), enough to rebuild it */
    Map<String, Object> config();

    /** @return names of the scalar loss terms, in a fixed order (at least one) */
    List<String> terms();

    /**
     * @param data training examples
     * @return input channels the model must take
     */
    int inputChannels(TaskDataset data);

    /**
     * @param data training examples
     * @return output channels the model must give (without a heteroscedastic head's variance channels)
     */
    int outputChannels(TaskDataset data);

    /**
     * @param train training examples
     * @return the normaliser of the model's inputs and outputs, fitted on them
     */
    Normalizer fitNormalizer(TaskDataset train);

    /**
     * Checks that a model suits this objective (e.g. a heteroscedastic model needs a loss that scores its
     * variance).
     *
     * @param model the model to train
     * @throws IllegalArgumentException naming the mismatch
     */
    default void check(NeuralOperator model) {
    }

    /**
     * Adds this objective's placeholders and loss terms to a graph that holds the model.
     *
     * @param graph the model's graph (placeholder {@link SurrogateGraph#INPUT}, the physical prediction, and
     *              {@link SurrogateGraph#apply} for further forward passes through the same weights)
     * @param data  the training examples (for times, parameters, lengths; not their values)
     * @return one scalar variable per term, in {@link #terms()} order, keyed by term name
     */
    Map<String, SDVariable> build(SurrogateGraph graph, TaskDataset data);

    /**
     * A curriculum: objectives whose graph changes during training (e.g. more unrolled sampling steps in later
     * quarters) name a stage per epoch; the trainer rebuilds the graph when the stage changes, carrying weights,
     * optimiser state and counters over, so resuming in any stage is exact. One stage (0) by default.
     *
     * @param epoch  0-based epoch
     * @param epochs total epochs of the run
     * @return the stage of that epoch
     */
    default int stage(int epoch, int epochs) {
        return 0;
    }

    /**
     * {@link #build(SurrogateGraph, TaskDataset)} for a given stage of the curriculum; the default ignores the
     * stage.
     *
     * @param graph the model's graph
     * @param data  the training examples
     * @param stage the stage (see {@link #stage})
     * @return the loss terms, in {@link #terms()} order
     */
    default Map<String, SDVariable> build(SurrogateGraph graph, TaskDataset data, int stage) {
        return build(graph, data);
    }

    /**
     * Values of the placeholders for a batch.
     *
     * @param data     examples
     * @param examples pair indices into {@code data}, in batch order
     * @param context  seed, epoch and phase, from which any random draw must derive (so a resumed run redraws
     *                 the same numbers)
     * @return a value for every placeholder {@link #build} added (new arrays the caller closes)
     */
    Map<String, INDArray> batch(TaskDataset data, int[] examples, BatchContext context);

    /**
     * Where a batch is used; objectives that draw random numbers per example derive them from
     * {@code (seed, epoch, example)} in training and from {@code (seed, example)} alone in validation, so
     * validation losses of different epochs are comparable.
     *
     * @param seed     the run's seed
     * @param epoch    0-based epoch (training) or -1 (validation)
     * @param training whether the batch is used for an optimiser step
     */
    record BatchContext(long seed, int epoch, boolean training) {
        /**
         * @param seed run seed
         * @return the context of validation batches
         */
        public static BatchContext validation(long seed) {
            return new BatchContext(seed, -1, false);
        }
    }

    /** The objective registry ({@code supervised}, and whatever other modules add). */
    Registry<Objective> REGISTRY = Builtin.registry();

    /**
     * Adds an objective type.
     *
     * @param type    name stored in {@code config.json}
     * @param factory rebuilds it from its {@link #config()}
     */
    static void register(String type, Function<Map<String, ?>, ? extends Objective> factory) {
        REGISTRY.register(type, factory);
    }

    /**
     * @param type   registered type
     * @param config the objective's saved config
     * @return the objective
     */
    static Objective create(String type, Map<String, ?> config) {
        return REGISTRY.create(type, config);
    }

    /** Holder of the built-in registrations. */
    final class Builtin {
        private Builtin() {
        }

        static Registry<Objective> registry() {
            Registry<Objective> r = new Registry<>("training objective");
            r.register(SupervisedObjective.TYPE, SupervisedObjective::fromConfig);
            return r;
        }
    }
}
