package dev.surrogate.uq.inverse;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelRegistry;
import dev.surrogate.operators.training.SurrogateGraph;
import dev.surrogate.operators.training.TrainingRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A parametric neural operator as the forward model: an operator trained with the viscosity as an input channel
 * ({@code train ... --parameters nu}) maps the known initial condition and {@code nu} to the observed snapshots, and
 * SameDiff differentiates the misfit with respect to {@code nu} (one forward and backward pass; the weights are
 * constants of the graph, {@code nu} its only variable).
 *
 * <p>Which snapshots the operator predicts follows its task on the observed file's snapshot count T: a
 * {@code next} model of window 1 is rolled out from {@code u(0)} through every snapshot up to the last observed one
 * (the rollout is one differentiable graph); a one-pass task whose input is {@code u(0)} predicts its target
 * snapshots ({@code final}: the last one only). The operator must have been trained on files with the same snapshot
 * times. The prediction is float32; the misfit is summed in float32 over the few observed values.
 */
public final class SurrogateForward implements ForwardModel {
    private static final String NU = "inverse/nu";
    private static final String Y = "inverse/observed";
    private static final String PREDICTION = "inverse/prediction";
    private static final String MISFIT = "inverse/misfit";

    private final SurrogateGraph graph;
    private final SameDiff sd;
    private final TrainingRun run;
    private final Map<String, INDArray> placeholders = new HashMap<>();
    private final int count;
    private long evaluations;

    /**
     * @param config  the trained operator's config
     * @param weights its weights
     * @param obs     the observations (initial condition, grid, observed snapshots)
     * @throws IllegalArgumentException if the operator does not take {@code nu} as its one parameter channel, or
     *                                  does not predict every observed snapshot
     */
    public SurrogateForward(ModelConfig config, Map<String, INDArray> weights, Observations obs) {
        Task task = config.task();
        if (!task.parameters().equals(List.of("nu")) || !config.fields().equals(List.of("u"))
                || config.spatialDims() != 1) {
            throw new IllegalArgumentException("the surrogate must be a 1-D model of field u with the viscosity as "
                    + "its one parameter channel (train it with --parameters nu on a --vary nu dataset); this one has "
                    + "fields " + config.fields() + " and parameters " + task.parameters());
        }
        NeuralOperator model = ModelRegistry.create(config.modelType(), config.model());
        if (model.heteroscedastic()) {
            throw new IllegalArgumentException("the surrogate must have a plain (mean) output, not a "
                    + "heteroscedastic one");
        }
        int nx = obs.nx();
        int snapshots = obs.times().length;
        graph = SurrogateGraph.build(model, config.normalizer(), new int[] {nx});
        graph.loadWeights(weights);
        sd = graph.sameDiff();
        List<SDVariable> frozen = new ArrayList<>();
        for (String n : graph.weights().keySet()) {
            frozen.add(sd.getVariable(n));
        }
        sd.convertToConstants(frozen);

        float[] u0 = new float[nx];
        for (int i = 0; i < nx; i++) {
            u0[i] = (float) obs.initial()[i];
        }
        SDVariable initial = sd.constant("inverse/u0", Nd4j.create(u0, new long[] {1, 1, nx}, 'c'));
        SDVariable ones = sd.constant("inverse/ones", Nd4j.ones(DataType.FLOAT, 1, 1, nx));
        SDVariable nu = sd.var(NU, Nd4j.zeros(DataType.FLOAT, 1, 1, 1).addi(0.1));
        SDVariable nuChannel = ones.mul(nu);
        int[] obsTimes = obs.timeIndices();
        SDVariable[] observedSnapshots = new SDVariable[obsTimes.length];
        if (task.autoregressive()) {
            if (task.window() != 1) {
                throw new IllegalArgumentException("a 'next' surrogate must have window 1 (only u(0) is known), got "
                        + task.window());
            }
            SDVariable current = sd.concat(1, initial, nuChannel);
            int k = 0;
            for (int t = 1; t <= obs.lastTimeIndex(); t++) {
                SDVariable next = graph.apply(current).prediction();
                if (t == obsTimes[k]) {
                    observedSnapshots[k++] = next;
                }
                current = sd.concat(1, next, nuChannel);
            }
        } else {
            if (task.pairsPerSample(snapshots) < 1 || !Arrays.equals(task.inputTimes(snapshots, 0), new int[] {0})) {
                throw new IllegalArgumentException("the surrogate's task '" + task.name() + "' does not map u(0) "
                        + "alone to later snapshots");
            }
            int[] targets = task.targetTimes(snapshots, 0);
            SDVariable out = graph.apply(sd.concat(1, initial, nuChannel)).prediction();
            for (int k = 0; k < obsTimes.length; k++) {
                int c = indexOf(targets, obsTimes[k]);
                if (c < 0) {
                    throw new IllegalArgumentException("the surrogate (task '" + task.name() + "') predicts snapshots "
                            + Arrays.toString(targets) + " of this file, not the observed snapshot " + obsTimes[k]
                            + "; observe fewer times or use a 'next' surrogate");
                }
                observedSnapshots[k] = out.get(SDIndex.all(), SDIndex.interval(c, c + 1), SDIndex.all());
            }
        }
        // the observed points by a product with a constant 0/1 selection matrix [nx, P]: SameDiff M2.1's gather
        // gradient builds a loop sub-graph whose name clashes when a graph has more than one
        int[] points = obs.points();
        float[] select = new float[nx * points.length];
        for (int j = 0; j < points.length; j++) {
            select[points[j] * points.length + j] = 1;
        }
        SDVariable selection = sd.constant("inverse/selection", Nd4j.create(select, new long[] {nx,
                points.length}, 'c'));
        SDVariable[] rows = new SDVariable[observedSnapshots.length];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = observedSnapshots[k].reshape(1, nx);
        }
        SDVariable snapshotsByTime = rows.length == 1 ? rows[0] : sd.concat(0, rows);
        SDVariable predicted = snapshotsByTime.mmul(selection).reshape(-1).rename(PREDICTION);
        count = obs.count();
        SDVariable y = sd.placeHolder(Y, DataType.FLOAT, count);
        SDVariable d = predicted.sub(y);
        d.mul(d).sum().mul(0.5).rename(MISFIT);
        sd.setLossVariables(MISFIT);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Sgd(1e-3)).dataSetFeatureMapping(Y)
                .markLabelsUnused().minimize(MISFIT).build());
        run = Nd4jRuntime.quietly(() -> new TrainingRun(sd));
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String name() {
        return "surrogate";
    }

    private void set(double nu, double[] y) {
        sd.getVariable(NU).getArr().assign(nu);
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = y == null ? 0 : (float) y[i];
        }
        INDArray old = placeholders.put(Y, Nd4j.create(f, new long[] {count}, 'c'));
        if (old != null) {
            old.close();
        }
    }

    @Override
    public double[] predict(double nu) {
        set(nu, null);
        evaluations++;
        return graph.outputs(placeholders, PREDICTION).get(PREDICTION).dup().data().asDouble();
    }

    @Override
    public double misfit(double nu, double[] y, double[] derivative) {
        set(nu, y);
        Map<String, INDArray> grads = new HashMap<>();
        double m = run.gradients(placeholders, grads)[0];
        evaluations++;
        INDArray g = grads.get(NU);
        if (derivative != null) {
            derivative[0] = g == null ? 0 : g.getDouble(0);
        }
        grads.values().forEach(INDArray::close);
        return m;
    }

    @Override
    public long evaluations() {
        return evaluations;
    }
}
