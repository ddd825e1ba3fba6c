package dev.surrogate.cli;

import dev.surrogate.generative.Generative;
import dev.surrogate.generative.constraints.ConstraintErrorMetric;
import dev.surrogate.generative.flow.FlowForecaster;
import dev.surrogate.generative.flow.FlowModel;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import dev.surrogate.operators.metrics.EnsembleEvaluator;
import dev.surrogate.operators.metrics.EnsembleScores;
import dev.surrogate.operators.metrics.Evaluator;
import dev.surrogate.operators.metrics.FieldMetrics;
import dev.surrogate.operators.metrics.FrequencyBands;
import dev.surrogate.operators.metrics.PdeResidualMetric;
import dev.surrogate.operators.metrics.SpectrumError;
import dev.surrogate.operators.training.Json;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.uq.ensemble.DeepEnsemble;
import dev.surrogate.uq.ensemble.EnsembleDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surrogate evaluate}: error metrics of a trained model on a dataset. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a trained model on a dataset: rel_l2 (mean over samples of ||pred - true|| / "
                + "||true||), nrmse (PDEBench), rmse, max_error, PDEBench Fourier-band RMSE (frmse_low: k <= 4, "
                + "frmse_mid: 5..12, frmse_high: >= 13).",
            "A 'next' model is rolled out from the first --window snapshots to the last one; metrics are pooled "
                + "over steps and also listed per step, plus pde_residual: the PDE residual of the predicted "
                + "snapshots over that of the true ones (4th-order time differences, as 'surrogate residual'; "
                + "1.0 = as physical as the solver's data).",
            "The data may be on another grid than the training data (zero-shot super-resolution).",
            "--samples K >= 2 draws K forecasts per input from a probabilistic model (heteroscedastic head, "
                + "dropout, or an HMC posterior from 'uq hmc'), member m of input i from (--seed, i, m) with i the input's global sample index (the "
                + "same members as 'predict --samples K --seed S'), and adds: crps (fair ensemble CRPS, mean over "
                + "values), nll (Gaussian fitted to the members: their mean and unbiased variance, floored at "
                + "1e-12), coverage_50/90/95 (fraction of true values inside the members' central interval, "
                + "numpy's linear quantiles; a calibrated ensemble of K members covers about (K-1)/(K+1) of the "
                + "nominal fraction), spread_skill (sqrt((K+1)/K) RMS member spread over the RMSE of the ensemble "
                + "mean; 1 when calibrated), sharpness (mean member standard deviation), samples_per_input; the "
                + "deterministic metrics are then those of the ensemble mean; pde_residual is pooled over every "
                + "member's forecast, and spectrum_error is added: the relative error of the members' energy "
                + "spectrum against the truth's over the frmse bands, sum_b |E_b - E_b,true| / sum_b E_b,true "
                + "(spectrum_error_low/mid/high: each band's own relative error).",
            "Flow models ('train flow') are probabilistic and need --samples: they draw with --sampler "
                + "(--steps, --rtol/--atol) and add nfe (mean velocity evaluations per member forecast, a whole "
                + "rollout counting as one) and seconds_per_sample (wall time per member forecast).",
            "--plots DIR writes ensemble.png (a held-out input: truth, ensemble mean, two members and the pointwise "
                + "standard deviation) and spectrum.png (energy spectra of truth and members)."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR",
            description = "Trained model directory, or an ensemble directory of 'train ensemble' (with --samples).")
    private Path model;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE.nc",
            description = "Dataset to evaluate on: a file, or several files or quoted patterns ('shards/*.nc') "
                    + "joined along samples in the order given (checked to agree on grid, fields, times and "
                    + "parameters).")
    private List<String> data;

    /** The files of --data, expanded. */
    private List<Path> files;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    private boolean json;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "20", description = "Samples per forward pass.")
    private int batch;

    @Option(names = "--max-samples", paramLabel = "N", description = "Evaluate only the first N samples.")
    private Integer maxSamples;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    private boolean noProgress;

    /** The rollouts' PDE residual keys, filled by {@link #evaluate} when the model rolls out. */
    private Map<String, Object> physics = Map.of();

    @Option(names = "--samples", paramLabel = "K",
            description = "Forecasts per input (>= 2) from a probabilistic model, scored with the probabilistic "
                    + "metrics. Default: one deterministic prediction.")
    private Integer samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the draws with --samples. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @ArgGroup(exclusive = false, heading = "%nFlow models:%n")
    private FlowSamplingOptions sampling = new FlowSamplingOptions();

    @Option(names = "--plots", paramLabel = "DIR",
            description = "With --samples: write ensemble.png and spectrum.png for the first evaluated input into DIR.")
    private Path plots;

    @Mixin
    private ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        Nd4jRuntime.init();
        Generative.register();
        PrintWriter err = spec.commandLine().getErr();
        CliSupport.checkModelDir(model);
        files = DataFiles.expand(data, "dataset file");
        if (samples != null && samples < 2) {
            throw new IllegalArgumentException("--samples must be >= 2 for probabilistic scores, got " + samples);
        }
        boolean flow = FlowModel.isFlow(model);
        if (flow && samples == null) {
            throw new IllegalArgumentException("a flow model draws forecasts: give --samples K (>= 2) to score them");
        }
        if (EnsembleDirectory.isEnsemble(model) && samples == null) {
            throw new IllegalArgumentException(model + " is a deep ensemble: give --samples K (>= 2) to score its "
                    + "mixture");
        }
        if (!flow) {
            sampling.checkApplies(model);
        }
        if (plots != null && samples == null) {
            throw new IllegalArgumentException("--plots needs --samples K (ensemble plots)");
        }
        EnsembleEvaluator.Report ensemble = null;
        Evaluator.Report report;
        if (samples == null) {
            report = StdoutGuard.run(() -> evaluate(err));
        } else {
            ensemble = StdoutGuard.run(() -> evaluateEnsemble(err));
            report = ensemble.mean();
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> m = new LinkedHashMap<>(ensemble == null ? report.toMap() : ensemble.toMap());
        m.putAll(physics);
        if (json) {
            out.println(Json.pretty(m));
        } else {
            printTable(out, report);
            physics.forEach((k, v) -> {
                if (!(v instanceof List)) {
                    out.printf(Locale.ROOT, "%-11s %s%n", k, v);
                }
            });
            if (ensemble != null) {
                printScores(out, ensemble);
            }
        }
        out.flush();
        err.printf(Locale.ROOT, "evaluated %s in %.2f s%n", CliSupport.count(report.trajectories(), "sample"),
                report.seconds());
        err.flush();
        return 0;
    }

    private EnsembleEvaluator.Report evaluateEnsemble(PrintWriter err) throws IOException {
        boolean deepEnsemble = EnsembleDirectory.isEnsemble(model);
        // a deep ensemble's members share task and fields: member 0 stands for them
        Predictor p = Predictor.load(deepEnsemble ? new EnsembleDirectory(model).member(0).path() : model);
        // a flow's forecaster needs the data (observations, constraints' parameters): made once it is open
        FlowModel flowModel = !deepEnsemble && FlowModel.isFlow(model) ? new FlowModel(p) : null;
        ProbabilisticForecaster forecaster = null;
        if (deepEnsemble) {
            forecaster = DeepEnsemble.load(new EnsembleDirectory(model));
        } else if (flowModel == null) {
            forecaster = CliForecasters.of(model, p, samples);
        }
        try (DataFiles.Opened raw = DataFiles.open(files, p.config().fields())) {
            long[] global = raw.sampleIndices();
            FieldSource src = FieldSources.cacheIfSmall(raw.source());
            FlowForecaster flow = null;
            ConstraintErrorMetric constraints = null;
            if (flowModel != null) {
                flow = sampling.forecaster(flowModel, src, raw.reader());
                forecaster = flow;
                List<String> kinds = sampling.measuredKinds(flowModel, FlowSamplingOptions.physics(raw.reader()));
                if (!kinds.isEmpty()) {
                    constraints = new ConstraintErrorMetric(flow.constraints() != null ? flow.constraints()
                            : sampling.constraintSet(kinds, flowModel, src, raw.reader()), src, p.task(), global);
                }
            }
            int n = sampleCount(src);
            warnOnOtherGrid(err, src, p);
            ProgressReporter progress = new ProgressReporter("evaluate", err, !noProgress);
            progress.started(n);
            EnsembleEvaluator evaluator = new EnsembleEvaluator(forecaster, p.task(), p.config().fields(), samples,
                    seed, batch, FrequencyBands.PDEBENCH);
            Optional<PdeResidualMetric> residual = PdeResidualMetric.forRollouts(src, raw.reader(), p.task(),
                    p.config().fields(), 4, note -> err.println("evaluate: " + note));
            residual.ifPresent(evaluator::onMember);
            if (constraints != null) {
                evaluator.onMember(constraints);
            }
            SpectrumError spectrum = new SpectrumError(src, p.task(), FrequencyBands.PDEBENCH);
            evaluator.onMember(spectrum);
            EnsemblePlots.Capture capture = plots == null ? null : new EnsemblePlots.Capture(0, samples);
            if (capture != null) {
                evaluator.onMember(capture);
            }
            EnsembleEvaluator.Report report = evaluator.evaluate(src, CliSupport.indices(n), Arrays.copyOf(global, n),
                    done -> progress.progress(done, n));
            progress.finished();
            Map<String, Object> extra = new LinkedHashMap<>();
            residual.ifPresent(r -> extra.putAll(r.toMap()));
            extra.putAll(spectrum.toMap());
            if (constraints != null) {
                extra.putAll(constraints.toMap());
            }
            if (flow != null && flow.constraints() != null) {
                extra.put("constraint_projection_violation", FieldMetrics.finite(flow.projectionViolation()));
                if (flow.projectionViolation() > flow.constraints().tolerance()) {
                    err.printf(Locale.ROOT, "evaluate: the final projection left a relative constraint violation of "
                            + "%.3g (tolerance %.3g); raise --constraint-steps or check the model%n",
                            flow.projectionViolation(), flow.constraints().tolerance());
                }
            }
            if (flow != null) {
                extra.put("nfe", FieldMetrics.finite(flow.meanNfe()));
                extra.put("seconds_per_sample", FieldMetrics.finite(flow.secondsPerSample()));
                extra.put("sampler", flow.samplerSettings());
            }
            physics = extra;
            if (capture != null) {
                EnsemblePlots.write(plots, capture, src, p.task(), spectrum);
                err.println("evaluate: plots in " + plots);
            }
            return report;
        }
    }

    private int sampleCount(FieldSource src) {
        int n = maxSamples == null ? src.sampleCount() : Math.min(maxSamples, src.sampleCount());
        if (n < 1) {
            throw new IllegalArgumentException("--max-samples must be >= 1, got " + maxSamples);
        }
        return n;
    }

    private static void warnOnOtherGrid(PrintWriter err, FieldSource src, Predictor p) {
        if (!Arrays.equals(src.spatialShape(), p.config().trainedShape())) {
            err.printf(Locale.ROOT, "evaluating on grid %s; the model was trained on %s%n",
                    Arrays.toString(src.spatialShape()), Arrays.toString(p.config().trainedShape()));
        }
    }

    static void printScores(PrintWriter out, EnsembleEvaluator.Report r) {
        EnsembleScores s = r.overall();
        out.printf(Locale.ROOT, "members     %d per input (%s, seed %d); metrics above are of the ensemble "
                + "mean%n", s.members(), r.method(), r.seed());
        out.printf(Locale.ROOT, "crps        %.6g%n", s.crps());
        out.printf(Locale.ROOT, "nll         %.6g%n", s.nll());
        out.printf(Locale.ROOT, "coverage_50 %.4f%n", s.coverage50());
        out.printf(Locale.ROOT, "coverage_90 %.4f%n", s.coverage90());
        out.printf(Locale.ROOT, "coverage_95 %.4f%n", s.coverage95());
        out.printf(Locale.ROOT, "spread_skill %.4f%n", s.spreadSkill());
        out.printf(Locale.ROOT, "sharpness   %.6g%n", s.sharpness());
    }

    private Evaluator.Report evaluate(PrintWriter err) throws IOException {
        Predictor p = Predictor.load(model);
        try (DataFiles.Opened raw = DataFiles.open(files, p.config().fields())) {
            FieldSource src = FieldSources.cacheIfSmall(raw.source());
            int n = maxSamples == null ? src.sampleCount() : Math.min(maxSamples, src.sampleCount());
            if (n < 1) {
                throw new IllegalArgumentException("--max-samples must be >= 1, got " + maxSamples);
            }
            if (!Arrays.equals(src.spatialShape(), p.config().trainedShape())) {
                err.printf(Locale.ROOT, "evaluating on grid %s; the model was trained on %s%n",
                        Arrays.toString(src.spatialShape()), Arrays.toString(p.config().trainedShape()));
            }
            ProgressReporter progress = new ProgressReporter("evaluate", err, !noProgress);
            progress.started(n);
            Evaluator evaluator = new Evaluator(p, batch, FrequencyBands.PDEBENCH);
            Optional<PdeResidualMetric> residual = PdeResidualMetric.forRollouts(src, raw.reader(), p.task(),
                    p.config().fields(), 4, note -> err.println("evaluate: " + note));
            residual.ifPresent(evaluator::onRollout);
            Evaluator.Report report = evaluator.evaluate(src, CliSupport.indices(n),
                    done -> progress.progress(done, n));
            progress.finished();
            residual.ifPresent(r -> physics = r.toMap());
            return report;
        }
    }

    static void printTable(PrintWriter out, Evaluator.Report r) {
        FieldMetrics m = r.overall();
        double[] f = m.frmse();
        out.printf(Locale.ROOT, "samples     %d (task %s, grid %s)%n", r.trajectories(), r.task(),
                Arrays.toString(r.shape()));
        out.printf(Locale.ROOT, "rel_l2      %.6g%n", m.relL2());
        out.printf(Locale.ROOT, "nrmse       %.6g%n", m.nrmse());
        out.printf(Locale.ROOT, "rmse        %.6g%n", m.rmse());
        out.printf(Locale.ROOT, "max_error   %.6g%n", m.maxError());
        out.printf(Locale.ROOT, "frmse_low   %.6g%n", f[0]);
        out.printf(Locale.ROOT, "frmse_mid   %.6g%n", f[1]);
        out.printf(Locale.ROOT, "frmse_high  %.6g%n", f[2]);
        if (!r.perStep().isEmpty()) {
            out.println("step  rel_l2       nrmse        rmse");
            for (int s = 0; s < r.perStep().size(); s++) {
                FieldMetrics ms = r.perStep().get(s);
                out.printf(Locale.ROOT, "%4d  %.5e  %.5e  %.5e%n", s + 1, ms.relL2(), ms.nrmse(), ms.rmse());
            }
        }
    }
}
