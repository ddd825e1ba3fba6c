package dev.surrogate.cli;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.Provenance;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.metrics.Evaluator;
import dev.surrogate.operators.metrics.FieldMetrics;
import dev.surrogate.operators.metrics.FrequencyBands;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.Json;
import dev.surrogate.operators.training.LrSchedule;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code surrogate quickstart}: the whole workflow on an embedded default: generate Burgers data, train an FNO,
 * evaluate it on held-out samples, print a table and write plots.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End to end in a few minutes: generate Burgers' equation data (nu = 0.1, GRF initial "
                + "conditions, the FNO benchmark setting at a smaller size), train an FNO (width 32, 16 modes, "
                + "4 layers) for u(0) -> u(1), "
                + "evaluate it on held-out samples, print the metrics and write prediction.png and training.png.",
            "Everything goes to --out: burgers.nc, model/ (a model directory usable by evaluate and predict), "
                + "the plots. If any of them exists already, the command stops unless --force is given."})
public final class QuickstartCommand implements Callable<Integer> {
    /** Half the paper's width: 4x cheaper per step, and accurate enough at this size. */
    private static final int QUICKSTART_WIDTH = 32;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "quickstart",
            description = "Output directory (created). Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "500",
            description = "Trajectories to generate; the last 20 %% are held out. Default: ${DEFAULT-VALUE}.")
    private int samples;

    @Option(names = "--nx", paramLabel = "N", defaultValue = "128", description = "Grid points. Default: 128.")
    private int nx;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "40", description = "Epochs. Default: 40.")
    private int epochs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of data and training.")
    private long seed;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for data generation (default: all processors).")
    private Integer threads;

    @Option(names = "--json", description = "Print the held-out metrics as one JSON object instead of a table.")
    private boolean json;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    private boolean noProgress;

    @Mixin
    private ForceOption force;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "fno", hidden = true)
    private String model;

    /** Architecture; unset options take the quickstart's small FNO: width 32, 16 modes, 4 layers. */
    @Mixin
    private ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        Nd4jRuntime.init();
        if (samples < 5) {
            throw new IllegalArgumentException("--samples must be >= 5 (20 % are held out), got " + samples);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        PrintWriter err = spec.commandLine().getErr();
        Path data = out.resolve("burgers.nc");
        Path modelDir = out.resolve("model");
        for (Path p : new Path[] {data, modelDir, out.resolve("prediction.png"), out.resolve("training.png")}) {
            AtomicFiles.checkNew(p, force.force);
        }
        Files.createDirectories(out);
        if (new ModelDirectory(modelDir).hasCheckpoint()) {
            // --force: start the demonstration over rather than resume it
            for (String f : new String[] {ModelDirectory.CHECKPOINT, ModelDirectory.WEIGHTS, ModelDirectory.HISTORY,
                ModelDirectory.CONFIG}) {
                Files.deleteIfExists(modelDir.resolve(f));
            }
        }
        long t0 = System.nanoTime();
        BurgersSettings burgers = BurgersSettings.defaults().withNx(nx).withNu(0.1).withTimes(1.0, 2);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        DatasetGenerator gen = new DatasetGenerator(new BurgersProblem(burgers),
                DatasetGenerator.Settings.of(samples, seed).withThreads(t)
                        .withHistory("surrogate quickstart --samples " + samples + " --nx " + nx));
        DatasetGenerator.Result generated = gen.generate(data, new ProgressReporter("burgers", err, !noProgress));
        err.printf(Locale.ROOT, "generated %d Burgers trajectories (nu 0.1, nx %d) in %.1f s%n", samples, nx,
                generated.seconds());
        err.flush();

        Result r = StdoutGuard.run(() -> trainAndEvaluate(data, modelDir, err));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        print(spec.commandLine().getOut(), r, data, modelDir, seconds);
        err.printf(Locale.ROOT, "quickstart done in %.1f s%n", seconds);
        err.flush();
        return 0;
    }

    private record Result(FieldMetrics test, List<EpochRecord> history, long parameters, int train, int held,
            double trainSeconds, String modelType) {
    }

    private Result trainAndEvaluate(Path data, Path modelDir, PrintWriter err) throws IOException {
        try (NetcdfFieldSource raw = NetcdfFieldSource.open(data, List.of("u"))) {
            FieldSource src = FieldSources.cacheIfSmall(raw);
            SampleSplit split = SampleSplit.holdOutLast(src.sampleCount(), 0.2);
            Task task = Task.of("final", 1);
            TaskDataset train = new TaskDataset(src, task, split.train());
            TaskDataset test = new TaskDataset(src, task, split.validation());
            if (modelOptions.width == null) {
                modelOptions.width = QUICKSTART_WIDTH;
            }
            NeuralOperator m = CliModels.build(model, modelOptions, 1, 1, 1, seed);
            TrainingSettings s = new TrainingSettings(epochs, 20, 1e-3, 1e-4, LrSchedule.of("cosine", epochs), seed);
            Map<String, Object> notes = new LinkedHashMap<>();
            notes.put("file", data.toAbsolutePath().toString());
            notes.put("train_samples", split.train().length);
            notes.put("validation_samples", split.validation().length);
            notes.put("validation_file", null);
            notes.put("provenance", Provenance.current().toMap());
            err.printf(Locale.ROOT, "training %s on %d samples for %d epochs, holding out %d%n", model,
                    split.train().length, epochs, split.validation().length);
            err.flush();
            ModelDirectory dir = new ModelDirectory(modelDir);
            long t0 = System.nanoTime();
            List<EpochRecord> history = new Trainer(m, Loss.byName("rel_l2", src.domainLengths()),
                    Normalizer.fit(train), s).withDataNotes(notes).train(train, test, dir,
                    new TrainingProgress(err, !noProgress));
            double trainSeconds = (System.nanoTime() - t0) * 1e-9;

            Predictor p = Predictor.load(modelDir);
            Evaluator.Report report = new Evaluator(p, 20, FrequencyBands.PDEBENCH).evaluate(src,
                    split.validation(), n -> { });
            long params = CliSupport.parameterCount(dir);
            plot(p, raw, test, history);
            return new Result(report.overall(), history, params, split.train().length, split.validation().length,
                    trainSeconds, p.config().modelType());
        }
    }

    private void plot(Predictor p, NetcdfFieldSource raw, TaskDataset test, List<EpochRecord> history)
            throws IOException {
        double[] x = raw.reader().x();
        double[] times = raw.reader().times();
        double tFinal = times[times.length - 1];
        double[] nu = raw.reader().parameter("nu");
        int show = Math.min(4, test.size());
        float[] in = new float[show * test.inputSize()];
        float[] truth = new float[show * test.outputSize()];
        for (int i = 0; i < show; i++) {
            test.fill(i, in, i * test.inputSize(), truth, i * test.outputSize());
        }
        float[] pred = p.predict(Nd4j.create(in, new long[] {show, 1, x.length}, 'c')).dup('c').data().asFloat();
        List<Plots.Sample> panels = new ArrayList<>();
        int[] ids = test.samples();
        for (int i = 0; i < show; i++) {
            int from = i * x.length;
            double num = 0;
            double den = 0;
            for (int j = from; j < from + x.length; j++) {
                num += (pred[j] - truth[j]) * (pred[j] - truth[j]);
                den += truth[j] * truth[j];
            }
            panels.add(new Plots.Sample(String.format(Locale.ROOT, "held-out sample %d: rel. L2 %.2g", ids[i],
                    Math.sqrt(num / den)), x,
                    java.util.Arrays.copyOfRange(in, from, from + x.length),
                    java.util.Arrays.copyOfRange(truth, from, from + x.length),
                    java.util.Arrays.copyOfRange(pred, from, from + x.length), tFinal, nu[ids[i]]));
        }
        Plots.predictions(out.resolve("prediction.png"), panels);
        Plots.trainingCurve(out.resolve("training.png"), history, "relative L2");
    }

    private void print(PrintWriter o, Result r, Path data, Path modelDir, double seconds) {
        double[] f = r.test().frmse();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>(r.test().toMap());
            m.put("seconds", seconds);
            m.put("train_samples", r.train());
            m.put("epochs", r.history().size());
            m.put("model", modelDir.toString());
            o.println(Json.pretty(m));
            o.flush();
            return;
        }
        EpochRecord last = r.history().get(r.history().size() - 1);
        o.printf(Locale.ROOT, "Burgers nu = 0.1, nx = %d: %d training, %d held-out samples (%s)%n", nx, r.train(),
                r.held(), data);
        o.printf(Locale.ROOT, "%s, %d parameters, %d epochs in %.1f s, final train loss %.4g%n", r.modelType(),
                r.parameters(), last.epoch(), r.trainSeconds(), last.trainLoss());
        o.println("held-out metric   value");
        o.printf(Locale.ROOT, "rel_l2            %.5f%n", r.test().relL2());
        o.printf(Locale.ROOT, "nrmse             %.5f%n", r.test().nrmse());
        o.printf(Locale.ROOT, "rmse              %.5g%n", r.test().rmse());
        o.printf(Locale.ROOT, "max_error         %.5g%n", r.test().maxError());
        o.printf(Locale.ROOT, "frmse_low         %.5g%n", f[0]);
        o.printf(Locale.ROOT, "frmse_mid         %.5g%n", f[1]);
        o.printf(Locale.ROOT, "frmse_high        %.5g%n", f[2]);
        o.printf(Locale.ROOT, "files: %s, %s/, %s, %s%n", data, modelDir, out.resolve("prediction.png"),
                out.resolve("training.png"));
        o.flush();
    }
}
