package dev.surrogate.uq.compare;

import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Seeds;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import dev.surrogate.operators.metrics.EnsembleEvaluator;
import dev.surrogate.operators.metrics.EnsembleScores;
import dev.surrogate.operators.metrics.FieldMetrics;
import dev.surrogate.operators.metrics.FrequencyBands;
import dev.surrogate.operators.training.Json;
import dev.surrogate.uq.conformal.Calibration;
import dev.surrogate.uq.conformal.ConformalCalibrator;
import dev.surrogate.uq.conformal.ConformalForecaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one method of a comparison end to end: fit it ({@link UqMethod#fit}), calibrate it by split conformal
 * prediction on the held-out calibration trajectories ({@link ConformalCalibrator}, members drawn with the seed
 * {@code mix(seed, CALIBRATION_STREAM)} so they are independent of the test draws), then score the forecaster on the
 * test set with {@code K} members per input ({@link EnsembleEvaluator}: the keys of {@code evaluate --samples K}),
 * and in the same pass the calibrated forecaster ({@link ConformalForecaster}'s members, computed from the same
 * draws by {@link CalibratedScores}), plus the coverage over a range of levels ({@link Reliability}) and one test
 * forecast's bands for a plot.
 *
 * <p>Each method's directory receives {@value #STAMP}: the method's settings, the architecture, the recipe (all but
 * the number of epochs), the seed, the task and the data split. A later run in the same directory with other values
 * is refused instead of silently resuming a different fit; more epochs continue the fit.
 */
public final class UqComparison {
    /** File in each method directory recording what the fit was made with. */
    public static final String STAMP = "compare-method.json";
    /** Stream of the calibration draws: the calibration members use the seed {@code mix(seed, this)}. */
    public static final long CALIBRATION_STREAM = 0x63616c6962L;

    /** Nominal level of the plotted band. */
    public static final double BAND_LEVEL = 0.9;

    private final Settings settings;

    /**
     * How methods are scored.
     *
     * @param members    members per input K, {@code >= 2} (calibration and test)
     * @param level      nominal level the conformal scale is calibrated for, in (0, 1)
     * @param seed       seed of the test draws
     * @param batchSize  inputs per forward pass
     * @param levels     nominal levels of the reliability diagram
     */
    public record Settings(int members, double level, long seed, int batchSize, double[] levels) {
        /** Validates and copies. */
        public Settings {
            if (members < 2) {
                throw new IllegalArgumentException("members per input must be >= 2, got " + members);
            }
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("calibration level must be in (0, 1), got " + level);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            levels = levels.clone();
        }

        @Override
        public double[] levels() {
            return levels.clone();
        }
    }

    /**
     * The test set.
     *
     * @param source        test data
     * @param samples       trajectories (positions in {@code source}) to score
     * @param globalIndices their global indices (the file's {@code sample} coordinate), which key the draws
     */
    public record TestSet(FieldSource source, int[] samples, long[] globalIndices) {
        /** Validates and copies. */
        public TestSet {
            samples = samples.clone();
            globalIndices = globalIndices.clone();
            if (samples.length == 0 || samples.length != globalIndices.length) {
                throw new IllegalArgumentException("test set needs samples and one global index each, got "
                        + samples.length + " and " + globalIndices.length);
            }
        }

        @Override
        public int[] samples() {
            return samples.clone();
        }

        @Override
        public long[] globalIndices() {
            return globalIndices.clone();
        }
    }

    /**
     * One test forecast of a method for a plot: channel 0 (of 2-D fields, the middle row {@code y = ny / 2}) at
     * the last predicted time.
     *
     * @param x            cell positions
     * @param truth        the true values
     * @param median       the members' median
     * @param lo           lower end of the members' central interval at {@code level} ({@value #BAND_LEVEL})
     * @param hi           upper end
     * @param loCalibrated lower end after calibration
     * @param hiCalibrated upper end after calibration
     * @param level        nominal level of the interval
     * @param sample       global index of the test input
     */
    public record Band(double[] x, double[] truth, double[] median, double[] lo, double[] hi, double[] loCalibrated,
            double[] hiCalibrated, double level, long sample) {
    }

    /**
     * A method's row.
     *
     * @param name          method name
     * @param fitted        the fitted method
     * @param calibration   its conformal calibration
     * @param raw           test scores of the uncalibrated forecaster
     * @param calibrated    test scores after calibration (the scores of {@link ConformalForecaster}'s members)
     * @param levels        reliability levels
     * @param observed      observed coverage at each level before calibration
     * @param observedCalibrated observed coverage after calibration
     * @param diagnostics   the method's {@link UqMethod#diagnostics} averaged over the test inputs
     * @param band          one test forecast for a plot
     */
    public record Row(String name, UqMethod.Fitted fitted, Calibration calibration, EnsembleEvaluator.Report raw,
            EnsembleScores calibrated, double[] levels, double[] observed, double[] observedCalibrated,
            Map<String, Double> diagnostics, Band band) {

        /** @return seconds the raw test forecasts took (K members of every test input, scoring included) */
        public double predictSeconds() {
            return raw.mean().seconds();
        }

        /**
         * The row as JSON values: {@code name}, then every key of {@code evaluate --samples K --json} for the raw
         * forecaster, the calibrated scores with the suffix {@code _calibrated} ({@code crps, nll, coverage_50,
         * coverage_90, coverage_95, spread_skill, sharpness}), the calibration ({@code calibration_level,
         * calibration_scale, calibration_points, calibration_coverage_before}), {@code train_seconds},
         * {@code predict_seconds}, {@code trained} (whether this run trained), the reliability curve
         * ({@code reliability: {levels, observed, observed_calibrated}}), then the method's details and
         * diagnostics.
         *
         * @return the map
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.putAll(raw.toMap());
            EnsembleScores c = calibrated;
            m.put("crps_calibrated", FieldMetrics.finite(c.crps()));
            m.put("nll_calibrated", FieldMetrics.finite(c.nll()));
            m.put("coverage_50_calibrated", FieldMetrics.finite(c.coverage50()));
            m.put("coverage_90_calibrated", FieldMetrics.finite(c.coverage90()));
            m.put("coverage_95_calibrated", FieldMetrics.finite(c.coverage95()));
            m.put("spread_skill_calibrated", FieldMetrics.finite(c.spreadSkill()));
            m.put("sharpness_calibrated", FieldMetrics.finite(c.sharpness()));
            m.put("calibration_level", calibration.level());
            m.put("calibration_scale", FieldMetrics.finite(calibration.scale()));
            m.put("calibration_points", calibration.points());
            m.put("calibration_coverage_before", FieldMetrics.finite(calibration.coverageBefore()));
            m.put("train_seconds", FieldMetrics.finite(fitted.trainSeconds()));
            m.put("predict_seconds", FieldMetrics.finite(predictSeconds()));
            m.put("trained", fitted.trainedNow());
            Map<String, Object> rel = new LinkedHashMap<>();
            rel.put("levels", list(levels));
            rel.put("observed", list(observed));
            rel.put("observed_calibrated", list(observedCalibrated));
            m.put("reliability", rel);
            m.putAll(fitted.details());
            diagnostics.forEach((k, v) -> m.put(k, FieldMetrics.finite(v)));
            return m;
        }

        private static List<Object> list(double[] v) {
            List<Object> l = new ArrayList<>();
            for (double d : v) {
                l.add(FieldMetrics.finite(d));
            }
            return l;
        }
    }

    /** @param settings how methods are scored */
    public UqComparison(Settings settings) {
        this.settings = settings;
    }

    /** @return the settings */
    public Settings settings() {
        return settings;
    }

    /**
     * Fits, calibrates and scores one method.
     *
     * @param name        the method's name
     * @param method      the method
     * @param ctx         shared data, task, recipe, seed
     * @param dir         the method's directory
     * @param trainGlobal global index of every trajectory of {@code ctx.train()} (keys of the calibration draws)
     * @param test        the test set
     * @return the row
     * @throws IllegalArgumentException if the directory holds a fit made with other settings, or the data do not fit
     * @throws IllegalStateException    if the calibration split is too small for the level
     */
    public Row run(String name, UqMethod method, CompareContext ctx, Path dir, long[] trainGlobal, TestSet test) {
        if (trainGlobal.length != ctx.train().sampleCount()) {
            throw new IllegalArgumentException("got " + trainGlobal.length + " global indices for "
                    + ctx.train().sampleCount() + " training trajectories");
        }
        if (ctx.trainingAllowed()) {
            checkStamp(name, method, ctx, dir);
        }
        UqMethod.Fitted fitted = method.fit(ctx, dir);
        ProbabilisticForecaster f = fitted.forecaster();
        Task task = ctx.task();
        List<String> fields = ctx.train().fieldNames();
        int k = settings.members();

        int[] cal = ctx.calibrationSamples();
        long[] calGlobal = new long[cal.length];
        for (int i = 0; i < cal.length; i++) {
            calGlobal[i] = trainGlobal[cal[i]];
        }
        ConformalCalibrator calibrator = new ConformalCalibrator(settings.level(), k);
        new EnsembleEvaluator(f, task, fields, k, Seeds.mix(settings.seed(), CALIBRATION_STREAM),
                settings.batchSize(), FrequencyBands.PDEBENCH).onPoints(calibrator)
                .evaluate(ctx.train(), cal, calGlobal, done -> ctx.listener().evaluated(name + ": calibration", done,
                        cal.length));
        Calibration calibration = calibrator.calibrate();

        int n = test.samples().length;
        Reliability before = new Reliability(settings.levels());
        // the calibrated scores come from the same members, scaled as the ConformalForecaster scales them
        CalibratedScores after = new CalibratedScores(calibration, settings.levels());
        EnsembleEvaluator.Report raw = new EnsembleEvaluator(f, task, fields, k, settings.seed(),
                settings.batchSize(), FrequencyBands.PDEBENCH).onPoints(before).onPoints(after).evaluate(
                        test.source(), test.samples(), test.globalIndices(),
                        done -> ctx.listener().evaluated(name + ": test", done, n));
        Map<String, Double> diagnostics = diagnostics(method, fitted, task, test);
        Band band = band(f, calibration, task, test);
        return new Row(name, fitted, calibration, raw, after.scores(), settings.levels(), before.observed(),
                after.reliability().observed(), diagnostics, band);
    }

    /** Writes the stamp on the first run, and refuses a directory stamped with other values. */
    private static void checkStamp(String name, UqMethod method, CompareContext ctx, Path dir) {
        Map<String, Object> stamp = new LinkedHashMap<>();
        stamp.put("method", name);
        stamp.put("settings", method.settings());
        stamp.put("architecture", ctx.architecture());
        Map<String, Object> recipe = ctx.recipe().toMap();
        recipe.remove("epochs");
        stamp.put("recipe", recipe);
        stamp.put("seed", ctx.seed());
        stamp.put("task", ctx.task().name());
        stamp.put("window", ctx.task().window());
        stamp.put("parameters", ctx.task().parameters());
        stamp.put("fit_samples", Arrays.stream(ctx.fitSamples()).boxed().toList());
        stamp.put("calibration_samples", ctx.calibrationSamples().length);
        stamp.put("data", ctx.dataNotes().get("file"));
        Map<String, Object> normalised = Json.parseObject(Json.compact(stamp));
        Path file = dir.resolve(STAMP);
        if (Files.isRegularFile(file)) {
            Map<String, Object> saved = Json.read(file);
            if (!saved.equals(normalised)) {
                List<String> differ = new ArrayList<>();
                for (String key : normalised.keySet()) {
                    if (!java.util.Objects.equals(saved.get(key), normalised.get(key))) {
                        differ.add(key + " (saved " + brief(saved.get(key)) + ", now " + brief(normalised.get(key))
                                + ")");
                    }
                }
                throw new IllegalArgumentException(dir + " holds a " + name + " fit made with other settings: "
                        + String.join("; ", differ) + "; use another --out or delete that directory");
            }
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Json.write(file, normalised);
    }

    private static String brief(Object o) {
        String s = String.valueOf(o);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private Map<String, Double> diagnostics(UqMethod method, UqMethod.Fitted fitted, Task task, TestSet test) {
        TaskDataset pairs = new TaskDataset(test.source(), task, test.samples());
        int[] shape = test.source().spatialShape();
        Map<String, Double> sums = new LinkedHashMap<>();
        int n = test.samples().length;
        for (int first = 0; first < n; first += settings.batchSize()) {
            int b = Math.min(settings.batchSize(), n - first);
            INDArray in = inputs(pairs, first, b, shape);
            Map<String, Double> d = method.diagnostics(fitted, in);
            if (d.isEmpty()) {
                return Map.of();
            }
            int weight = b;
            d.forEach((key, v) -> sums.merge(key, v * weight, Double::sum));
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        sums.forEach((key, v) -> mean.put(key, v / n));
        return mean;
    }

    /** Inputs of test trajectories {@code first .. first + b - 1}: their first pair. */
    private static INDArray inputs(TaskDataset pairs, int first, int b, int[] shape) {
        float[] x = new float[b * pairs.inputSize()];
        float[] y = new float[b * pairs.outputSize()];
        for (int i = 0; i < b; i++) {
            pairs.fill((first + i) * pairs.pairsPerSample(), x, i * pairs.inputSize(), y, i * pairs.outputSize());
        }
        return Nd4j.create(x, TaskDataset.withLeading(shape, b, pairs.inputChannels()), 'c');
    }

    private Band band(ProbabilisticForecaster f, Calibration calibration, Task task, TestSet test) {
        FieldSource src = test.source();
        int sample = test.samples()[0];
        long global = test.globalIndices()[0];
        TaskDataset pairs = new TaskDataset(src, task, new int[] {sample});
        int[] shape = src.spatialShape();
        INDArray in = inputs(pairs, 0, 1, shape);
        int steps = task instanceof Task.NextStep ? pairs.pairsPerSample() : 0;
        int p = src.points();
        int nx = shape[shape.length - 1];
        // channel 0; in 2-D the middle row
        int offset = shape.length == 2 ? (shape[0] / 2) * nx : 0;
        // values of one output snapshot: the last rollout step, or the one forecast
        int snapshot = src.fieldCount() * p;
        int k = settings.members();
        double[][] members = new double[nx][k];
        for (int m = 0; m < k; m++) {
            INDArray y = steps == 0 ? f.forecast(in, new long[] {global}, m, settings.seed())
                    : f.rollout(in, new long[] {global}, m, steps, settings.seed());
            float[] v = y.dup('c').data().asFloat();
            int last = v.length - snapshot;
            for (int i = 0; i < nx; i++) {
                members[i][m] = v[last + offset + i];
            }
        }
        // the time of that snapshot: the rollout's end, or the task's last target
        int[] targets = pairs.targetTimes(0);
        int time = steps > 0 ? src.timeCount() - 1 : targets[targets.length - 1];
        float[] truth = new float[p];
        src.read(sample, time, 0, truth, 0);
        double c = BAND_LEVEL;
        double lambda = calibration.scale();
        double[] x = new double[nx];
        double[] t = new double[nx];
        double[] med = new double[nx];
        double[] lo = new double[nx];
        double[] hi = new double[nx];
        double[] loC = new double[nx];
        double[] hiC = new double[nx];
        double dx = src.domainLengths()[shape.length - 1] / nx;
        for (int i = 0; i < nx; i++) {
            Arrays.sort(members[i]);
            x[i] = i * dx;
            t[i] = truth[offset + i];
            med[i] = EnsembleScores.quantile(members[i], 0.5);
            lo[i] = EnsembleScores.quantile(members[i], (1 - c) / 2);
            hi[i] = EnsembleScores.quantile(members[i], (1 + c) / 2);
            // the calibrated members are the raw ones scaled about the median, and so are their quantiles
            loC[i] = med[i] + lambda * (lo[i] - med[i]);
            hiC[i] = med[i] + lambda * (hi[i] - med[i]);
        }
        return new Band(x, t, med, lo, hi, loC, hiC, c, global);
    }
}
