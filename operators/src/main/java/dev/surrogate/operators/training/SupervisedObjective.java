package dev.surrogate.operators.training;

import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.NeuralOperator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Operator regression: the model maps a pair's input snapshots to its targets and one {@link Loss} (relative L2 by
 * default) scores the prediction against the target, in physical units. Placeholders {@link SurrogateGraph#INPUT}
 * {@code [batch, inChannels, *space]} and {@link #TARGET} {@code [batch, outChannels, *space]}; one loss term named
 * after the loss. A heteroscedastic model needs a loss that scores its variance ({@code gaussian_nll}).
 */
public final class SupervisedObjective implements Objective {
    /** Type name in {@code config.json}. */
    public static final String TYPE = "supervised";
    /** Placeholder of the physical target {@code [batch, outChannels, *space]}. */
    public static final String TARGET = "target";

    private final Loss loss;
    /** Batch buffers of the last batch size, reused while it stays (the trainer is single-threaded). */
    private float[] x = new float[0];
    private float[] y = new float[0];

    /** @param loss the loss of prediction against target (rebuilt from its name and {@link Loss#config()}) */
    public SupervisedObjective(Loss loss) {
        this.loss = loss;
    }

    /**
     * @param config a map written by {@link #config()}
     * @return the objective
     * @throws IllegalArgumentException if the loss is unknown or the lengths are missing
     */
    public static SupervisedObjective fromConfig(Map<String, ?> config) {
        Object name = config.get("loss");
        if (name == null) {
            throw new IllegalArgumentException("supervised objective config has no 'loss': " + config);
        }
        return new SupervisedObjective(Loss.REGISTRY.create(name.toString(), config));
    }

    /** @return the loss */
    public Loss loss() {
        return loss;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss.name());
        m.putAll(loss.config());
        return m;
    }

    @Override
    public String toString() {
        return loss.name();
    }

    @Override
    public List<String> terms() {
        return List.of(loss.name());
    }

    @Override
    public int inputChannels(TaskDataset data) {
        return data.inputChannels();
    }

    @Override
    public int outputChannels(TaskDataset data) {
        return data.outputChannels();
    }

    @Override
    public Normalizer fitNormalizer(TaskDataset train) {
        return Normalizer.fit(train);
    }

    @Override
    public void check(NeuralOperator model) {
        if (model.heteroscedastic() && !loss.usesVariance()) {
            throw new IllegalArgumentException("a heteroscedastic model needs a loss that scores its variance "
                    + "(gaussian_nll); the " + loss.name() + " loss would leave the variance head untrained");
        }
        if (!model.heteroscedastic() && loss.usesVariance()) {
            throw new IllegalArgumentException("the " + loss.name() + " loss needs a model with a heteroscedastic "
                    + "(mean and log-variance) output");
        }
    }

    @Override
    public Map<String, SDVariable> build(SurrogateGraph graph, TaskDataset data) {
        SameDiff sd = graph.sameDiff();
        int[] shape = graph.shape();
        SDVariable target = sd.placeHolder(TARGET, DataType.FLOAT, TaskDataset.withLeading(shape, -1,
                graph.outChannels()));
        SDVariable l = graph.logVariance() == null ? loss.apply(sd, graph.prediction(), target, shape)
                : loss.apply(sd, graph.prediction(), graph.logVariance(), target, shape);
        Map<String, SDVariable> terms = new LinkedHashMap<>();
        terms.put(loss.name(), l);
        return terms;
    }

    @Override
    public Map<String, INDArray> batch(TaskDataset data, int[] examples, BatchContext context) {
        int n = examples.length;
        int in = data.inputSize();
        int out = data.outputSize();
        if (x.length != n * in) {
            x = new float[n * in];
        }
        if (y.length != n * out) {
            y = new float[n * out];
        }
        for (int b = 0; b < n; b++) {
            data.fill(examples[b], x, b * in, y, b * out);
        }
        int[] space = data.spatialShape();
        Map<String, INDArray> m = new LinkedHashMap<>();
        // Nd4j.create copies into native memory, so the buffers can be refilled for the next batch
        m.put(SurrogateGraph.INPUT, Nd4j.create(x, TaskDataset.withLeading(space, n, data.inputChannels()), 'c'));
        m.put(TARGET, Nd4j.create(y, TaskDataset.withLeading(space, n, data.outputChannels()), 'c'));
        return m;
    }
}
