package dev.surrogate.uq.bnn;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.SupervisedObjective;
import dev.surrogate.operators.training.SurrogateGraph;
import dev.surrogate.operators.training.TrainingRun;
import dev.surrogate.uq.hmc.Potential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The posterior over a trained operator's weights as an HMC {@link Potential}: a Gaussian likelihood of the training
 * pairs around the model's prediction (physical units) and an isotropic Gaussian prior on the sampled weights,
 * <pre>
 *   U(w, sigma) = SSE(w) / (2 sigma^2) + N log sigma + (lambda / 2) |w|^2
 * </pre>
 * with {@code SSE} the sum of squared errors over all N predicted values of the training pairs and {@code lambda}
 * the prior precision. The noise scale is fixed or sampled as one more coordinate {@code log sigma} (the last one,
 * Jeffreys prior; see {@link NoiseModel}). Weights outside the {@link LayerSelection} are frozen at their trained
 * values (constants in the graph, so no gradient is computed for them).
 *
 * <p>{@code SSE} and its gradient come from SameDiff: one forward and backward pass per batch of training pairs
 * through a {@link TrainingRun} (bounded memory), the sampled weights written into the graph by name before each
 * evaluation. Sums over batches are taken in double precision; each batch's sum and gradient are float32.
 *
 * <p>Not thread-safe. Close it to free the graph's session memory.
 */
public final class WeightPosterior implements Potential, AutoCloseable {
    /** Graph variable of the summed squared error of a batch. */
    static final String SSE = "sum_squared_error";

    private final TrainingRun run;
    private final WeightLayout layout;
    private final Map<String, INDArray> live;
    private final List<Map<String, INDArray>> batches;
    private final double priorPrecision;
    private final NoiseModel noise;
    private final long observations;
    private final float[] buffer;
    private final double[] start;
    private final double trainingRmse;
    private final Map<String, INDArray> trained;

    private WeightPosterior(TrainingRun run, WeightLayout layout, Map<String, INDArray> live,
            List<Map<String, INDArray>> batches, double priorPrecision, NoiseModel noise, long observations,
            Map<String, INDArray> trained) {
        this.run = run;
        this.layout = layout;
        this.live = live;
        this.batches = batches;
        this.priorPrecision = priorPrecision;
        this.observations = observations;
        this.buffer = new float[Math.max(1, layout.largest())];
        this.trained = trained;
        double[] w = new double[layout.size()];
        layout.flatten(trained, w);
        this.trainingRmse = Math.sqrt(sumSquaredErrors(w, null) / observations);
        double sigma = Double.isNaN(noise.sigma()) ? trainingRmse : noise.sigma();
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("the starting weights fit the training data exactly (RMS error "
                    + trainingRmse + "): give a positive noise scale");
        }
        this.noise = new NoiseModel(noise.sampled(), sigma);
        this.start = Arrays.copyOf(w, dimension());
        if (noise.sampled()) {
            start[layout.size()] = Math.log(sigma);
        }
    }

    /**
     * Builds the posterior's graph and loads the training pairs into memory.
     *
     * @param model          the operator (not heteroscedastic: the likelihood's variance is {@code sigma^2})
     * @param normalizer     its normaliser
     * @param trained        trained weights by variable name (the starting point; frozen weights keep them)
     * @param data           training pairs
     * @param priorPrecision {@code lambda}, the prior's precision (1 / variance) per weight, positive
     * @param noise          fixed or sampled noise scale
     * @param layers         which weights are sampled
     * @param batchSize      pairs per forward pass, {@code >= 1}
     * @return the posterior
     * @throws IllegalArgumentException for a heteroscedastic model, weights that do not fit, or bad values
     */
    public static WeightPosterior build(NeuralOperator model, Normalizer normalizer, Map<String, INDArray> trained,
            TaskDataset data, double priorPrecision, NoiseModel noise, LayerSelection layers, int batchSize) {
        if (model.heteroscedastic()) {
            throw new IllegalArgumentException("HMC over the weights needs a model with a plain (mean) output; this "
                    + "one is heteroscedastic");
        }
        if (!(priorPrecision > 0) || !Double.isFinite(priorPrecision)) {
            throw new IllegalArgumentException("prior precision must be positive and finite, got " + priorPrecision);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("no training pairs for the likelihood");
        }
        int[] shape = data.spatialShape();
        SurrogateGraph graph = SurrogateGraph.build(model, normalizer, shape);
        graph.loadWeights(trained);
        SameDiff sd = graph.sameDiff();
        Map<String, INDArray> all = graph.weights();
        List<String> sampled = layers.select(forwardOrder(sd, all.keySet()));
        List<SDVariable> frozen = new ArrayList<>();
        for (String n : all.keySet()) {
            if (!sampled.contains(n)) {
                frozen.add(sd.getVariable(n));
            }
        }
        sd.convertToConstants(frozen);
        SDVariable target = sd.placeHolder(SupervisedObjective.TARGET, DataType.FLOAT,
                TaskDataset.withLeading(shape, -1, graph.outChannels()));
        SDVariable d = graph.prediction().sub(target);
        d.mul(d).sum().rename(SSE);
        sd.setLossVariables(SSE);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Sgd(1e-3))
                .dataSetFeatureMapping(SurrogateGraph.INPUT).dataSetLabelMapping(SupervisedObjective.TARGET)
                .minimize(SSE).build());
        TrainingRun run = Nd4jRuntime.quietly(() -> new TrainingRun(sd));
        Map<String, INDArray> live = new LinkedHashMap<>();
        for (String n : sampled) {
            live.put(n, sd.getVariable(n).getArr());
        }
        WeightLayout layout = WeightLayout.of(all, sampled);
        List<Map<String, INDArray>> batches = new ArrayList<>();
        long observations = 0;
        int in = data.inputSize();
        int out = data.outputSize();
        for (int first = 0; first < data.size(); first += batchSize) {
            int n = Math.min(batchSize, data.size() - first);
            float[] x = new float[n * in];
            float[] y = new float[n * out];
            for (int b = 0; b < n; b++) {
                data.fill(first + b, x, b * in, y, b * out);
            }
            Map<String, INDArray> ph = new HashMap<>();
            ph.put(SurrogateGraph.INPUT, Nd4j.create(x, TaskDataset.withLeading(shape, n, data.inputChannels()), 'c'));
            ph.put(SupervisedObjective.TARGET, Nd4j.create(y, TaskDataset.withLeading(shape, n,
                    data.outputChannels()), 'c'));
            batches.add(ph);
            observations += (long) n * out;
        }
        Map<String, INDArray> copy = new LinkedHashMap<>();
        all.forEach((k, v) -> copy.put(k, v.dup()));
        return new WeightPosterior(run, layout, live, batches, priorPrecision, noise, observations, copy);
    }

    /**
     * SameDiff lists variables alphabetically; the order in which the forward pass first uses them is the order of
     * the layers (ops are kept in creation order).
     *
     * @return the weight names in order of first use by an op, then any unused ones
     */
    static List<String> forwardOrder(SameDiff sd, Collection<String> names) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        for (SameDiffOp op : sd.getOps().values()) {
            if (op.getInputsToOp() == null) {
                continue;
            }
            for (String in : op.getInputsToOp()) {
                if (names.contains(in)) {
                    order.add(in);
                }
            }
        }
        order.addAll(names);
        return new ArrayList<>(order);
    }

    /** {@inheritDoc} Sampled weights, then {@code log sigma} if the noise scale is sampled. */
    @Override
    public int dimension() {
        return layout.size() + (noise.sampled() ? 1 : 0);
    }

    /** @return the starting position: the trained weights (and the starting {@code log sigma}) */
    public double[] start() {
        return start.clone();
    }

    @Override
    public double valueAndGradient(double[] q, double[] gradient) {
        double sse = sumSquaredErrors(q, gradient);
        int nw = layout.size();
        double logSigma = noise.sampled() ? q[nw] : Math.log(noise.sigma());
        double invVar = Math.exp(-2 * logSigma);
        double u = 0.5 * sse * invVar + observations * logSigma;
        for (int i = 0; i < nw; i++) {
            gradient[i] = 0.5 * invVar * gradient[i] + priorPrecision * q[i];
            u += 0.5 * priorPrecision * q[i] * q[i];
        }
        if (noise.sampled()) {
            gradient[nw] = -sse * invVar + observations;
        }
        return Double.isNaN(u) ? Double.POSITIVE_INFINITY : u;
    }

    /**
     * Writes the weights of {@code q} into the graph and sums the squared errors over the training pairs.
     *
     * @param gradient receives {@code dSSE/dw} in its first {@code layout.size()} entries, or {@code null}
     */
    private double sumSquaredErrors(double[] q, double[] gradient) {
        layout.write(q, live, buffer);
        double sse = 0;
        if (gradient != null) {
            Arrays.fill(gradient, 0, layout.size(), 0);
        }
        Map<String, INDArray> grads = new HashMap<>();
        for (Map<String, INDArray> batch : batches) {
            grads.clear();
            sse += run.gradients(batch, grads)[0];
            for (WeightLayout.Entry e : layout.entries()) {
                INDArray g = grads.get(e.name());
                if (g == null) {
                    continue;
                }
                if (gradient != null) {
                    float[] v = g.dup('c').data().asFloat();
                    for (int i = 0; i < v.length; i++) {
                        gradient[e.offset() + i] += v[i];
                    }
                }
                g.close();
            }
        }
        return sse;
    }

    /**
     * @param q a position
     * @return the full weight set at {@code q}: sampled arrays from {@code q}, frozen ones as trained (new arrays)
     */
    public Map<String, INDArray> weights(double[] q) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        Map<String, INDArray> sampled = layout.arrays(q);
        trained.forEach((k, v) -> m.put(k, sampled.containsKey(k) ? sampled.get(k) : v.dup()));
        return m;
    }

    /**
     * @param q a position
     * @return the noise scale {@code sigma} at {@code q}
     */
    public double noiseScale(double[] q) {
        return noise.sampled() ? Math.exp(q[layout.size()]) : noise.sigma();
    }

    /** @return the layout of the sampled weights */
    public WeightLayout layout() {
        return layout;
    }

    /** @return the noise model with its starting (or fixed) scale resolved */
    public NoiseModel noise() {
        return noise;
    }

    /** @return the prior precision {@code lambda} */
    public double priorPrecision() {
        return priorPrecision;
    }

    /** @return N, the number of predicted values in the likelihood */
    public long observations() {
        return observations;
    }

    /** @return RMS error of the starting weights on the training pairs (physical units) */
    public double trainingRmse() {
        return trainingRmse;
    }

    /** Frees the session's arrays and the cached batches. */
    @Override
    public void close() {
        run.close();
        for (Map<String, INDArray> b : batches) {
            b.values().forEach(INDArray::close);
        }
    }
}
