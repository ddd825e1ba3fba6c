package dev.surrogate.cli;

import dev.surrogate.datasets.Provenance;
import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.training.Json;
import dev.surrogate.uq.compare.CompareContext;
import dev.surrogate.uq.compare.HmcMethod;
import dev.surrogate.uq.compare.MethodOptions;
import dev.surrogate.uq.compare.ModelFactory;
import dev.surrogate.uq.compare.Reliability;
import dev.surrogate.uq.compare.UqComparison;
import dev.surrogate.uq.compare.UqMethod;
import dev.surrogate.uq.compare.UqMethods;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code surrogate uq compare}: fits several uncertainty-quantification methods on one training set, calibrates
 * each by split conformal prediction and scores all of them on one test set. Parses and wires only; the work is in
 * {@link UqComparison}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare uncertainty-quantification methods on the same test set, one row per method: the "
                + "keys of 'evaluate --samples K' (rmse, rel_l2 of the members' mean, crps, nll, coverage_50/90/95, "
                + "spread_skill, sharpness, ...), the same scores after split conformal calibration (suffix "
                + "_calibrated), train_seconds and predict_seconds.",
            "The last --calibrate share of the --data trajectories is held out: no method trains on it. There each "
                + "method's K members per input are scaled about their median by the factor that makes their central "
                + "--level interval cover the truth with the split-conformal guarantee; the calibrated forecaster "
                + "uses that factor on the test set.",
            "Methods train in --out/NAME (resumable: finished ones are loaded, interrupted ones continue), or are "
                + "loaded from --models DIR/NAME. With --out, also writes compare.json, reliability.png (nominal "
                + "against observed coverage, before and after calibration) and forecast.png (one test forecast "
                + "with each method's 90 %% band)."})
public final class UqCompareCommand implements Callable<Integer> {
    private static final int DEFAULT_EPOCHS = 100;

    static {
        // methods that span modules uq does not depend on are registered here
        FlowUqMethod.register();
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "TRAIN.nc",
            description = "Training data (the last --calibrate share is held out for calibration).")
    private Path data;

    @Option(names = "--test", required = true, paramLabel = "TEST.nc", description = "Test data.")
    private Path test;

    @Option(names = "--methods", paramLabel = "NAMES", split = ",",
            description = "Methods to compare, comma-separated (default: all known ones but hmc, whose chains take far longer "
                    + "than the others' training: name it to add it).")
    private List<String> methods = new ArrayList<>();

    @Option(names = "--calibrate", paramLabel = "F", defaultValue = "0.2",
            description = "Share of the --data trajectories held out for conformal calibration, in (0, 1). "
                    + "Default: ${DEFAULT-VALUE}.")
    private double calibrate;

    @Option(names = "--level", paramLabel = "C", defaultValue = "0.9",
            description = "Nominal coverage of the central interval the calibration makes hold. Default: "
                    + "${DEFAULT-VALUE}.")
    private double level;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "50",
            description = "Members per input for every method (MC dropout: passes). Default: ${DEFAULT-VALUE}.")
    private int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the methods and of the draws. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "" + DEFAULT_EPOCHS,
            description = "Epochs of every trained model. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "20",
            description = "Batch size for training and prediction. Default: ${DEFAULT-VALUE}.")
    private int batch;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "1e-3", description = "Initial learning rate. "
            + "Default: ${DEFAULT-VALUE}.")
    private double lr;

    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "1e-4",
            description = "Decoupled weight decay. Default: ${DEFAULT-VALUE}.")
    private double weightDecay;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "step",
            description = "Learning-rate schedule: step, cosine or constant. Default: ${DEFAULT-VALUE}.")
    private String schedule;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "final",
            description = "final (u(0) to the last snapshot), next (--window snapshots to the next, rolled out) or "
                    + "trajectory (--window snapshots to the next --horizon at once). Default: ${DEFAULT-VALUE}.")
    private String task;

    @Option(names = "--window", paramLabel = "K", defaultValue = "1",
            description = "Input snapshots of the 'next' and 'trajectory' tasks. Default: ${DEFAULT-VALUE}.")
    private int window;

    @Option(names = "--horizon", paramLabel = "H",
            description = "Snapshots the 'trajectory' task predicts (default: all the rest).")
    private Integer horizon;

    @Option(names = "--fields", paramLabel = "NAMES", split = ",",
            description = "Fields to use (default: all fields of the file).")
    private List<String> fields = new ArrayList<>();

    @Option(names = "--base", paramLabel = "MODEL", defaultValue = "fno",
            description = "Operator every method trains: fno or deeponet. Default: ${DEFAULT-VALUE}.")
    private String base;

    @Option(names = "--width", paramLabel = "W", description = "Hidden channels (model default if absent).")
    private Integer width;

    @Option(names = "--modes", paramLabel = "M", description = "FNO Fourier modes (model default if absent).")
    private Integer modes;

    @Option(names = "--layers", paramLabel = "L", description = "Hidden layers (model default if absent).")
    private Integer layers;

    @Option(names = "--members", paramLabel = "M", description = "ensemble: members (default 5).")
    private Integer members;

    @Option(names = "--bootstrap", description = "ensemble: each member trains on a bootstrap resample of the "
            + "trajectories.")
    private boolean bootstrap;

    @Option(names = "--parallel", paramLabel = "P",
            description = "ensemble: members trained at once (default: cores / ND4J threads, at most the members).")
    private Integer parallel;

    @Option(names = "--dropout", paramLabel = "P", description = "dropout: the dropout rate (default 0.1).")
    private Double dropout;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "A method option, repeatable: dropout.heteroscedastic=true, dropout.loss=NAME; "
                    + "flow.sampler=euler|heun|rk4|dopri|dopri853|stochastic, flow.steps=N, flow.rtol=R, "
                    + "flow.atol=A, flow.switch_time=T, flow.noise=white|grf[:TAU:ALPHA], flow.sigma_min=S, "
                    + "flow.time=uniform|logit_normal[:M:S], flow.parameterization=velocity|data[:MIN_NOISE]; hmc.layers=all|last:K, hmc.chains=N, hmc.warmup=N, "
                    + "hmc.draws=N, hmc.leapfrog_steps=N, hmc.prior_precision=L, hmc.noise=sampled|fixed|SIGMA, "
                    + "hmc.likelihood_samples=N, hmc.batch=N.")
    private List<String> extraOptions = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for the methods' fits (DIR/NAME, resumable), compare.json and the plots.")
    private Path out;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Load finished fits from DIR/NAME instead of training (e.g. an ensemble directory from "
                    + "'train ensemble', a model trained with --dropout).")
    private Path models;

    @Option(names = "--max-test", paramLabel = "N", description = "Score only the first N test samples.")
    private Integer maxTest;

    @Option(names = "--json", description = "Print one JSON object {\"methods\": [...], ...} instead of a table.")
    private boolean json;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    private boolean noProgress;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        Nd4jRuntime.init();
        PrintWriter err = spec.commandLine().getErr();
        CliSupport.checkInputFile(data, "training data");
        CliSupport.checkInputFile(test, "test data");
        if (models != null) {
            CliSupport.checkModelDir(models);
        }
        if (!(calibrate > 0 && calibrate < 1)) {
            throw new IllegalArgumentException("--calibrate must be in (0, 1), got " + calibrate);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        if (maxTest != null && maxTest < 1) {
            throw new IllegalArgumentException("--max-test must be >= 1, got " + maxTest);
        }
        UqComparison comparison = new UqComparison(new UqComparison.Settings(samples, level, seed, batch,
                Reliability.DEFAULT_LEVELS));
        Map<String, UqMethod> selected = methods();
        if (out != null) {
            Files.createDirectories(out);
        }
        Path workDir = out != null ? out : models == null ? Files.createTempDirectory("uq-compare") : null;
        if (out == null && models == null) {
            err.println("uq compare: no --out: methods train in a temporary directory that is deleted afterwards, "
                    + "and no plots are written");
        }
        try {
            List<UqComparison.Row> rows = new ArrayList<>();
            Map<String, Object> summary = StdoutGuard.run(() -> compare(comparison, selected, workDir, rows, err));
            List<Object> list = new ArrayList<>();
            for (UqComparison.Row r : rows) {
                list.add(r.toMap());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("methods", list);
            result.putAll(summary);
            if (out != null) {
                AtomicFiles.write(out.resolve("compare.json"), (Json.pretty(result) + "\n").getBytes(
                        StandardCharsets.UTF_8));
                UqPlots.reliability(out.resolve("reliability.png"), rows);
                UqPlots.bands(out.resolve("forecast.png"), rows);
                err.println("uq compare: wrote " + out.resolve("compare.json") + ", reliability.png and "
                        + "forecast.png");
            }
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                o.println(Json.pretty(result));
            } else {
                printTable(o, rows);
            }
            o.flush();
            err.flush();
            return 0;
        } finally {
            if (out == null && workDir != null) {
                deleteTree(workDir);
            }
        }
    }

    /** Builds every selected method (which validates their options) and rejects options none of them knows. */
    private Map<String, UqMethod> methods() {
        Map<String, String> values = new LinkedHashMap<>();
        if (members != null) {
            values.put("members", members.toString());
        }
        if (bootstrap) {
            values.put("bootstrap", "true");
        }
        if (parallel != null) {
            values.put("parallel", parallel.toString());
        }
        if (dropout != null) {
            values.put("dropout", dropout.toString());
        }
        Set<String> free = new LinkedHashSet<>();
        for (String kv : extraOptions) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--option " + kv + " is not KEY=VALUE");
            }
            values.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            free.add(kv.substring(0, eq).trim());
        }
        MethodOptions options = new MethodOptions(values);
        List<String> names = methods;
        if (names.isEmpty()) {
            names = new ArrayList<>(UqMethods.names());
            names.remove(HmcMethod.NAME);
        }
        Map<String, UqMethod> selected = new LinkedHashMap<>();
        for (String n : names) {
            String name = n.trim();
            if (selected.containsKey(name)) {
                throw new IllegalArgumentException("--methods names " + name + " twice");
            }
            selected.put(name, UqMethods.create(name, options));
        }
        Set<String> unused = options.unused();
        unused.retainAll(free);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("--option " + unused + " is not an option of " + selected.keySet());
        }
        return selected;
    }

    private Map<String, Object> compare(UqComparison comparison, Map<String, UqMethod> selected, Path workDir,
            List<UqComparison.Row> rows, PrintWriter err) throws IOException {
        CompareProgress progress = new CompareProgress(err, !noProgress);
        try (NetcdfFieldSource rawTrain = NetcdfFieldSource.open(data, fields);
                NetcdfFieldSource rawTest = NetcdfFieldSource.open(test, rawTrain.fieldNames())) {
            Task t = CliSupport.task(task, window, horizon, rawTrain.timeCount());
            long[] trainGlobal = rawTrain.reader().sampleIndices();
            long[] testGlobal = rawTest.reader().sampleIndices();
            FieldSource train = FieldSources.cacheIfSmall(rawTrain);
            FieldSource testSource = FieldSources.cacheIfSmall(rawTest);
            SampleSplit split = SampleSplit.holdOutLast(train.sampleCount(), calibrate);
            if (split.validation().length == 0 || split.train().length == 0) {
                throw new IllegalArgumentException("--calibrate " + calibrate + " leaves no trajectories to fit or "
                        + "to calibrate on (" + train.sampleCount() + " in " + data + ")");
            }
            int nTest = maxTest == null ? testSource.sampleCount() : Math.min(maxTest, testSource.sampleCount());
            if (!Arrays.equals(train.spatialShape(), testSource.spatialShape())) {
                err.printf(Locale.ROOT, "uq compare: the test grid %s differs from the training grid %s%n",
                        Arrays.toString(testSource.spatialShape()), Arrays.toString(train.spatialShape()));
            }
            Map<String, Object> notes = new LinkedHashMap<>();
            notes.put("file", data.toAbsolutePath().toString());
            notes.put("fit_samples", split.train().length);
            notes.put("calibration_samples", split.validation().length);
            Map<String, Object> architecture = new LinkedHashMap<>();
            architecture.put("base", base);
            architecture.put("width", width);
            architecture.put("modes", modes);
            architecture.put("layers", layers);
            CompareContext ctx = new CompareContext(train, split.train(), split.validation(), t,
                    new CompareContext.Recipe(epochs, batch, lr, weightDecay, schedule), seed, modelFactory(),
                    architecture, models == null, progress, notes);
            UqComparison.TestSet testSet = new UqComparison.TestSet(testSource, CliSupport.indices(nTest),
                    Arrays.copyOf(testGlobal, nTest));
            err.printf(Locale.ROOT, "uq compare: %s on %d trajectories (calibration: the last %d), test: %d, "
                    + "%d members per input, calibrated at %.3g%n", String.join(", ", selected.keySet()),
                    split.train().length, split.validation().length, nTest, samples, level);
            err.flush();
            for (Map.Entry<String, UqMethod> e : selected.entrySet()) {
                Path dir = (models != null ? models : workDir).resolve(e.getKey());
                if (models != null && !Files.exists(dir)) {
                    throw new NoSuchFileException(dir.toString(), null, "method directory not found");
                }
                UqComparison.Row r = comparison.run(e.getKey(), e.getValue(), ctx, dir, trainGlobal, testSet);
                err.printf(Locale.ROOT, "%s: %s, coverage_%d %.3f -> %.3f after calibration (scale %.3g), "
                        + "predicted in %.1f s%n", e.getKey(), r.fitted().trainedNow() ? "trained" : "loaded",
                        Math.round(100 * level), r.calibration().coverageBefore(), coverageAt(r), r.calibration()
                        .scale(), r.predictSeconds());
                err.flush();
                rows.add(r);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("data", data.toString());
            summary.put("test", test.toString());
            summary.put("task", t.name());
            summary.put("fit_samples", split.train().length);
            summary.put("calibration_samples", split.validation().length);
            summary.put("test_samples", nTest);
            summary.put("samples_per_input", samples);
            summary.put("calibration_level", level);
            summary.put("seed", seed);
            summary.put("epochs", epochs);
            summary.put("architecture", architecture);
            summary.put("provenance", Provenance.current().toMap());
            return summary;
        }
    }

    /** Observed coverage on the test set after calibration at the calibrated level (from the reliability curve). */
    private double coverageAt(UqComparison.Row r) {
        double[] levels = r.levels();
        for (int i = 0; i < levels.length; i++) {
            if (Math.abs(levels[i] - level) < 1e-12) {
                return r.observedCalibrated()[i];
            }
        }
        return r.calibrated().coverage90();
    }

    private ModelFactory modelFactory() {
        return r -> {
            ModelOptions o = new ModelOptions();
            o.width = width;
            o.modes = modes;
            o.layers = layers;
            o.dropout = r.dropout();
            o.heteroscedastic = r.heteroscedastic();
            return CliModels.build(base, o, r.inChannels(), r.outChannels(), r.spatialDims(), r.seed());
        };
    }

    private static void printTable(PrintWriter out, List<UqComparison.Row> rows) {
        out.printf(Locale.ROOT, "%-10s %10s %10s %10s %9s %15s %15s %15s %7s %10s %9s %9s%n", "method", "rmse",
                "rel_l2", "crps", "nll", "cov50 -> conf", "cov90 -> conf", "cov95 -> conf", "spr/sk", "sharpness",
                "train s", "pred s");
        for (UqComparison.Row r : rows) {
            var s = r.raw().overall();
            var c = r.calibrated();
            var m = r.raw().mean().overall();
            out.printf(Locale.ROOT, "%-10s %10.4g %10.4g %10.4g %9.4g %6.3f -> %5.3f %6.3f -> %5.3f %6.3f -> %5.3f "
                    + "%7.3f %10.4g %9.1f %9.1f%n", r.name(), m.rmse(), m.relL2(), s.crps(), s.nll(),
                    s.coverage50(), c.coverage50(), s.coverage90(), c.coverage90(), s.coverage95(), c.coverage95(),
                    s.spreadSkill(), s.sharpness(), r.fitted().trainSeconds(), r.predictSeconds());
        }
        for (UqComparison.Row r : rows) {
            out.printf(Locale.ROOT, "%s: conformal scale %.4g (level %.3g, %d calibration values)%n", r.name(),
                    r.calibration().scale(), r.calibration().level(), r.calibration().points());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            });
        } catch (IOException e) {
            // same
        }
    }
}
