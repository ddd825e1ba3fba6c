package dev.surrogate.operators.metrics;

import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a {@link ProbabilisticForecaster} over trajectories of a dataset, {@code K} members per input, and scores
 * the ensemble (a {@code trajectory} task's target snapshots are scored as the steps of a rollout): the
 * {@link EnsembleScores} (CRPS, NLL, coverage, spread-skill, sharpness) pooled over every value
 * and, for rollouts, per step; plus the deterministic {@link FieldMetrics} of the ensemble mean, so the report
 * carries the same keys as {@link Evaluator}'s. A {@code final} task draws one forecast per member and input, a
 * {@code next} task an autoregressive rollout per member from the first {@code k} snapshots to the end.
 *
 * <p>Member {@code m} of the input with global index {@code i} depends only on {@code (seed, i, m)}, so the
 * scores do not depend on the batch size (beyond float32 round-off) and a {@code predict} run with the same seed
 * writes the same members. Memory: the {@code K} members of one batch, {@code K * batch * steps * values per
 * snapshot} floats.
 */
public final class EnsembleEvaluator {
    private final ProbabilisticForecaster forecaster;
    private final Task task;
    private final List<String> fields;
    private final int members;
    private final long seed;
    private final int batchSize;
    private final FrequencyBands bands;
    private final List<PointListener> pointListeners = new ArrayList<>();

    /**
     * Receives the member values and the truth of every point as they are scored (for scores this class does not
     * compute: coverage at other levels, calibration scores, ...). Called on the evaluating thread.
     */
    @FunctionalInterface
    public interface PointListener {
        /**
         * Point {@code p} has members {@code memberValues[k][offset + p]} and truth {@code truth[truthOffset + p]},
         * the layout of {@link EnsembleScores#add(float[][], int, float[], int, int)}.
         *
         * @param memberValues one array per member; read only, reused after the call
         * @param offset       first point in every member array
         * @param truth        observed values; read only, reused after the call
         * @param truthOffset  first point in {@code truth}
         * @param count        number of points
         */
        void points(float[][] memberValues, int offset, float[] truth, int truthOffset, int count);
    }
    private final List<RolloutListener> memberListeners = new ArrayList<>();

    /**
     * @param forecaster the probabilistic model
     * @param task       the task it was trained for
     * @param fields     its fields, in channel order
     * @param members    members per input K, {@code >= 2}
     * @param seed       seed of the draws
     * @param batchSize  inputs per forward pass, {@code >= 1}
     * @param bands      Fourier bands of the fRMSE of the ensemble mean
     */
    public EnsembleEvaluator(ProbabilisticForecaster forecaster, Task task, List<String> fields, int members,
            long seed, int batchSize, FrequencyBands bands) {
        if (members < 2) {
            throw new IllegalArgumentException("probabilistic scores need at least 2 members per input, got "
                    + members);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.forecaster = forecaster;
        this.task = task;
        this.fields = List.copyOf(fields);
        this.members = members;
        this.seed = seed;
        this.batchSize = batchSize;
        this.bands = bands;
    }

    /**
     * Adds a listener that sees every scored point.
     *
     * @param listener the listener
     * @return this evaluator
     */
    public EnsembleEvaluator onPoints(PointListener listener) {
        pointListeners.add(listener);
        return this;
    }

    /**
     * Evaluation result.
     *
     * @param mean    deterministic metrics of the ensemble mean (all of {@link Evaluator.Report}'s keys)
     * @param overall ensemble scores over every value (all rollout steps pooled)
     * @param perStep ensemble scores per rollout step (empty for {@code final})
     * @param method  the forecaster's {@link ProbabilisticForecaster#method() method}
     * @param seed    seed of the draws
     */
    public record Report(Evaluator.Report mean, EnsembleScores overall, List<EnsembleScores> perStep, String method,
            long seed) {

        /**
         * @return {@link Evaluator.Report#toMap()} of the ensemble mean, then the probabilistic keys
         *         ({@code crps, nll, coverage_50, coverage_90, coverage_95, spread_skill, sharpness,
         *         samples_per_input}), {@code forecaster} and {@code seed}; for rollouts also
         *         {@code crps_per_step} and {@code spread_skill_per_step}
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = mean.toMap();
            m.putAll(overall.toMap());
            m.put("forecaster", method);
            m.put("seed", seed);
            if (!perStep.isEmpty()) {
                List<Object> crps = new ArrayList<>();
                List<Object> spreadSkill = new ArrayList<>();
                for (EnsembleScores s : perStep) {
                    crps.add(FieldMetrics.finite(s.crps()));
                    spreadSkill.add(FieldMetrics.finite(s.spreadSkill()));
                }
                m.put("crps_per_step", crps);
                m.put("spread_skill_per_step", spreadSkill);
            }
            return m;
        }
    }

    /**
     * Adds an observer of every member forecast (e.g. the PDE residual or the energy spectrum of the members): for
     * each member and trajectory it receives the forecast {@code [steps, fields, points]} (one step for a
     * single-snapshot target).
     *
     * @param listener the observer
     * @return this evaluator
     */
    public EnsembleEvaluator onMember(RolloutListener listener) {
        memberListeners.add(listener);
        return this;
    }

    /**
     * @param data         dataset whose fields are the model's, in the model's order
     * @param samples      trajectory indices (positions in {@code data}) to evaluate
     * @param inputIndices global index of each of those trajectories (the {@code sample} coordinate of the file),
     *                     which with the seed and the member number decides the draws
     * @param progress     called with the number of trajectories done after each batch
     * @return the report
     * @throws IllegalArgumentException if the dataset's fields or dimensionality do not fit, or the index arrays
     *                                  differ in length
     */
    public Report evaluate(FieldSource data, int[] samples, long[] inputIndices, IntConsumer progress) {
        if (!data.fieldNames().equals(fields)) {
            throw new IllegalArgumentException("dataset fields " + data.fieldNames() + " differ from the model's "
                    + fields);
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples to evaluate");
        }
        if (inputIndices.length != samples.length) {
            throw new IllegalArgumentException("got " + inputIndices.length + " global indices for "
                    + samples.length + " samples");
        }
        long t0 = System.nanoTime();
        int channels = data.fieldCount();
        int[] shape = data.spatialShape();
        FieldMetrics meanMetrics = new FieldMetrics(channels, shape, data.domainLengths(), bands);
        EnsembleScores overall = new EnsembleScores(members);
        List<FieldMetrics> meanPerStep = new ArrayList<>();
        List<EnsembleScores> perStep = new ArrayList<>();
        TaskDataset pairs = new TaskDataset(data, task, samples);
        // a rollout's steps, or the snapshots of a multi-snapshot target (trajectory); 0 for one target snapshot
        boolean rollout = task.autoregressive();
        int steps = rollout ? pairs.pairsPerSample() : task.horizon() > 1 ? task.horizon() : 0;
        for (int s = 0; s < steps; s++) {
            meanPerStep.add(new FieldMetrics(channels, shape, data.domainLengths(), bands));
            perStep.add(new EnsembleScores(members));
        }
        int p = data.points();
        int inSize = pairs.inputSize();
        int outSize = channels * p;
        float[][] memberValues = new float[members][];
        float[] truth = new float[outSize];
        for (int first = 0; first < samples.length; first += batchSize) {
            int n = Math.min(batchSize, samples.length - first);
            float[] x = new float[n * inSize];
            float[] y = new float[n * pairs.outputSize()];
            for (int b = 0; b < n; b++) {
                // pair 0 of each trajectory: the initial condition (final) or the first window (next, trajectory)
                pairs.fill((first + b) * pairs.pairsPerSample(), x, b * inSize, y, b * pairs.outputSize());
            }
            INDArray in = Nd4j.create(x, TaskDataset.withLeading(shape, n, pairs.inputChannels()), 'c');
            long[] idx = Arrays.copyOfRange(inputIndices, first, first + n);
            for (int m = 0; m < members; m++) {
                // a trajectory target's channels are [steps, fields] in the order of a rollout's output
                INDArray forecast = rollout ? forecaster.rollout(in, idx, m, steps, seed)
                        : forecaster.forecast(in, idx, m, seed);
                memberValues[m] = forecast.dup('c').data().asFloat();
                int perRow = Math.max(1, steps);
                for (RolloutListener l : memberListeners) {
                    for (int b = 0; b < n; b++) {
                        l.rollout(samples[first + b], memberValues[m], b * perRow * outSize, perRow);
                    }
                }
            }
            float[] mean = ensembleMean(memberValues);
            if (steps == 0) {
                meanMetrics.addBatch(mean, y, n);
                overall.add(memberValues, 0, y, 0, n * outSize);
                for (PointListener l : pointListeners) {
                    l.points(memberValues, 0, y, 0, n * outSize);
                }
            } else {
                for (int b = 0; b < n; b++) {
                    int sample = samples[first + b];
                    for (int s = 0; s < steps; s++) {
                        for (int f = 0; f < channels; f++) {
                            data.read(sample, task.window() + s, f, truth, f * p);
                        }
                        // members are [batch, steps, fields, points]
                        int offset = (b * steps + s) * outSize;
                        meanPerStep.get(s).add(mean, offset, truth, 0);
                        meanMetrics.add(mean, offset, truth, 0);
                        perStep.get(s).add(memberValues, offset, truth, 0, outSize);
                        overall.add(memberValues, offset, truth, 0, outSize);
                        for (PointListener l : pointListeners) {
                            l.points(memberValues, offset, truth, 0, outSize);
                        }
                    }
                }
            }
            progress.accept(first + n);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        Evaluator.Report meanReport = new Evaluator.Report(task.name(), samples.length, meanMetrics, meanPerStep,
                shape, seconds);
        return new Report(meanReport, overall, perStep, forecaster.method(), seed);
    }

    /** @return the mean over members of every value (summed in double) */
    private static float[] ensembleMean(float[][] memberValues) {
        int k = memberValues.length;
        float[] mean = new float[memberValues[0].length];
        for (int j = 0; j < mean.length; j++) {
            double sum = 0;
            for (int m = 0; m < k; m++) {
                sum += memberValues[m][j];
            }
            mean[j] = (float) (sum / k);
        }
        return mean;
    }
}
