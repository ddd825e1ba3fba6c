package dev.surrogate.cli;

import dev.surrogate.operators.physics.DatasetResidual;
import dev.surrogate.operators.training.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surrogate residual}: how well a file's snapshots satisfy its PDE. */
@Command(name = "residual", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The PDE residual r = D_t u - F(u) of a dataset or prediction file: F is the solver's own "
                + "semi-discrete right-hand side (same wavenumbers, dealiasing, forcing, parameters), D_t a "
                + "finite difference over the stored snapshots (centred, one-sided of the same order at the ends; "
                + "uniform spacing required).",
            "Reported unit-free as RMS(r) / RMS(D_t u): per snapshot (pooled over samples, points and fields) and "
                + "as 'residual', the same ratio pooled over all snapshots from --from-time on (sums of squares, "
                + "not a mean of the per-snapshot ratios). The solver's own data give the floor of the "
                + "discretisation; a prediction's number is comparable with it.",
            "Equations (global attribute 'equation'): burgers, navier-stokes, gray-scott, fitzhugh-nagumo. Exit "
                + "status 2 for a file whose equation has no residual, 1 for a file without what it needs."})
public final class ResidualCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE.nc",
            description = "Dataset or prediction file in the toolkit's layout.")
    private Path data;

    @Option(names = "--json", description = "Print one JSON object {\"residual\", \"per_snapshot\", "
            + "\"discretisation\", ...} instead of a table.")
    private boolean json;

    @Option(names = "--order", paramLabel = "P", defaultValue = "4",
            description = "Order of the time difference: 2, 4 or 6 (default ${DEFAULT-VALUE}).")
    private int order;

    @Option(names = "--fields", paramLabel = "F", split = ",",
            description = "Pool only these fields' equations, e.g. --fields v (default: all of the equation's).")
    private List<String> fields = new ArrayList<>();

    @Option(names = "--from-time", paramLabel = "T",
            description = "The mean pools the snapshots with t >= T (default: all), e.g. to leave out an initial "
                    + "transient the snapshots do not resolve.")
    private Double fromTime;

    @Option(names = "--max-samples", paramLabel = "N", description = "Only the first N samples.")
    private Integer maxSamples;

    @Option(names = "--no-progress", description = "Do not show progress on stderr.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        CliSupport.checkInputFile(data, "dataset file");
        if (maxSamples != null && maxSamples < 1) {
            throw new IllegalArgumentException("--max-samples must be >= 1, got " + maxSamples);
        }
        DatasetResidual.Options options = new DatasetResidual.Options(order, fields,
                fromTime == null ? Double.NEGATIVE_INFINITY : fromTime,
                maxSamples == null ? Integer.MAX_VALUE : maxSamples);
        long t0 = System.nanoTime();
        ProgressReporter progress = new ProgressReporter("residual", err, !noProgress);
        DatasetResidual.Result r = DatasetResidual.compute(data, options, progress);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(r.toMap()));
        } else {
            printTable(out, r);
        }
        out.flush();
        err.printf(Locale.ROOT, "residual of %s (%s) in %.2f s%n", CliSupport.count(r.samples(), "sample"),
                r.equation(), (System.nanoTime() - t0) * 1e-9);
        err.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, DatasetResidual.Result r) {
        double[] t = r.times();
        out.printf(Locale.ROOT, "equation        %s (fields %s, %d samples)%n", r.equation(),
                String.join(", ", r.fields()), r.samples());
        out.printf(Locale.ROOT, "discretisation  %s%n", r.discretisation());
        out.printf(Locale.ROOT, "residual        %.6g  (RMS(r) / RMS(u_t) over t >= %s)%n", r.mean(),
                g(t[r.meanFromIndex()]));
        out.printf(Locale.ROOT, "residual_rms    %.6g%n", r.residualRms());
        out.println("time          residual");
        for (int i = 0; i < t.length; i++) {
            out.printf(Locale.ROOT, "%-12s  %.6g%n", g(t[i]), r.perSnapshot()[i]);
        }
    }

    /** @return v with 6 significant digits and no trailing zeros, e.g. {@code 0.25}, {@code 1e-05} */
    static String g(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        return s.replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }
}
