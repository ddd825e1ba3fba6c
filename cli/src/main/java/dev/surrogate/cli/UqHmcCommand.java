package dev.surrogate.cli;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.training.Json;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.uq.bnn.LayerSelection;
import dev.surrogate.uq.bnn.NoiseModel;
import dev.surrogate.uq.bnn.PosteriorDirectory;
import dev.surrogate.uq.bnn.WeightHmc;
import dev.surrogate.uq.hmc.HmcRun;
import dev.surrogate.uq.hmc.HmcSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surrogate uq hmc}: HMC over a trained operator's weights, written as a model directory with the draws. */
@Command(name = "hmc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sample the posterior over a trained operator's weights by Hamiltonian Monte Carlo, chains "
                + "started from the trained weights, and write a model directory with the draws: 'predict' and "
                + "'evaluate' with --samples K then draw from the posterior predictive (member m: posterior draw "
                + "m mod D plus its Gaussian likelihood noise).",
            "Potential: SSE / (2 sigma^2) + N log sigma + (prior precision / 2) |w|^2 over the training pairs "
                + "(physical units); sigma fixed or sampled (Jeffreys prior). Step size by dual averaging in warm-up "
                + "(Hoffman and Gelman 2014), optional diagonal mass matrix (Stan's windows).",
            "Reference configuration (the defaults): train 'fno --width 8 --modes 16 --layers 4' on Burgers first; "
                + "100 leapfrog steps, prior precision 100, 4 chains.",
            "Diagnostics per run: rank-normalised split R-hat and bulk ESS (Vehtari et al. 2021) over every "
                + "sampled weight and the log posterior, acceptance, divergences. A killed run resumes chain by "
                + "chain with --resume."})
public final class UqHmcCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR",
            description = "Trained model directory the chains start from (a plain-output operator).")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.nc", description = "Training data of the likelihood.")
    private Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Posterior directory to write.")
    private Path out;

    @Option(names = "--train-samples", paramLabel = "N",
            description = "Use the first N trajectories of --data (default: the model's training count when --data "
                    + "is its training file, else all).")
    private Integer trainSamples;

    @Option(names = "--chains", paramLabel = "C", defaultValue = "4", description = "Chains. Default: ${DEFAULT-VALUE}.")
    private int chains;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "200",
            description = "Warm-up iterations per chain. Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "100",
            description = "Kept draws per chain (after thinning). Default: ${DEFAULT-VALUE}.")
    private int draws;

    @Option(names = "--thin", paramLabel = "K", defaultValue = "1",
            description = "Keep every K-th iteration. Default: ${DEFAULT-VALUE}.")
    private int thin;

    @Option(names = "--leapfrog-steps", paramLabel = "L", defaultValue = "100",
            description = "Leapfrog steps per trajectory. Default: ${DEFAULT-VALUE}.")
    private int leapfrogSteps;

    @Option(names = "--target-accept", paramLabel = "A", defaultValue = "0.8",
            description = "Target acceptance of dual averaging. Default: ${DEFAULT-VALUE}.")
    private double targetAccept;

    @Option(names = "--step-size", paramLabel = "EPS",
            description = "First step size (default: Hoffman and Gelman's heuristic).")
    private Double stepSize;

    @Option(names = "--step-jitter", paramLabel = "J", defaultValue = "0",
            description = "Draw each step size from eps (1 +- J). Default: ${DEFAULT-VALUE}.")
    private double stepJitter;

    @Option(names = "--adapt-mass", description = "Adapt a diagonal mass matrix in warm-up (default: identity).")
    private boolean adaptMass;

    @Option(names = "--prior-precision", paramLabel = "LAMBDA", defaultValue = "100",
            description = "Precision of the Gaussian prior per weight (1 / variance). Default: ${DEFAULT-VALUE}.")
    private double priorPrecision;

    @Option(names = "--noise", paramLabel = "sampled|fixed|SIGMA", defaultValue = "sampled",
            description = "Likelihood noise scale: sampled (started at the trained model's RMS training error), "
                    + "fixed (at that error) or a fixed value. Default: ${DEFAULT-VALUE}.")
    private String noise;

    @Option(names = "--layers", paramLabel = "all|last:K", defaultValue = "all",
            description = "Sample all weights or only the last K layers (the others stay trained). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String layers;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "100",
            description = "Training pairs per forward pass of the likelihood. Default: ${DEFAULT-VALUE}.")
    private int batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the chains (chain c from (S, c)). Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--resume", description = "Keep the finished chains in --out and run the missing ones.")
    private boolean resume;

    @Option(names = "--json", description = "Print the run's report as JSON instead of a table.")
    private boolean json;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    private boolean noProgress;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        Nd4jRuntime.init();
        PrintWriter err = spec.commandLine().getErr();
        CliSupport.checkModelDir(model);
        CliSupport.checkInputFile(data, "dataset file");
        HmcSettings h = new HmcSettings(chains, warmup, draws, thin, leapfrogSteps, targetAccept, adaptMass,
                stepSize == null ? Double.NaN : stepSize, stepJitter, 1000, seed);
        WeightHmc.Settings s = new WeightHmc.Settings(h, priorPrecision, NoiseModel.parse(noise),
                LayerSelection.parse(layers), batch);
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        }
        if (out.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--out must differ from --model (the trained model is an input)");
        }
        ModelDirectory trained = new ModelDirectory(model);
        ModelConfig config = trained.readConfig();
        WeightHmc.Result r = StdoutGuard.run(() -> {
            try (NetcdfFieldSource raw = NetcdfFieldSource.open(data, config.fields())) {
                FieldSource src = FieldSources.cacheIfSmall(raw);
                int n = samples(config, src);
                TaskDataset train = new TaskDataset(src, config.task(), CliSupport.indices(n));
                Map<String, Object> notes = new LinkedHashMap<>();
                notes.put("file", data.toAbsolutePath().toString());
                notes.put("train_samples", n);
                notes.put("start_model", model.toAbsolutePath().toString());
                err.printf(Locale.ROOT, "HMC over %s weights of %s, likelihood of %d trajectories (%d pairs): "
                        + "%d chains x (%d warm-up + %d x %d) iterations, %d leapfrog steps%n", s.layers(), model, n,
                        train.size(), chains, warmup, draws, thin, leapfrogSteps);
                err.flush();
                return WeightHmc.sample(trained, train, s, new PosteriorDirectory(out), resume, notes,
                        new HmcProgress(err, !noProgress));
            }
        });
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.pretty(r.report()));
        } else {
            print(o, r);
        }
        o.flush();
        err.printf(Locale.ROOT, "sampled in %.1f s%s%n", r.run().seconds(), TrainCommand.peakMemory());
        err.flush();
        return 0;
    }

    private int samples(ModelConfig config, FieldSource src) {
        int n = src.sampleCount();
        if (trainSamples != null) {
            if (trainSamples < 1 || trainSamples > n) {
                throw new IllegalArgumentException("--train-samples " + trainSamples + " outside [1, " + n
                        + "] (samples in " + data + ")");
            }
            return trainSamples;
        }
        Object file = config.data().get("file");
        Object count = config.data().get("train_samples");
        if (file != null && Path.of(file.toString()).equals(data.toAbsolutePath()) && count instanceof Number c
                && c.intValue() >= 1 && c.intValue() <= n) {
            return c.intValue();
        }
        return n;
    }

    private static void print(PrintWriter o, WeightHmc.Result r) {
        Map<String, Object> rep = r.report();
        HmcRun.Summary s = r.run().summary();
        o.printf(Locale.ROOT, "method      %s: %s%n", rep.get("method"), rep.get("sampled"));
        o.printf(Locale.ROOT, "draws       %d (%d chains, thinned), noise scale %s%n", s.draws(), s.chains(),
                noiseText(rep));
        o.printf(Locale.ROOT, "acceptance  %.3f (warm-up %.3f), step sizes %s%n", s.meanAcceptance(),
                s.warmupAcceptance(), steps(s.stepSizes()));
        o.printf(Locale.ROOT, "r_hat       max %.4f over the sampled weights and the log posterior (log posterior "
                + "%.4f)%n", s.maxSplitRhat(), s.potentialSplitRhat());
        o.printf(Locale.ROOT, "bulk_ess    min %.1f (log posterior %.1f)%n", s.minBulkEss(), s.potentialBulkEss());
        o.printf(Locale.ROOT, "divergences %d (warm-up %d)%n", s.divergences(), s.warmupDivergences());
        o.printf(Locale.ROOT, "seconds     %.1f (%d gradient evaluations)%n", s.seconds(), s.gradients());
    }

    @SuppressWarnings("unchecked")
    private static String noiseText(Map<String, Object> rep) {
        Map<String, Object> settings = (Map<String, Object>) rep.get("settings");
        Map<String, Object> noise = (Map<String, Object>) settings.get("noise");
        if (Boolean.TRUE.equals(noise.get("sampled"))) {
            return String.format(Locale.ROOT, "sampled, mean %.4g (%.4g .. %.4g)", rep.get("noise_scale_mean"),
                    rep.get("noise_scale_min"), rep.get("noise_scale_max"));
        }
        return String.format(Locale.ROOT, "fixed %.4g", rep.get("noise_scale_mean"));
    }

    private static String steps(double[] s) {
        StringBuilder b = new StringBuilder();
        for (double v : s) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3g", v));
        }
        return b.toString();
    }
}
