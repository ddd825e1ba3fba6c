package dev.surrogate.cli;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.training.Json;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.uq.hmc.HmcObserver;
import dev.surrogate.uq.hmc.HmcSettings;
import dev.surrogate.uq.hmc.Transition;
import dev.surrogate.uq.inverse.ForwardModel;
import dev.surrogate.uq.inverse.Observations;
import dev.surrogate.uq.inverse.SolverForward;
import dev.surrogate.uq.inverse.SurrogateForward;
import dev.surrogate.uq.inverse.ViscosityInference;
import dev.surrogate.uq.inverse.ViscosityPosterior;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surrogate uq inverse}: the viscosity of a Burgers run from sparse noisy observations, by HMC. */
@Command(name = "inverse", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Infer the viscosity nu of one Burgers trajectory from sparse noisy observations by HMC on "
                + "(log nu, log sigma): --points grid points (seeded) at --times snapshots after t = 0 (spread evenly), "
                + "Gaussian noise of --noise times the RMS of the observed values; the initial condition is known.",
            "Forward models: 'solver' (the pseudo-spectral solver with the file's ETDRK4 step; derivative in nu by "
                + "a finite difference) and 'surrogate' (--model: an operator trained with --parameters nu on a "
                + "--vary nu dataset with the same snapshot times; derivative by SameDiff). Prior: log-normal on nu "
                + "with 95 % in --nu-prior, Jeffreys on sigma.",
            "Per forward model: posterior mean of nu, 90 % interval (5 % and 95 % quantiles), whether it holds the "
                + "true nu (from the file), noise scale, R-hat, bulk ESS, acceptance, forward evaluations, seconds."})
public final class UqInverseCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "OBS.nc",
            description = "Burgers dataset holding the trajectory (its nu is the truth to compare with).")
    private Path data;

    @Option(names = "--sample", paramLabel = "I", defaultValue = "0",
            description = "Trajectory of the file. Default: ${DEFAULT-VALUE}.")
    private int sample;

    @Option(names = "--points", paramLabel = "N", defaultValue = "16",
            description = "Observed grid points. Default: ${DEFAULT-VALUE}.")
    private int points;

    @Option(names = "--times", paramLabel = "K", defaultValue = "4",
            description = "Observed snapshots after t = 0. Default: ${DEFAULT-VALUE}.")
    private int times;

    @Option(names = "--noise", paramLabel = "F", defaultValue = "0.01",
            description = "Noise standard deviation over the RMS of the observed values. Default: ${DEFAULT-VALUE}.")
    private double noise;

    @Option(names = "--model", paramLabel = "MODEL_DIR",
            description = "Parametric surrogate (nu as an input channel) for the 'surrogate' forward model.")
    private Path model;

    @Option(names = "--forward", paramLabel = "NAMES", split = ",",
            description = "Forward models, comma-separated: solver, surrogate. Default: solver, plus surrogate when "
                    + "--model is given.")
    private List<String> forward = new ArrayList<>();

    @Option(names = "--nu-prior", paramLabel = "LO:HI", defaultValue = "0.01:0.1",
            description = "Log-normal prior of nu with 95 % of its mass in [LO, HI]. Default: ${DEFAULT-VALUE}.")
    private String nuPrior;

    @Option(names = "--chains", paramLabel = "C", defaultValue = "4", description = "Chains. Default: ${DEFAULT-VALUE}.")
    private int chains;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "300",
            description = "Warm-up iterations per chain. Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "500",
            description = "Draws per chain. Default: ${DEFAULT-VALUE}.")
    private int draws;

    @Option(names = "--leapfrog-steps", paramLabel = "L", defaultValue = "10",
            description = "Leapfrog steps per trajectory. Default: ${DEFAULT-VALUE}.")
    private int leapfrogSteps;

    @Option(names = "--target-accept", paramLabel = "A", defaultValue = "0.8",
            description = "Target acceptance of dual averaging. Default: ${DEFAULT-VALUE}.")
    private double targetAccept;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the observed points, the noise and the chains. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    private boolean json;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    private boolean noProgress;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        Nd4jRuntime.init();
        PrintWriter err = spec.commandLine().getErr();
        CliSupport.checkInputFile(data, "dataset file");
        List<String> names = new ArrayList<>(forward);
        if (names.isEmpty()) {
            names.add("solver");
            if (model != null) {
                names.add("surrogate");
            }
        }
        for (String n : names) {
            if (!n.equals("solver") && !n.equals("surrogate")) {
                throw new IllegalArgumentException("--forward must list solver and/or surrogate, got '" + n + "'");
            }
        }
        if (names.contains("surrogate")) {
            if (model == null) {
                throw new IllegalArgumentException("--forward surrogate needs --model MODEL_DIR");
            }
            CliSupport.checkModelDir(model);
        }
        ViscosityPosterior.Prior prior = ViscosityPosterior.Prior.parse(nuPrior);
        HmcSettings h = HmcSettings.defaults(seed).withChains(chains).withWarmup(warmup).withDraws(draws)
                .withLeapfrogSteps(leapfrogSteps).withTargetAcceptance(targetAccept);
        Observations obs;
        try (DatasetReader r = DatasetReader.open(data, "u")) {
            obs = Observations.draw(r, sample, points, times, noise, seed);
        }
        err.printf(Locale.ROOT, "observing %s of sample %d, noise %.3g (%.3g %% of the RMS), true nu %s; prior %s%n",
                obs.describe(), sample, obs.noiseStd(), 100 * noise, Double.isNaN(obs.trueNu()) ? "unknown"
                        : String.format(Locale.ROOT, "%.6g", obs.trueNu()), prior);
        err.flush();
        List<ViscosityInference.Result> results = new ArrayList<>();
        for (String n : names) {
            ViscosityInference.Result r = StdoutGuard.run(() -> {
                ForwardModel f = n.equals("solver") ? new SolverForward(obs) : surrogate(obs);
                return ViscosityInference.run(f, obs, prior, h, progress(err, n));
            });
            err.printf(Locale.ROOT, "%s: %.1f s, %d forward evaluations%n", n, r.seconds(), r.evaluations());
            err.flush();
            results.add(r);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> om = obs.toMap();
            om.put("file", data.toString());
            om.put("relative_noise", noise);
            om.put("prior", prior.toString());
            m.put("observations", om);
            List<Object> methods = new ArrayList<>();
            for (ViscosityInference.Result r : results) {
                methods.add(r.toMap());
            }
            m.put("methods", methods);
            o.println(Json.pretty(m));
        } else {
            o.printf(Locale.ROOT, "%-10s %10s %24s %9s %10s %7s %8s %7s %9s%n", "forward", "nu_mean", "90% interval",
                    "contains", "sigma", "r_hat", "ess", "accept", "seconds");
            for (ViscosityInference.Result r : results) {
                o.printf(Locale.ROOT, "%-10s %10.6g %24s %9s %10.4g %7.4f %8.1f %7.3f %9.1f%n", r.forward(),
                        r.nuMean(), String.format(Locale.ROOT, "[%.6g, %.6g]", r.nuLow(), r.nuHigh()),
                        Double.isNaN(r.trueNu()) ? "-" : r.containsTrue() ? "yes" : "no", r.sigmaMean(), r.rhat(),
                        r.bulkEss(), r.run().summary().meanAcceptance(), r.seconds());
            }
            if (!Double.isNaN(obs.trueNu())) {
                o.printf(Locale.ROOT, "true nu %.6g%n", obs.trueNu());
            }
        }
        o.flush();
        return 0;
    }

    private SurrogateForward surrogate(Observations obs) {
        ModelDirectory dir = new ModelDirectory(model);
        return new SurrogateForward(dir.readConfig(), dir.readWeights(), obs);
    }

    private HmcObserver progress(PrintWriter err, String name) {
        HmcProgress p = new HmcProgress(err, !noProgress);
        return new HmcObserver() {
            @Override
            public void start(int chain, HmcSettings settings, int dimension) {
                if (!noProgress && chain == 0) {
                    err.printf(Locale.ROOT, "%s forward model:%n", name);
                }
                p.start(chain, settings, dimension);
            }

            @Override
            public void transition(Transition t) {
                p.transition(t);
            }
        };
    }
}
