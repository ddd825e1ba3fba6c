package dev.surrogate.cli;

import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.io.NetcdfDatasetWriter;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.generative.Generative;
import dev.surrogate.generative.flow.FlowForecaster;
import dev.surrogate.generative.flow.FlowModel;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.forecast.Forecasters;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.uq.ensemble.DeepEnsemble;
import dev.surrogate.uq.ensemble.EnsembleDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surrogate predict}: forecasts of a trained model, written as NetCDF in the dataset layout. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict with a trained model for every sample of a dataset and write the forecasts as "
                + "NetCDF in the same layout (same fields, grid, attributes and per-sample parameters).",
            "'final' models: time holds the input time and the final time, index 0 the given initial condition, "
                + "index 1 the prediction.",
            "'next' models: the first --window snapshots are copied from the input, the rest is the "
                + "autoregressive rollout. 'trajectory' models: the first --window snapshots are copied, the next "
                + "--horizon ones are the forecast.",
            "Flow models ('train flow') always draw: each forecast is member m of input i from (--seed, i, m), "
                + "integrated by --sampler.",
            "The sample coordinate keeps the inputs' global indices, so xarray aligns predictions with the truth.",
            "--samples K > 1 draws K forecasts per input from a probabilistic model (heteroscedastic head: "
                + "Gaussian samples fed back along rollouts; dropout: Monte Carlo dropout), member m of input i "
                + "from (--seed, i, m) alone, the same members as 'evaluate --samples K --seed S'. The sample "
                + "dimension then holds inputs x K, input-major, with integer labels sample_index(sample) (the "
                + "input's global index) and member(sample); the sample coordinate is sample_index * K + member."})
public final class PredictCommand implements Callable<Integer> {

    /** Names of the per-sample labels of a file with several forecasts per input. */
    private static final List<String> LABELS = List.of("sample_index", "member");

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR",
            description = "Trained model directory, or an ensemble directory of 'train ensemble' (with --samples).")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.nc", description = "Inputs (dataset layout).")
    private Path data;

    @Option(names = "--out", required = true, paramLabel = "PRED.nc", description = "Output NetCDF file.")
    private Path out;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "1",
            description = "Forecasts per input; more than 1 needs a probabilistic model (heteroscedastic or with "
                    + "dropout). Default: ${DEFAULT-VALUE}.")
    private int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the random draws when --samples > 1 (the same as evaluate's). "
                    + "Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "20", description = "Samples per forward pass.")
    private int batch;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    private boolean noProgress;

    @ArgGroup(exclusive = false, heading = "%nFlow models:%n")
    private FlowSamplingOptions sampling = new FlowSamplingOptions();

    @Mixin
    private ThreadsOption threads;

    @Mixin
    private ForceOption force;

    @Override
    public Integer call() throws Exception {
        Nd4jRuntime.init();
        Generative.register();
        PrintWriter err = spec.commandLine().getErr();
        CliSupport.checkModelDir(model);
        CliSupport.checkInputFile(data, "dataset file");
        AtomicFiles.checkTarget(out, force.force, data, model.resolve("weights.npz"), model.resolve("config.json"));
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be >= 1, got " + samples);
        }
        long t0 = System.nanoTime();
        int n = StdoutGuard.run(() -> {
            // a deep ensemble's members share task and fields: member 0 stands for them
            Predictor p = Predictor.load(EnsembleDirectory.isEnsemble(model)
                    ? new EnsembleDirectory(model).member(0).path() : model);
            try (NetcdfFieldSource src = NetcdfFieldSource.open(data, p.config().fields())) {
                return write(p, src, err);
            }
        });
        PrintWriter o = spec.commandLine().getOut();
        o.println(out + " " + CliSupport.count(n, "sample") + (samples > 1 ? " (" + samples + " per input)" : ""));
        o.flush();
        err.printf(Locale.ROOT, "predicted %s in %.2f s%n", CliSupport.count(n, "sample"),
                (System.nanoTime() - t0) * 1e-9);
        err.flush();
        return 0;
    }

    /** @return the model's forecaster for K > 1 or a flow, or null for deterministic predictions */
    private ProbabilisticForecaster forecaster(Predictor p) {
        if (FlowModel.isFlow(model)) {
            // a flow only draws: even one forecast per input is a draw
            return sampling.forecaster(new FlowModel(p));
        }
        sampling.checkApplies(model);
        if (EnsembleDirectory.isEnsemble(model)) {
            if (samples < 2) {
                throw new IllegalArgumentException(model + " is a deep ensemble: give --samples K (>= 2) to draw "
                        + "from its mixture");
            }
            return DeepEnsemble.load(new EnsembleDirectory(model));
        }
        if (samples == 1) {
            return null;
        }
        if (!Forecasters.isProbabilistic(p)) {
            throw new IllegalArgumentException("--samples " + samples + " needs a probabilistic model "
                    + "(heteroscedastic or with dropout); " + model + " is deterministic");
        }
        return Forecasters.of(p);
    }

    private int write(Predictor p, NetcdfFieldSource src, PrintWriter err) throws IOException {
        ProbabilisticForecaster forecaster = forecaster(p);
        DatasetReader reader = src.reader();
        Task task = p.task();
        int window = task.window();
        int times = src.timeCount();
        int n = src.sampleCount();
        int fields = src.fieldCount();
        int points = src.points();
        TaskDataset pairs = new TaskDataset(src, task, CliSupport.indices(n));
        boolean rollout = task.autoregressive();
        // a trajectory task forecasts the snapshots after its window at once
        boolean span = !rollout && task.horizon() > 1;
        double[] t = reader.times();
        double[] outTimes = rollout ? t : span ? Arrays.copyOf(t, window + task.horizon())
                : new double[] {t[0], t[times - 1]};
        List<VariableSpec> specs = new ArrayList<>();
        for (String f : src.fieldNames()) {
            specs.add(reader.variable(f));
        }
        List<VariableSpec> params = new ArrayList<>();
        int k = 0;
        List<String> paramNames = new ArrayList<>(reader.sampleParameterNames());
        // labels of an earlier forecast file used as input are not parameters of the new forecast
        paramNames.removeAll(LABELS);
        double[][] paramValues = new double[paramNames.size()][];
        for (String name : paramNames) {
            params.add(reader.variable(name));
            paramValues[k++] = reader.parameter(name);
        }
        long[] inputIndices = reader.sampleIndices();
        long[] outIndices = new long[n * samples];
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < samples; m++) {
                outIndices[i * samples + m] = Math.multiplyExact(inputIndices[i], (long) samples) + m;
            }
        }
        Map<String, Object> attrs = new LinkedHashMap<>(reader.attributes());
        String history = "surrogate predict --model " + model + " --data " + data
                + (samples > 1 ? " --samples " + samples + " --seed " + seed : "");
        Object old = attrs.get("history");
        attrs.put("history", old == null ? history : old + "\n" + history);
        attrs.put("source", "predictions of the " + p.config().modelType() + " model in " + model.toAbsolutePath()
                + " (task " + task.name() + ", window " + window + ")");
        if (attrs.containsKey("first_sample")) {
            attrs.put("first_sample", outIndices[0]);
        }
        if (forecaster instanceof FlowForecaster flow) {
            attrs.put("flow_sampler", flow.samplerSettings().toString());
        }
        if (samples > 1) {
            attrs.put("samples_per_input", samples);
            attrs.put("forecast_method", forecaster.method());
            attrs.put("forecast_seed", seed);
        }
        DatasetLayout layout = new DatasetLayout(reader.domainLength(), reader.nx(),
                reader.spatialDimensions() == 2 ? reader.ny() : 0, outTimes, specs, params, attrs);
        if (samples > 1) {
            layout = layout.withSampleLabels(List.of(
                    new VariableSpec(LABELS.get(0), "global index of the input sample this forecast belongs to",
                            "1"),
                    new VariableSpec(LABELS.get(1), "forecast member for its input (0 .. K-1)", "1")));
        }
        int steps = rollout ? times - window : span ? task.horizon() : 1;
        ProgressReporter progress = new ProgressReporter("predict", err, !noProgress);
        progress.started(n);
        int given = rollout || span ? window : 1;
        // one output sample at a time: every value is overwritten before each writeSample, which keeps neither
        float[][] values = new float[fields][outTimes.length * points];
        // the given snapshots of a batch's inputs, read once and copied into each of the K forecasts
        float[][][] givenValues = new float[Math.min(batch, n)][fields][given * points];
        double[] pv = new double[params.size()];
        int[] labels = new int[samples > 1 ? 2 : 0];
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, layout, outIndices)) {
            for (int first = 0; first < n; first += batch) {
                int b = Math.min(batch, n - first);
                float[] x = new float[b * pairs.inputSize()];
                float[] y = new float[b * pairs.outputSize()];
                for (int i = 0; i < b; i++) {
                    pairs.fill((first + i) * pairs.pairsPerSample(), x, i * pairs.inputSize(), y,
                            i * pairs.outputSize());
                    for (int f = 0; f < fields; f++) {
                        for (int s = 0; s < given; s++) {
                            src.read(first + i, s, f, givenValues[i][f], s * points);
                        }
                    }
                }
                INDArray in = Nd4j.create(x, TaskDataset.withLeading(src.spatialShape(), b,
                        pairs.inputChannels()), 'c');
                long[] idx = Arrays.copyOfRange(inputIndices, first, first + b);
                for (int member = 0; member < samples; member++) {
                    INDArray forecast;
                    if (forecaster != null) {
                        forecast = rollout ? forecaster.rollout(in, idx, member, steps, seed)
                                : forecaster.forecast(in, idx, member, seed);
                    } else {
                        forecast = rollout ? p.rollout(in, steps) : p.predict(in);
                    }
                    float[] pred = forecast.dup('c').data().asFloat();
                    for (int i = 0; i < b; i++) {
                        int sample = first + i;
                        for (int f = 0; f < fields; f++) {
                            System.arraycopy(givenValues[i][f], 0, values[f], 0, given * points);
                            for (int s = 0; s < steps; s++) {
                                // pred is [batch, steps, fields, points] (rollout) or [batch, fields, points]
                                int from = ((i * steps + s) * fields + f) * points;
                                System.arraycopy(pred, from, values[f], (given + s) * points, points);
                            }
                        }
                        for (int q = 0; q < paramValues.length; q++) {
                            pv[q] = paramValues[q][sample];
                        }
                        if (samples > 1) {
                            labels[0] = Math.toIntExact(inputIndices[sample]);
                            labels[1] = member;
                        }
                        w.writeSample(sample * samples + member, values, pv, labels);
                    }
                }
                progress.progress(first + b, n);
            }
            w.commit();
        }
        progress.finished();
        return n * samples;
    }
}
