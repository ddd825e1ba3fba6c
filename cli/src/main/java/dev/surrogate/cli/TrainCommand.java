package dev.surrogate.cli;

import dev.surrogate.generative.Generative;
import dev.surrogate.generative.flow.FlowMatchingObjective;
import dev.surrogate.generative.flow.FlowObjective;
import dev.surrogate.generative.physics.ResidualSettings;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.LrSchedule;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code surrogate train MODEL}: fits a neural operator to a dataset and writes a model directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a neural operator on a NetCDF dataset and write a model directory (config.json, "
                + "weights.npz, history.csv, checkpoint.npz).",
            "Tasks: 'final' maps u(t=0) to the last snapshot (FNO Burgers benchmark); 'next' maps a window of "
                + "--window snapshots to the next one (rolled out autoregressively by evaluate/predict); "
                + "'trajectory' maps the first --window snapshots to the next --horizon ones (default: all the rest) "
                + "as one space-time target.",
            "MODEL 'meanflow' trains an average-velocity flow for few-step sampling (SplitMeanFlow's interval "
                + "splitting on dyadic intervals, no Jacobian-vector products): 'predict'/'evaluate --sampler mean "
                + "--steps N' draw with N network evaluations (1, 2, 4, 8).",
            "MODEL 'flow' trains a conditional flow-matching surrogate (a probabilistic forecaster): an FNO "
                + "velocity network (the architecture options apply to it) learns to carry noise to the task's "
                + "targets given its inputs; 'predict'/'evaluate --samples K' draw from it.",
            "Adam with decoupled weight decay; a checkpoint after every epoch: --resume continues a killed run "
                + "exactly."})
public final class TrainCommand implements Callable<Integer> {
    private static final int DEFAULT_EPOCHS = 100;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model: fno (FNO-1D or FNO-2D, from the data), "
            + "deeponet, flow (flow-matching surrogate), meanflow (few-step average-velocity flow), or ensemble "
            + "(a deep ensemble of --members heteroscedastic --base operators).")
    private String model;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE.nc",
            description = "Training dataset: a file, or several files or quoted patterns ('shards/*.nc', matches "
                    + "in name order) joined along samples in the order given, checked to agree on grid, fields, "
                    + "times and parameters (an NcML aggregation from 'merge --ncml' is one file). With --resume: "
                    + "the same files.")
    private List<String> data;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Model directory to write.")
    private Path out;

    @Option(names = "--epochs", paramLabel = "E",
            description = "Epochs (default " + DEFAULT_EPOCHS + "; with --resume: the saved number, or a new total).")
    private Integer epochs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of initial weights, shuffling and dropout. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--task", paramLabel = "TASK",
            description = "final, next or trajectory. Default: final, and trajectory for 'train flow' and "
                    + "'train meanflow'.")
    private String task;

    @Option(names = "--window", paramLabel = "K", defaultValue = "1",
            description = "Input snapshots of the 'next' task (FNO-2D Navier-Stokes: 10). Default: ${DEFAULT-VALUE}.")
    private int window;

    @Option(names = "--horizon", paramLabel = "H",
            description = "Snapshots the 'trajectory' task predicts after its --window given ones, as one target. "
                    + "Default: all the rest.")
    private Integer horizon;

    @Option(names = "--parameters", paramLabel = "NAMES", split = ",",
            description = "Per-sample parameters (e.g. nu of a --vary sweep) given to the model as constant input "
                    + "channels, so one operator learns the parametric family.")
    private List<String> parameters = new ArrayList<>();

    @Option(names = "--fields", paramLabel = "NAMES", split = ",",
            description = "Fields to use as channels, comma-separated (default: all fields of the file).")
    private List<String> fields = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "B", defaultValue = "20", description = "Batch size. Default: 20.")
    private int batch;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "1e-3",
            description = "Initial learning rate. Default: ${DEFAULT-VALUE}.")
    private double lr;

    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "1e-4",
            description = "Decoupled weight decay (AdamW style). Default: ${DEFAULT-VALUE}.")
    private double weightDecay;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "step",
            description = "Learning-rate schedule: step (halve every quarter of the run), cosine or constant. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String schedule;

    @Option(names = "--loss", paramLabel = "NAME",
            description = "rel_l2, l2, mse or gaussian_nll. Default: rel_l2, and gaussian_nll for a "
                    + "--heteroscedastic model (which refuses a point loss: its variance head would learn nothing).")
    private String loss;

    @Option(names = "--train-samples", paramLabel = "N",
            description = "Use only the first N samples of --data (default: all, minus the validation share).")
    private Integer trainSamples;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Share of the samples held out (the last ones) for validation, when no --val-data is "
                    + "given. Default: ${DEFAULT-VALUE}.")
    private double valFraction;

    @Option(names = "--val-data", paramLabel = "FILE.nc", description = "Separate validation dataset.")
    private Path valData;

    @Option(names = "--resume", description = "Continue the run in MODEL_DIR from its last checkpoint.")
    private boolean resume;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    private boolean noProgress;

    @Mixin
    private ModelOptions modelOptions;

    @ArgGroup(exclusive = false, heading = "%nFlow matching ('train flow'):%n")
    private FlowTrainingOptions flowOptions = new FlowTrainingOptions();

    @Mixin
    private EnsembleOptions ensembleOptions;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        ensembleOptions.checkOnlyFor(model);
        if (TrainEnsemble.NAME.equals(model)) {
            return new TrainEnsemble(spec, modelOptions, ensembleOptions).call();
        }
        Nd4jRuntime.init();
        Generative.register();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = DataFiles.expand(data, "dataset file");
        if (valData != null) {
            CliSupport.checkInputFile(valData, "validation dataset");
        }
        ModelDirectory dir = new ModelDirectory(out);
        if (!resume && dir.hasCheckpoint()) {
            throw new IllegalArgumentException("--out " + out + " already holds a trained model; add --resume to "
                    + "continue it or choose another directory");
        }
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        long t0 = System.nanoTime();
        List<EpochRecord> history = StdoutGuard.run(() -> resume ? resume(dir, files, err) : fresh(dir, files, err));
        EpochRecord last = history.get(history.size() - 1);
        long params = CliSupport.parameterCount(dir);
        ModelConfig c = dir.readConfig();
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s: %s (%d parameters), task %s, grid %s%n", out, c.modelType(), params,
                c.task().name() + (c.task().window() > 1 ? " (window " + c.task().window() + ")" : ""),
                Arrays.toString(c.trainedShape()));
        o.printf(Locale.ROOT, "epochs %d, train loss %.4e, validation loss %s (%s)%n", last.epoch(),
                last.trainLoss(), Double.isNaN(last.validationLoss()) ? "-" : String.format(Locale.ROOT, "%.4e",
                        last.validationLoss()), c.buildObjective());
        o.flush();
        err.printf(Locale.ROOT, "trained in %.1f s%s%n", (System.nanoTime() - t0) * 1e-9, peakMemory());
        err.flush();
        return 0;
    }

    private List<EpochRecord> fresh(ModelDirectory dir, List<Path> files, PrintWriter err) throws IOException {
        boolean mean = FlowTrainingOptions.MEAN_MODEL.equals(model);
        boolean flow = FlowTrainingOptions.MODEL.equals(model) || mean;
        if (!flow) {
            flowOptions.checkUnused();
        }
        try (DataFiles.Opened raw = DataFiles.open(files, fields);
                NetcdfFieldSource rawVal = valData == null ? null : NetcdfFieldSource.open(valData,
                        raw.fieldNames())) {
            FieldSource src = FieldSources.cacheIfSmall(raw.source());
            Task t = task(flow, src.timeCount());
            int n = trainSamples == null ? src.sampleCount() : trainSamples;
            if (n < 1 || n > src.sampleCount()) {
                throw new IllegalArgumentException("--train-samples " + n + " outside [1, " + src.sampleCount()
                        + "] (samples in " + raw.shortName() + ")");
            }
            SampleSplit split = rawVal != null ? SampleSplit.all(n) : SampleSplit.holdOutLast(n, valFraction);
            TaskDataset train = new TaskDataset(src, t, split.train());
            TaskDataset val = null;
            if (rawVal != null) {
                FieldSource v = FieldSources.cacheIfSmall(rawVal);
                checkSameGrid(src, v);
                val = new TaskDataset(v, t, CliSupport.indices(v.sampleCount()));
            } else if (split.validation().length > 0) {
                val = new TaskDataset(src, t, split.validation());
            }
            int dims = src.spatialShape().length;
            int e = epochs == null ? DEFAULT_EPOCHS : epochs;
            TrainingSettings s = new TrainingSettings(e, batch, lr, weightDecay, LrSchedule.of(schedule, e), seed);
            Trainer trainer;
            if (flow) {
                if (loss != null || modelOptions.heteroscedastic) {
                    throw new IllegalArgumentException("a flow is trained by flow matching: --loss and "
                            + "--heteroscedastic do not apply to 'train " + model + "'");
                }
                FlowObjective o;
                if (mean) {
                    o = flowOptions.meanFlow(train);
                } else {
                    ResidualSettings physics = flowOptions.physics();
                    o = FlowMatchingObjective.fit(flowOptions.settings(), train).withPhysics(physics);
                    if (physics != null) {
                        s = s.withCombination(flowOptions.combination());
                    }
                }
                NeuralOperator m = flowOptions.velocityNetwork(modelOptions, o.layout(), dims, seed);
                trainer = new Trainer(m, o, o.fitNormalizer(train), s);
            } else {
                NeuralOperator m = CliModels.build(model, modelOptions, train.inputChannels(),
                        train.outputChannels(), dims, seed);
                String lossName = loss != null ? loss : m.heteroscedastic() ? "gaussian_nll" : "rel_l2";
                trainer = new Trainer(m, Loss.byName(lossName, src.domainLengths()), Normalizer.fit(train), s);
            }
            Map<String, Object> notes = new LinkedHashMap<>();
            notes.put("file", raw.describe());
            if (raw.files().size() > 1) {
                notes.put("files", raw.files().stream().map(f -> f.toAbsolutePath().normalize().toString()).toList());
            }
            notes.put("train_samples", split.train().length);
            notes.put("validation_samples", val == null ? 0 : val.samples().length);
            notes.put("validation_file", valData == null ? null : valData.toAbsolutePath().toString());
            err.printf(Locale.ROOT, "training %s on %d trajectories (%d pairs), validating on %d, grid %s%n",
                    model, split.train().length, train.size(), val == null ? 0 : val.samples().length,
                    Arrays.toString(src.spatialShape()));
            err.flush();
            return trainer.withDataNotes(notes).train(train, val, dir, new TrainingProgress(err, !noProgress));
        }
    }

    private List<EpochRecord> resume(ModelDirectory dir, List<Path> files, PrintWriter err) throws IOException {
        if (!dir.hasCheckpoint()) {
            throw new IllegalArgumentException("nothing to resume: " + out + " has no "
                    + ModelDirectory.CHECKPOINT);
        }
        ModelConfig c = dir.readConfig();
        Map<String, Object> notes = c.data();
        int nTrain = ((Number) notes.getOrDefault("train_samples", 0)).intValue();
        int nVal = ((Number) notes.getOrDefault("validation_samples", 0)).intValue();
        Object valFile = notes.get("validation_file");
        try (DataFiles.Opened raw = DataFiles.open(files, c.fields());
                NetcdfFieldSource rawVal = valFile == null ? null : NetcdfFieldSource.open(Path.of(
                        valFile.toString()), c.fields())) {
            FieldSource src = FieldSources.cacheIfSmall(raw.source());
            if (nTrain < 1 || nTrain + (rawVal == null ? nVal : 0) > src.sampleCount()) {
                throw new IllegalArgumentException(raw.shortName() + " has " + src.sampleCount() + " samples but the "
                        + "saved run used " + nTrain + " for training"
                        + (rawVal == null ? " and " + nVal + " for validation" : ""));
            }
            TaskDataset train = new TaskDataset(src, c.task(), SampleSplit.counts(src.sampleCount(), nTrain, 0)
                    .train());
            TaskDataset val = null;
            if (rawVal != null) {
                FieldSource v = FieldSources.cacheIfSmall(rawVal);
                val = new TaskDataset(v, c.task(), CliSupport.indices(v.sampleCount()));
            } else if (nVal > 0) {
                val = new TaskDataset(src, c.task(), SampleSplit.counts(src.sampleCount(), nTrain, nVal)
                        .validation());
            }
            Trainer trainer = Trainer.fromDirectory(dir, epochs);
            err.printf(Locale.ROOT, "resuming %s at epoch %d of %d%n", out, dir.readCheckpoint().epochsDone() + 1,
                    trainer.settings().epochs());
            err.flush();
            return trainer.resume(train, val, dir, new TrainingProgress(err, !noProgress));
        }
    }

    /** The task from the options: {@code --task} (default final, or trajectory for a flow), window, horizon. */
    private Task task(boolean flow, int timeCount) {
        String name = task != null ? task : flow ? "trajectory" : "final";
        Task t = CliSupport.task(name, window, horizon, timeCount);
        return parameters.isEmpty() ? t : t.withParameters(parameters);
    }

    /** @return {@code ", peak resident memory N MB"} from Linux's {@code VmHWM}, or "" where unavailable */
    static String peakMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, ", peak resident memory %d MB", kb / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux or no procfs: the figure is optional
        }
        return "";
    }

    private static void checkSameGrid(FieldSource a, FieldSource b) {
        if (!Arrays.equals(a.spatialShape(), b.spatialShape())) {
            throw new IllegalArgumentException("--val-data grid " + Arrays.toString(b.spatialShape())
                    + " differs from the training grid " + Arrays.toString(a.spatialShape()));
        }
    }
}
