package dev.surrogate.operators.metrics;

import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.training.Predictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a trained model over trajectories of a dataset and measures its errors: for a {@code final} model one
 * prediction per trajectory; for a {@code next} model an autoregressive rollout from the first {@code k} snapshots
 * to the end of the trajectory, with metrics pooled over all steps and per step. The dataset may be on another
 * grid than the training data (zero-shot super-resolution).
 */
public final class Evaluator {
    private final Predictor predictor;
    private final int batchSize;
    private final FrequencyBands bands;
    private RolloutListener rollouts = RolloutListener.NONE;

    /**
     * @param predictor trained model
     * @param batchSize trajectories per forward pass, at least 1
     * @param bands     Fourier bands of the fRMSE
     */
    public Evaluator(Predictor predictor, int batchSize, FrequencyBands bands) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.predictor = predictor;
        this.batchSize = batchSize;
        this.bands = bands;
    }

    /**
     * @param listener receives every rollout (for {@code next} models), e.g. a {@link PdeResidualMetric}
     * @return this evaluator
     */
    public Evaluator onRollout(RolloutListener listener) {
        this.rollouts = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Evaluation result.
     *
     * @param task         task name
     * @param trajectories trajectories evaluated
     * @param overall      metrics over all predictions (all rollout steps pooled)
     * @param perStep      metrics per rollout step (empty for {@code final})
     * @param shape        grid of the evaluation data
     * @param seconds      wall time
     */
    public record Report(String task, int trajectories, FieldMetrics overall, List<FieldMetrics> perStep,
            int[] shape, double seconds) {

        /**
         * @return the contract's JSON keys ({@code rel_l2, nrmse, rmse, max_error, samples, seconds}), the fRMSE
         *         bands, and for rollouts {@code rollout_steps} and per-step lists {@code rel_l2_per_step},
         *         {@code nrmse_per_step}, {@code rmse_per_step}; non-finite numbers become {@code null}
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.putAll(overall.toMap());
            m.put("samples", trajectories);
            m.put("seconds", seconds);
            m.put("task", task);
            m.put("grid", Arrays.stream(shape).boxed().toList());
            if (!perStep.isEmpty()) {
                m.put("rollout_steps", perStep.size());
                List<Object> rel = new ArrayList<>();
                List<Object> nrmse = new ArrayList<>();
                List<Object> rmse = new ArrayList<>();
                for (FieldMetrics f : perStep) {
                    rel.add(FieldMetrics.finite(f.relL2()));
                    nrmse.add(FieldMetrics.finite(f.nrmse()));
                    rmse.add(FieldMetrics.finite(f.rmse()));
                }
                m.put("rel_l2_per_step", rel);
                m.put("nrmse_per_step", nrmse);
                m.put("rmse_per_step", rmse);
            }
            return m;
        }
    }

    /**
     * @param data     dataset whose fields are the model's, in the model's order
     * @param samples  trajectory indices to evaluate
     * @param progress called with the number of trajectories done after each batch
     * @return the report
     * @throws IllegalArgumentException if the dataset's fields or dimensionality do not fit the model
     */
    public Report evaluate(FieldSource data, int[] samples, IntConsumer progress) {
        if (!data.fieldNames().equals(predictor.config().fields())) {
            throw new IllegalArgumentException("dataset fields " + data.fieldNames() + " differ from the model's "
                    + predictor.config().fields());
        }
        if (data.spatialShape().length != predictor.config().spatialDims()) {
            throw new IllegalArgumentException("dataset is " + data.spatialShape().length + "-D, the model "
                    + predictor.config().spatialDims() + "-D");
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples to evaluate");
        }
        long t0 = System.nanoTime();
        Task task = predictor.task();
        int fields = data.fieldCount();
        FieldMetrics overall = new FieldMetrics(fields, data.spatialShape(), data.domainLengths(), bands);
        List<FieldMetrics> perStep = new ArrayList<>();
        TaskDataset pairs = new TaskDataset(data, task, samples);
        // a rollout's steps, or the snapshots of a multi-snapshot target (trajectory); 0 for one target snapshot
        boolean rollout = task.autoregressive();
        int steps = rollout ? pairs.pairsPerSample() : task.horizon() > 1 ? task.horizon() : 0;
        for (int s = 0; s < steps; s++) {
            perStep.add(new FieldMetrics(fields, data.spatialShape(), data.domainLengths(), bands));
        }
        int p = data.points();
        int inSize = pairs.inputSize();
        int outSize = fields * p;
        for (int first = 0; first < samples.length; first += batchSize) {
            int n = Math.min(batchSize, samples.length - first);
            float[] x = new float[n * inSize];
            float[] y = new float[n * pairs.outputSize()];
            for (int b = 0; b < n; b++) {
                // pair 0 of each trajectory: the initial condition (final) or the first window (next, trajectory)
                pairs.fill((first + b) * pairs.pairsPerSample(), x, b * inSize, y, b * pairs.outputSize());
            }
            INDArray in = Nd4j.create(x, TaskDataset.withLeading(data.spatialShape(), n, pairs.inputChannels()),
                    'c');
            if (steps == 0) {
                float[] pred = predictor.predict(in).data().asFloat();
                overall.addBatch(pred, y, n);
            } else {
                // [batch, steps, fields, *space]: a rollout, or a trajectory target's channels in the same order
                float[] pred = (rollout ? predictor.rollout(in, steps) : predictor.predict(in)).dup('c').data()
                        .asFloat();
                float[] truth = new float[outSize];
                for (int b = 0; b < n; b++) {
                    int sample = samples[first + b];
                    for (int s = 0; s < steps; s++) {
                        for (int f = 0; f < fields; f++) {
                            data.read(sample, task.window() + s, f, truth, f * p);
                        }
                        int offset = (b * steps + s) * outSize;
                        perStep.get(s).add(pred, offset, truth, 0);
                        overall.add(pred, offset, truth, 0);
                    }
                    rollouts.rollout(sample, pred, b * steps * outSize, steps);
                }
            }
            progress.accept(first + n);
        }
        return new Report(task.name(), samples.length, overall, perStep, data.spatialShape(),
                (System.nanoTime() - t0) * 1e-9);
    }
}
