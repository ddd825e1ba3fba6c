package dev.surrogate.operators.metrics;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.physics.DatasetPhysics;
import dev.surrogate.pde.residual.ResidualStatistics;
import dev.surrogate.pde.residual.SemiDiscreteResidual;
import dev.surrogate.pde.residual.TimeStencil;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How physical a model's rollouts are, relative to the data: {@code pde_residual} = residual of the predicted
 * trajectories / residual of the true trajectories, both under the same discretisation (the solver's semi-discrete
 * right-hand side, a finite difference in time over the stored snapshots) and over the same snapshots, the
 * predicted ones. 1.0 means as physical as the solver's own data; the truth's number is the floor the
 * discretisation leaves.
 *
 * <p>A predicted trajectory is the given window followed by the rollout, so the time differences at the first
 * predicted snapshots see the true window as a real forecast would. Each residual is the unit-free
 * {@code sqrt(sum r^2 / sum u_t^2)} pooled over trajectories, predicted snapshots, points and fields, the same
 * ratio {@code surrogate residual} reports as its mean ({@link ResidualStatistics#pooled}).
 */
public final class PdeResidualMetric implements RolloutListener {
    private final FieldSource data;
    private final DatasetPhysics physics;
    private final int window;
    private final TimeStencil stencil;
    private final double[] times;
    private final int[] sourceField;
    private final int[] modelField;
    private final int modelFields;
    private final ResidualStatistics predicted;
    private final ResidualStatistics truth;
    private final float[] buffer;
    private final double[] trueSeries;
    private final double[] predSeries;
    private final double[] dudt;
    private final double[] residual;
    private SemiDiscreteResidual evaluator;
    private double[] evaluatorParams;
    private int lastPredicted;

    private PdeResidualMetric(FieldSource data, DatasetPhysics physics, int window, TimeStencil stencil,
                              double[] times, int[] sourceField, int[] modelField, int modelFields) {
        this.data = data;
        this.physics = physics;
        this.window = window;
        this.stencil = stencil;
        this.times = times;
        this.sourceField = sourceField;
        this.modelField = modelField;
        this.modelFields = modelFields;
        int t = times.length;
        int f = physics.fields().size();
        predicted = new ResidualStatistics(t, f);
        truth = new ResidualStatistics(t, f);
        int n = t * f * physics.points();
        buffer = new float[physics.points()];
        trueSeries = new double[n];
        predSeries = new double[n];
        dudt = new double[n];
        residual = new double[n];
    }

    /**
     * The metric for a model's rollouts on a dataset, if it can be measured: the model must roll out
     * ({@code next} task) or predict the snapshots after its window at once ({@code trajectory}), the file's equation have a residual, the model predict all of its fields, and the
     * snapshots be uniformly spaced, at least 3.
     *
     * @param data        the evaluated data (the model's fields)
     * @param reader      the same file's reader (attributes, parameters, times)
     * @param task        the model's task
     * @param modelFields the model's fields, in the order of its predictions
     * @param order       time-difference order (2, 4 or 6); lowered to the highest even order the snapshots allow
     *                    (order 2 for 3 or 4 snapshots), which the discretisation string then names
     * @param note        told why the metric is not available when a rollout model cannot have it
     * @return the metric, or empty
     */
    public static Optional<PdeResidualMetric> forRollouts(FieldSource data, DatasetReader reader, Task task,
                                                          List<String> modelFields, int order,
                                                          Consumer<String> note) {
        // rollouts, and trajectory targets: both predict the snapshots right after the given window
        if (!(task instanceof Task.NextStep) && !(task instanceof Task.Trajectory)) {
            return Optional.empty();
        }
        DatasetPhysics physics;
        TimeStencil stencil;
        try {
            physics = DatasetPhysics.of(reader);
            int fits = 2 * ((reader.timeCount() - 1) / 2);
            stencil = TimeStencil.uniform(reader.times(), Math.max(2, Math.min(order, fits)));
        } catch (IOException | IllegalArgumentException e) {
            note.accept("no pde_residual: " + e.getMessage());
            return Optional.empty();
        }
        List<String> fields = physics.fields();
        int[] source = new int[fields.size()];
        int[] model = new int[fields.size()];
        for (int k = 0; k < fields.size(); k++) {
            source[k] = data.fieldNames().indexOf(fields.get(k));
            model[k] = modelFields.indexOf(fields.get(k));
            if (source[k] < 0 || model[k] < 0) {
                note.accept("no pde_residual: the " + physics.equation() + " residual needs the fields " + fields
                        + ", the model predicts " + modelFields);
                return Optional.empty();
            }
        }
        if (task.window() >= reader.timeCount()) {
            note.accept("no pde_residual: no snapshot after the input window");
            return Optional.empty();
        }
        return Optional.of(new PdeResidualMetric(data, physics, task.window(), stencil, reader.times(), source,
                model, modelFields.size()));
    }

    @Override
    public void rollout(int sample, float[] prediction, int offset, int steps) {
        int t = times.length;
        int f = physics.fields().size();
        int p = physics.points();
        for (int k = 0; k < f; k++) {
            for (int i = 0; i < t; i++) {
                data.read(sample, i, sourceField[k], buffer, 0);
                int o = (i * f + k) * p;
                for (int q = 0; q < p; q++) {
                    trueSeries[o + q] = buffer[q];
                }
            }
        }
        System.arraycopy(trueSeries, 0, predSeries, 0, trueSeries.length);
        int last = Math.min(t, window + steps);
        for (int s = 0; s < last - window; s++) {
            for (int k = 0; k < f; k++) {
                int from = offset + (s * modelFields + modelField[k]) * p;
                int o = ((window + s) * f + k) * p;
                for (int q = 0; q < p; q++) {
                    predSeries[o + q] = prediction[from + q];
                }
            }
        }
        double[] params = physics.parameters(sample);
        if (evaluator == null || !Arrays.equals(params, evaluatorParams)) {
            evaluator = new SemiDiscreteResidual(physics.solverEquation(params));
            evaluatorParams = params;
        }
        add(predSeries, predicted, last);
        add(trueSeries, truth, last);
        lastPredicted = Math.max(lastPredicted, last);
    }

    private void add(double[] series, ResidualStatistics stats, int last) {
        int f = physics.fields().size();
        int p = physics.points();
        evaluator.residual(stencil, times, series, dudt, residual);
        for (int i = window; i < last; i++) {
            for (int k = 0; k < f; k++) {
                stats.add(i, k, residual, dudt, (i * f + k) * p, p);
            }
        }
    }

    /** @return residual of the predictions over that of the truth, NaN before any rollout */
    public double ratio() {
        return predictedResidual() / trueResidual();
    }

    /** @return unit-free residual of the predicted snapshots */
    public double predictedResidual() {
        return lastPredicted > window ? predicted.pooled(window, lastPredicted, null) : Double.NaN;
    }

    /** @return unit-free residual of the true snapshots at the same times */
    public double trueResidual() {
        return lastPredicted > window ? truth.pooled(window, lastPredicted, null) : Double.NaN;
    }

    /**
     * @return {@code pde_residual} (the contract's key), {@code pde_residual_prediction},
     *         {@code pde_residual_truth}, {@code pde_residual_discretisation}; non-finite numbers as null
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pde_residual", finite(ratio()));
        m.put("pde_residual_prediction", finite(predictedResidual()));
        m.put("pde_residual_truth", finite(trueResidual()));
        m.put("pde_residual_discretisation", physics.spatialDiscretisation() + "; " + stencil.describe());
        return m;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
