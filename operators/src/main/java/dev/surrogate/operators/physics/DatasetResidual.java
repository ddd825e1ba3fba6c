package dev.surrogate.operators.physics;

import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.pde.residual.ResidualStatistics;
import dev.surrogate.pde.residual.SemiDiscreteResidual;
import dev.surrogate.pde.residual.TimeStencil;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The PDE residual of a whole file (solver data or predictions in the same layout), evaluated with the
 * {@code double[]} reference ({@link SemiDiscreteResidual}: the solver's own right-hand side, a finite difference
 * in time over the stored snapshots). One sample is in memory at a time.
 *
 * <p>Numbers: per snapshot index, {@code sqrt(sum r^2 / sum u_t^2)} pooled over all samples, points and the
 * selected fields (RMS of the residual over RMS of the time derivative, unit-free); the mean is the same ratio
 * pooled also over the snapshots from {@code fromTime} on (all by default). For solver data it is the floor that
 * the discretisation itself leaves: the time-difference error plus the solver's error.
 */
public final class DatasetResidual {
    private DatasetResidual() {
    }

    /**
     * What to compute.
     *
     * @param order      time-difference order (2, 4 or 6)
     * @param fields     fields whose equations enter the numbers, or empty for all of the equation's fields
     * @param fromTime   the mean pools the snapshots with {@code t >= fromTime}; {@code -infinity} for all
     * @param maxSamples the first this many samples only, or {@code Integer.MAX_VALUE}
     */
    public record Options(int order, List<String> fields, double fromTime, int maxSamples) {
        /** Validates. */
        public Options {
            fields = List.copyOf(fields);
            if (Double.isNaN(fromTime)) {
                throw new IllegalArgumentException("start time of the mean must be a number, got NaN");
            }
            if (maxSamples < 1) {
                throw new IllegalArgumentException("sample count must be >= 1, got " + maxSamples);
            }
        }

        /** @return order 4, all fields, all snapshots, all samples */
        public static Options defaults() {
            return new Options(4, List.of(), Double.NEGATIVE_INFINITY, Integer.MAX_VALUE);
        }
    }

    /**
     * The residual of a file.
     *
     * @param file           the file
     * @param equation       its equation
     * @param fields         fields whose equations were pooled
     * @param samples        samples evaluated
     * @param times          snapshot times {@code [T]}
     * @param perSnapshot    unit-free residual per snapshot index {@code [T]}
     * @param mean           unit-free residual pooled over the snapshots from {@code meanFromIndex} on
     * @param meanFromIndex  first snapshot index in the mean
     * @param residualRms    RMS of the residual itself over the same snapshots (units of the fields per time)
     * @param discretisation the discretisation in words (space and time)
     */
    public record Result(Path file, String equation, List<String> fields, int samples, double[] times,
                         double[] perSnapshot, double mean, int meanFromIndex, double residualRms,
                         String discretisation) {

        /**
         * @return the contract's keys {@code residual} (the mean), {@code per_snapshot}, {@code discretisation},
         *         plus {@code equation}, {@code fields}, {@code samples}, {@code times}, {@code mean_from_time},
         *         {@code residual_rms}; non-finite numbers become null
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("residual", finite(mean));
            List<Object> per = new ArrayList<>();
            for (double v : perSnapshot) {
                per.add(finite(v));
            }
            m.put("per_snapshot", per);
            m.put("discretisation", discretisation);
            m.put("equation", equation);
            m.put("fields", fields);
            m.put("samples", samples);
            m.put("times", Arrays.stream(times).boxed().toList());
            m.put("mean_from_time", times[meanFromIndex]);
            m.put("residual_rms", finite(residualRms));
            return m;
        }

        private static Object finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    /**
     * Computes the residual of a file.
     *
     * @param file     a dataset or prediction file in the contract's layout
     * @param options  what to compute
     * @param progress told the sample count, then the samples done after each sample
     * @return the result
     * @throws IllegalArgumentException for an unsupported equation, a field that is not the equation's, non-uniform
     *                                  times, too few snapshots for the order, or no snapshot at or after
     *                                  {@code fromTime}
     * @throws IOException              if the file cannot be read or lacks what the equation needs
     */
    public static Result compute(Path file, Options options, ProgressListener progress) throws IOException {
        try (DatasetReader reader = DatasetReader.open(file)) {
            DatasetPhysics physics = DatasetPhysics.of(reader);
            List<String> fields = physics.fields();
            boolean[] selected = new boolean[fields.size()];
            if (options.fields().isEmpty()) {
                Arrays.fill(selected, true);
            } else {
                for (String f : options.fields()) {
                    int i = fields.indexOf(f);
                    if (i < 0) {
                        throw new IllegalArgumentException("field '" + f + "' is not one of " + physics.equation()
                                + "'s fields " + fields);
                    }
                    selected[i] = true;
                }
            }
            double[] times = reader.times();
            TimeStencil stencil = TimeStencil.uniform(times, options.order());
            int from = 0;
            while (from < times.length && times[from] < options.fromTime()) {
                from++;
            }
            if (from == times.length) {
                throw new IllegalArgumentException("no snapshot at or after t = " + options.fromTime() + " (last "
                        + times[times.length - 1] + ")");
            }
            int samples = Math.min(options.maxSamples(), reader.sampleCount());
            progress.started(samples);
            ResidualStatistics stats = accumulate(reader, physics, stencil, samples,
                    done -> progress.progress(done, samples));
            progress.finished();
            double[] per = new double[times.length];
            for (int t = 0; t < times.length; t++) {
                per[t] = stats.perSnapshot(t, selected);
            }
            List<String> used = new ArrayList<>();
            for (int i = 0; i < selected.length; i++) {
                if (selected[i]) {
                    used.add(fields.get(i));
                }
            }
            return new Result(file, physics.equation(), used, samples, times, per,
                    stats.pooled(from, times.length, selected), from, stats.residualRms(from, times.length, selected),
                    physics.spatialDiscretisation() + "; " + stencil.describe());
        }
    }

    /**
     * Sums of squares of the residual and of {@code u_t} of the first {@code samples} samples of a file.
     *
     * @param reader   the open file
     * @param physics  its physics
     * @param stencil  the time difference over all its snapshots
     * @param samples  how many samples, from the first
     * @param progress called with the number of samples done
     * @return the statistics, {@code [T snapshots x fields]}
     * @throws IOException on a read error
     */
    public static ResidualStatistics accumulate(DatasetReader reader, DatasetPhysics physics, TimeStencil stencil,
                                                int samples, IntConsumer progress)
            throws IOException {
        List<String> fields = physics.fields();
        int t = stencil.snapshots();
        int f = fields.size();
        int p = physics.points();
        double[] times = reader.times();
        ResidualStatistics stats = new ResidualStatistics(t, f);
        double[] series = new double[t * f * p];
        double[] dudt = new double[series.length];
        double[] residual = new double[series.length];
        SemiDiscreteResidual evaluator = null;
        double[] evaluatorParams = null;
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < f; k++) {
                double[] values = reader.readSampleAsDouble(fields.get(k), s);
                for (int i = 0; i < t; i++) {
                    System.arraycopy(values, i * p, series, (i * f + k) * p, p);
                }
            }
            double[] params = physics.parameters(s);
            if (evaluator == null || !Arrays.equals(params, evaluatorParams)) {
                evaluator = new SemiDiscreteResidual(physics.solverEquation(params));
                evaluatorParams = params;
            }
            evaluator.residual(stencil, times, series, dudt, residual);
            stats.addWindow(residual, dudt, p);
            progress.accept(s + 1);
        }
        return stats;
    }
}
