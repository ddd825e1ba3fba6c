package dev.surrogate.operators.training;

import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.layers.ChannelDropout;
import dev.surrogate.operators.models.NeuralOperator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A trained model ready for inference at any grid size: for each new grid it rebuilds the graph (an FNO builds its
 * DFT bases for that size) and loads the saved weights by variable name, so a model trained at nx = 256 predicts
 * at nx = 512 (zero-shot super-resolution) without retraining. Inputs and outputs are in physical units,
 * channels first. Not thread-safe.
 */
public final class Predictor {
    private final ModelConfig config;
    private final NeuralOperator model;
    private final Map<String, INDArray> weights;
    private final Map<String, SurrogateGraph> graphs = new HashMap<>();
    private boolean dropoutActive;

    /**
     * @param config  the model's config
     * @param model   the operator (built from {@code config})
     * @param weights trained arrays by variable name
     */
    public Predictor(ModelConfig config, NeuralOperator model, Map<String, INDArray> weights) {
        this.config = config;
        this.model = model;
        this.weights = Map.copyOf(weights);
    }

    /**
     * @param dir model directory written by the {@link Trainer}
     * @return a predictor for its latest weights
     * @throws IllegalArgumentException if the directory is not a complete model directory
     */
    public static Predictor load(Path dir) {
        ModelDirectory d = new ModelDirectory(dir);
        ModelConfig c = d.readConfig();
        return new Predictor(c, ModelRegistry.create(c.modelType(), c.model()), d.readWeights());
    }

    /** @return the model's config */
    public ModelConfig config() {
        return config;
    }

    /** @return the task the model was trained for */
    public Task task() {
        return config.task();
    }

    /**
     * @param input physical input {@code [batch, inChannels, *space]} on any grid the model supports
     * @return physical prediction {@code [batch, outChannels, *space]}
     * @throws IllegalArgumentException naming the shape if the input does not fit the model
     */
    public INDArray predict(INDArray input) {
        checkInput(input);
        return graph(shapeOf(input)).predict(input);
    }

    private void checkInput(INDArray input) {
        int dims = config.spatialDims();
        if (input.rank() != 2 + dims || input.size(1) != model.inChannels()) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(input.shape()) + " does not fit a "
                    + dims + "-D model with " + model.inChannels() + " input channels: expected [batch, "
                    + model.inChannels() + (dims == 1 ? ", nx]" : ", ny, nx]"));
        }
    }

    private int[] shapeOf(INDArray input) {
        int[] shape = new int[input.rank() - 2];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = (int) input.size(2 + d);
        }
        return shape;
    }

    /**
     * @param input physical input {@code [batch, inChannels, *space]}
     * @return {@code {mean, logVariance}} in physical units, each {@code [batch, outChannels, *space]}
     * @throws IllegalStateException if the model is not heteroscedastic
     */
    public INDArray[] predictMeanAndLogVariance(INDArray input) {
        checkInput(input);
        return graph(shapeOf(input)).predictMeanAndLogVariance(input);
    }

    /**
     * Monte Carlo dropout prediction with per-row masks: row {@code b}'s masks are drawn from
     * {@code dropoutSeeds[b]} alone (see {@link ChannelDropout#setRowSeeds}), so the result of a row does not depend
     * on the batch it is in.
     *
     * @param input        physical input {@code [batch, inChannels, *space]}
     * @param dropoutSeeds one seed per row
     * @return physical prediction {@code [batch, outChannels, *space]}
     * @throws IllegalStateException if the model has no dropout
     */
    public INDArray predict(INDArray input, long[] dropoutSeeds) {
        checkInput(input);
        SurrogateGraph g = graph(shapeOf(input));
        return withRowMasks(g, input, dropoutSeeds, () -> g.predict(input));
    }

    /**
     * {@link #predictMeanAndLogVariance(INDArray)} under Monte Carlo dropout with per-row masks, as
     * {@link #predict(INDArray, long[])}.
     *
     * @param input        physical input {@code [batch, inChannels, *space]}
     * @param dropoutSeeds one seed per row
     * @return {@code {mean, logVariance}} in physical units, each {@code [batch, outChannels, *space]}
     * @throws IllegalStateException if the model has no dropout or is not heteroscedastic
     */
    public INDArray[] predictMeanAndLogVariance(INDArray input, long[] dropoutSeeds) {
        checkInput(input);
        SurrogateGraph g = graph(shapeOf(input));
        return withRowMasks(g, input, dropoutSeeds, () -> g.predictMeanAndLogVariance(input));
    }

    private <T> T withRowMasks(SurrogateGraph g, INDArray input, long[] seeds, Supplier<T> run) {
        if (!ChannelDropout.present(g.sameDiff())) {
            throw new IllegalStateException("the " + config.modelType() + " model has no dropout layers");
        }
        if (seeds.length != input.size(0)) {
            throw new IllegalArgumentException("got " + seeds.length + " dropout seeds for a batch of "
                    + input.size(0));
        }
        ChannelDropout.setRowSeeds(g.sameDiff(), seeds);
        g.setDropoutActive(true);
        try {
            return run.get();
        } finally {
            g.setDropoutActive(dropoutActive);
            ChannelDropout.setRowSeeds(g.sameDiff(), null);
        }
    }

    /** @return whether the model has dropout layers (a rate above 0), so Monte Carlo dropout can draw from it */
    public boolean hasDropout() {
        return ChannelDropout.present(graph(config.trainedShape()).sameDiff());
    }

    /**
     * Switches dropout on for Monte Carlo dropout sampling (each {@link #predict(INDArray)} then draws fresh masks
     * from ND4J's generator, one stream for the whole batch) or off (the default: deterministic predictions). For
     * draws that do not depend on the batching use {@link #predict(INDArray, long[])}.
     *
     * @param active whether dropout is applied at inference
     */
    public void setDropoutActive(boolean active) {
        dropoutActive = active;
        for (SurrogateGraph g : graphs.values()) {
            g.setDropoutActive(active);
        }
    }

    /** @return whether the model predicts a log-variance */
    public boolean heteroscedastic() {
        return model.heteroscedastic();
    }

    /**
     * Autoregressive rollout of a {@code next}-task model: each prediction is appended to the window and the oldest
     * snapshot dropped.
     *
     * @param window first {@code k} snapshots as model input {@code [batch, k * fields, *space]}
     * @param steps  number of predicted snapshots, at least 1
     * @return predictions {@code [batch, steps, fields, *space]}
     */
    public INDArray rollout(INDArray window, int steps) {
        return rollout(window, steps, (w, s) -> predict(w));
    }

    /**
     * One step of an autoregressive rollout, see {@link #rollout(INDArray, int, RolloutStep)}.
     */
    @FunctionalInterface
    public interface RolloutStep {
        /**
         * @param window the current window {@code [batch, k * fields, *space]}, oldest snapshot first
         * @param step   index of the snapshot to predict, 0 for the first
         * @return the next snapshot {@code [batch, fields, *space]}
         */
        INDArray next(INDArray window, int step);
    }

    /**
     * Autoregressive rollout with a caller-supplied step (a deterministic prediction, or one draw of a stochastic
     * forecast): each step's output is appended to the window and the oldest snapshot dropped.
     *
     * @param window first {@code k} snapshots as model input {@code [batch, k * fields, *space]}
     * @param steps  number of predicted snapshots, at least 1
     * @param step   maps the window to the next snapshot
     * @return the predicted snapshots {@code [batch, steps, fields, *space]}
     * @throws IllegalArgumentException if {@code steps < 1} or the model is not a {@code next} model
     */
    public INDArray rollout(INDArray window, int steps, RolloutStep step) {
        if (steps < 1) {
            throw new IllegalArgumentException("rollout needs steps >= 1, got " + steps);
        }
        int fields = model.outChannels();
        int inChannels = model.inChannels();
        // parameter channels (constant per sample) follow the snapshots and ride along unchanged
        int snapshots = inChannels - config.task().parameters().size();
        if (snapshots < fields || snapshots % fields != 0) {
            throw new IllegalArgumentException("model input channels " + inChannels + " are not a window of "
                    + fields + "-field snapshots (plus " + config.task().parameters().size() + " parameter "
                    + "channels); rollout needs a 'next' model");
        }
        long[] outShape = new long[window.rank() + 1];
        outShape[0] = window.size(0);
        outShape[1] = steps;
        outShape[2] = fields;
        for (int d = 2; d < window.rank(); d++) {
            outShape[d + 1] = window.size(d);
        }
        INDArray out = Nd4j.create(window.dataType(), outShape);
        INDArray current = window;
        for (int s = 0; s < steps; s++) {
            INDArray pred = step.next(current, s);
            out.get(index(out.rank(), NDArrayIndex.point(s))).assign(pred);
            List<INDArray> parts = new ArrayList<>();
            if (snapshots > fields) {
                parts.add(current.get(channels(current.rank(), fields, snapshots)));
            }
            parts.add(pred);
            if (inChannels > snapshots) {
                parts.add(current.get(channels(current.rank(), snapshots, inChannels)));
            }
            current = parts.size() == 1 ? pred : Nd4j.concat(1, parts.toArray(INDArray[]::new));
        }
        return out;
    }

    private static INDArrayIndex[] index(int rank, INDArrayIndex second) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        Arrays.fill(idx, NDArrayIndex.all());
        idx[1] = second;
        return idx;
    }

    private static INDArrayIndex[] channels(int rank, int from, int to) {
        return index(rank, NDArrayIndex.interval(from, to));
    }

    private SurrogateGraph graph(int[] shape) {
        return graphs.computeIfAbsent(Arrays.toString(shape), k -> {
            SurrogateGraph g = SurrogateGraph.build(model, config.normalizer(), shape);
            g.loadWeights(weights);
            g.setDropoutActive(dropoutActive);
            return g;
        });
    }
}
