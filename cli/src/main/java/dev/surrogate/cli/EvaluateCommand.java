package dev.surrogate.cli;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.FieldSources;
import dev.surrogate.operators.data.NetcdfFieldSource;
import dev.surrogate.operators.metrics.Evaluator;
import dev.surrogate.operators.metrics.FieldMetrics;
import dev.surrogate.operators.metrics.FrequencyBands;
import dev.surrogate.operators.training.Json;
import dev.surrogate.operators.training.Predictor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
                + "over steps and also listed per step.",
            "The data may be on another grid than the training data (zero-shot super-resolution)."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "Trained model directory.")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.nc", description = "Dataset to evaluate on.")
    private Path data;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    private boolean json;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "20", description = "Samples per forward pass.")
    private int batch;

    @Option(names = "--max-samples", paramLabel = "N", description = "Evaluate only the first N samples.")
    private Integer maxSamples;

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
        Evaluator.Report report = StdoutGuard.run(() -> evaluate(err));
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> m = report.toMap();
        if (json) {
            out.println(Json.pretty(m));
        } else {
            printTable(out, report);
        }
        out.flush();
        err.printf(Locale.ROOT, "evaluated %s in %.2f s%n", CliSupport.count(report.trajectories(), "sample"),
                report.seconds());
        err.flush();
        return 0;
    }

    private Evaluator.Report evaluate(PrintWriter err) throws IOException {
        Predictor p = Predictor.load(model);
        try (NetcdfFieldSource raw = NetcdfFieldSource.open(data, p.config().fields())) {
            FieldSource src = FieldSources.cacheIfSmall(raw);
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
            Evaluator.Report report = new Evaluator(p, batch, FrequencyBands.PDEBENCH).evaluate(src,
                    CliSupport.indices(n), done -> progress.progress(done, n));
            progress.finished();
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
