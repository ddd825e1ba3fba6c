package dev.surrogate.cli;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.LrSchedule;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.operators.training.TrainingSettings;
import dev.surrogate.uq.ensemble.EnsembleDirectory;
import dev.surrogate.uq.ensemble.EnsembleListener;
import dev.surrogate.uq.ensemble.EnsembleSettings;
import dev.surrogate.uq.ensemble.EnsembleTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code surrogate train ensemble}: a deep ensemble of heteroscedastic operators in an ensemble directory
 * ({@code ensemble.json} plus one model directory per member). Reads the options of {@code train} from its parsed
 * command line, so both share one set of option declarations.
 */
final class TrainEnsemble {
    /** The {@code train MODEL} name. */
    static final String NAME = "ensemble";

    private final CommandSpec spec;
    private final ModelOptions modelOptions;
    private final EnsembleOptions ensemble;

    TrainEnsemble(CommandSpec spec, ModelOptions modelOptions, EnsembleOptions ensemble) {
        this.spec = spec;
        this.modelOptions = modelOptions;
        this.ensemble = ensemble;
    }

    @SuppressWarnings("unchecked")
    private <T> T value(String option) {
        return (T) spec.findOption(option).getValue();
    }

    Integer call() throws Exception {
        Nd4jRuntime.init();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> data = DataFiles.expand(value("--data"), "dataset file");
        Path out = value("--out");
        Path valData = value("--val-data");
        Integer epochs = value("--epochs");
        boolean resume = value("--resume");
        String loss = value("--loss");
        if (valData != null) {
            CliSupport.checkInputFile(valData, "validation dataset");
        }
        if (loss != null && !EnsembleTrainer.LOSS.equals(loss)) {
            throw new IllegalArgumentException("ensemble members train with " + EnsembleTrainer.LOSS + " (their "
                    + "heteroscedastic heads need it), not --loss " + loss);
        }
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        if (ensemble.members != null && ensemble.members < 1) {
            throw new IllegalArgumentException("--members must be >= 1, got " + ensemble.members);
        }
        if (ensemble.parallel != null && ensemble.parallel < 1) {
            throw new IllegalArgumentException("--parallel must be >= 1, got " + ensemble.parallel);
        }
        boolean exists = EnsembleDirectory.isEnsemble(out);
        if (!resume && exists) {
            throw new IllegalArgumentException("--out " + out + " already holds an ensemble; add --resume to continue "
                    + "it or choose another directory");
        }
        if (resume && !exists) {
            throw new IllegalArgumentException("nothing to resume: " + out + " has no " + EnsembleDirectory.CONFIG);
        }
        long t0 = System.nanoTime();
        EnsembleDirectory dir = new EnsembleDirectory(out);
        if (ensemble.createOnly) {
            if (resume) {
                throw new IllegalArgumentException("--create-only makes a new ensemble directory; with --resume there "
                        + "is nothing to create");
            }
            StdoutGuard.run(() -> {
                List<String> fields = value("--fields");
                try (DataFiles.Opened raw = DataFiles.open(data, fields)) {
                    create(dir, FieldSources.cacheIfSmall(raw.source()), raw, valData, epochs, err);
                }
                return null;
            });
            EnsembleDirectory.Config c = dir.readConfig();
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%s: ensemble of %d members created, not trained (%d epochs each planned)%n", out,
                    c.settings().members(), c.epochs());
            o.flush();
            return 0;
        }
        List<List<EpochRecord>> histories = StdoutGuard.run(() -> train(dir, data, valData, epochs, resume, err));
        EnsembleDirectory.Config c = dir.readConfig();
        ModelConfig member = dir.member(0).readConfig();
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s: ensemble of %d %s members (%d parameters each)%s, task %s, grid %s%n", out,
                c.settings().members(), member.modelType(), CliSupport.parameterCount(dir.member(0)),
                c.settings().bootstrap() ? ", bootstrap" : "", member.task().name(),
                Arrays.toString(member.trainedShape()));
        StringBuilder train = new StringBuilder();
        StringBuilder val = new StringBuilder();
        for (List<EpochRecord> h : histories) {
            EpochRecord last = h.get(h.size() - 1);
            train.append(String.format(Locale.ROOT, " %.4e", last.trainLoss()));
            val.append(Double.isNaN(last.validationLoss()) ? " -" : String.format(Locale.ROOT, " %.4e",
                    last.validationLoss()));
        }
        o.printf(Locale.ROOT, "epochs %d, member train losses%s, validation losses%s (%s)%n", c.epochs(), train, val,
                EnsembleTrainer.LOSS);
        o.flush();
        err.printf(Locale.ROOT, "trained in %.1f s%s%n", (System.nanoTime() - t0) * 1e-9, TrainCommand.peakMemory());
        err.flush();
        return 0;
    }

    private List<List<EpochRecord>> train(EnsembleDirectory dir, List<Path> data, Path valData, Integer epochs,
            boolean resume, PrintWriter err) throws IOException {
        List<String> fields = value("--fields");
        if (resume) {
            fields = dir.member(0).readConfig().fields();
        }
        try (DataFiles.Opened raw = DataFiles.open(data, fields)) {
            FieldSource src = FieldSources.cacheIfSmall(raw.source());
            if (!resume) {
                create(dir, src, raw, valData, epochs, err);
            }
            EnsembleDirectory.Config c = dir.readConfig();
            for (int s : c.samples()) {
                if (s >= src.sampleCount()) {
                    throw new IllegalArgumentException(raw.shortName() + " has " + src.sampleCount()
                            + " samples but the ensemble in " + dir.path() + " trains on sample " + s);
                }
            }
            Task task = dir.member(0).readConfig().task();
            Object valFile = c.data().get("validation_file");
            int members = c.settings().members();
            int parallel = ensemble.parallel != null ? ensemble.parallel : EnsembleTrainer.defaultParallelism(members);
            boolean progress = !(Boolean) value("--no-progress");
            CompareProgress lines = new CompareProgress(err, progress);
            EnsembleListener listener = new EnsembleListener() {
                @Override
                public TrainingListener memberStarted(int member, int count, int done, int total) {
                    lines.note(String.format(Locale.ROOT, "member %d/%d %s", member + 1, count, done == 0
                            ? "starts" : "resumes after epoch " + done));
                    return lines.training(String.format(Locale.ROOT, "member %d/%d", member + 1, count));
                }

                @Override
                public void memberSkipped(int member, int done) {
                    lines.note(String.format(Locale.ROOT, "member %d/%d already trained (%d epochs), skipped",
                            member + 1, members, done));
                }
            };
            err.printf(Locale.ROOT, "%s ensemble of %d members in %s, %d at once%n", resume ? "resuming" : "training",
                    members, dir.path(), Math.min(parallel, members));
            err.flush();
            if (valFile != null) {
                try (NetcdfFieldSource rawVal = NetcdfFieldSource.open(Path.of(valFile.toString()), src.fieldNames())) {
                    FieldSource v = FieldSources.cacheIfSmall(rawVal);
                    TaskDataset val = new TaskDataset(v, task, CliSupport.indices(v.sampleCount()));
                    return new EnsembleTrainer(parallel).train(dir, src, val, epochs, listener).histories();
                }
            }
            TaskDataset val = c.validation().length == 0 ? null : new TaskDataset(src, task, c.validation());
            return new EnsembleTrainer(parallel).train(dir, src, val, epochs, listener).histories();
        }
    }

    private void create(EnsembleDirectory dir, FieldSource src, DataFiles.Opened data, Path valData, Integer epochs,
            PrintWriter err) {
        String taskName = value("--task");
        int window = value("--window");
        Integer horizon = value("--horizon");
        List<String> parameters = value("--parameters");
        Task plain = CliSupport.task(taskName == null ? "final" : taskName, window, horizon, src.timeCount());
        Task t = parameters.isEmpty() ? plain : plain.withParameters(parameters);
        Integer trainSamples = value("--train-samples");
        double valFraction = value("--val-fraction");
        int n = trainSamples == null ? src.sampleCount() : trainSamples;
        if (n < 1 || n > src.sampleCount()) {
            throw new IllegalArgumentException("--train-samples " + n + " outside [1, " + src.sampleCount()
                    + "] (samples in " + data.shortName() + ")");
        }
        SampleSplit split = valData != null ? SampleSplit.all(n) : SampleSplit.holdOutLast(n, valFraction);
        int e = epochs == null ? 100 : epochs;
        long seed = value("--seed");
        String schedule = value("--schedule");
        TrainingSettings s = new TrainingSettings(e, (Integer) value("--batch"), (Double) value("--lr"),
                (Double) value("--weight-decay"), LrSchedule.of(schedule, e), seed);
        String base = ensemble.base == null ? "fno" : ensemble.base;
        int members = ensemble.members == null ? EnsembleSettings.DEFAULT_MEMBERS : ensemble.members;
        int fields = src.fieldCount();
        int dims = src.spatialShape().length;
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("file", data.describe());
        if (data.files().size() > 1) {
            notes.put("files", data.files().stream().map(f -> f.toAbsolutePath().normalize().toString()).toList());
        }
        notes.put("validation_samples", valData == null ? split.validation().length : 0);
        notes.put("validation_file", valData == null ? null : valData.toAbsolutePath().toString());
        err.printf(Locale.ROOT, "ensemble of %d %s members on %d trajectories%s, validating on %s%n", members, base,
                split.train().length, ensemble.bootstrap ? " (bootstrap resamples)" : "", valData != null
                        ? valData.toString() : split.validation().length + " held-out trajectories");
        EnsembleTrainer.create(dir.path(), new EnsembleSettings(members, ensemble.bootstrap, seed), memberSeed -> {
            ModelOptions o = copy(modelOptions);
            o.heteroscedastic = true;
            return CliModels.build(base, o, t.inputChannels(fields), t.outputChannels(fields), dims, memberSeed);
        }, src, t, split.train(), valData == null ? split.validation() : new int[0], s, notes);
    }

    private static ModelOptions copy(ModelOptions from) {
        ModelOptions o = new ModelOptions();
        o.width = from.width;
        o.modes = from.modes;
        o.layers = from.layers;
        o.sensors = from.sensors;
        o.latent = from.latent;
        o.dropout = from.dropout;
        o.heteroscedastic = from.heteroscedastic;
        return o;
    }
}
