package dev.surrogate.cli;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.io.VariableSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code surrogate info FILE.nc}: dimensions, coordinates, fields with value ranges, per-sample parameters and
 * global attributes. Value ranges are computed by streaming one sample at a time.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a dataset: shapes, variables, parameters and value ranges (streams the file).")
public final class InfoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.nc", description = "A dataset in the toolkit's NetCDF layout "
            + "(netCDF-3 or netCDF-4).")
    private Path file;

    @Option(names = "--no-stats", description = "Skip the value ranges (which read every value).")
    private boolean noStats;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (DatasetReader r = DatasetReader.open(file)) {
            out.printf(Locale.ROOT, "file:        %s (%s)%n", file, r.format());
            String dims = r.ny() == 0
                    ? String.format(Locale.ROOT, "sample = %d, time = %d, x = %d", r.sampleCount(), r.timeCount(),
                            r.nx())
                    : String.format(Locale.ROOT, "sample = %d, time = %d, y = %d, x = %d", r.sampleCount(),
                            r.timeCount(), r.ny(), r.nx());
            out.println("dimensions:  " + dims);
            double[] t = r.times();
            out.printf(Locale.ROOT, "time:        %d values in [%s, %s]%n", t.length, g(t[0]), g(t[t.length - 1]));
            double[] x = r.x();
            out.printf(Locale.ROOT, "x:           %d values in [%s, %s], domain length %s%n", x.length, g(x[0]),
                    g(x[x.length - 1]), g(r.domainLength()));
            if (r.ny() > 0) {
                double[] y = r.y();
                out.printf(Locale.ROOT, "y:           %d values in [%s, %s]%n", y.length, g(y[0]), g(y[y.length - 1]));
            }
            String shape = r.ny() == 0 ? "(sample, time, x)" : "(sample, time, y, x)";
            out.println("fields:");
            for (String f : r.fieldNames()) {
                VariableSpec v = r.variable(f);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s%s  %s [%s]", f, shape,
                        v.longName(), v.units()));
                if (!noStats) {
                    line.append("  ").append(stats(r, f));
                }
                out.println(line);
            }
            if (!r.sampleParameterNames().isEmpty()) {
                out.println("per-sample parameters:");
                for (String p : r.sampleParameterNames()) {
                    double[] v = r.parameter(p);
                    double lo = Double.POSITIVE_INFINITY;
                    double hi = Double.NEGATIVE_INFINITY;
                    for (double d : v) {
                        lo = Math.min(lo, d);
                        hi = Math.max(hi, d);
                    }
                    VariableSpec spec = r.variable(p);
                    out.printf(Locale.ROOT, "  %s(sample)  %s [%s]  min %s  max %s%n", p, spec.longName(),
                            spec.units(), g(lo), g(hi));
                }
            }
            out.println("attributes:");
            for (Map.Entry<String, Object> e : r.attributes().entrySet()) {
                Object v = e.getValue();
                out.printf(Locale.ROOT, "  %s = %s%n", e.getKey(), v instanceof Number ? g(((Number) v).doubleValue())
                        : v);
            }
        }
        out.flush();
        return 0;
    }

    private static String stats(DatasetReader r, String field) throws java.io.IOException {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        long nonFinite = 0;
        for (int s = 0; s < r.sampleCount(); s++) {
            for (float v : r.readSample(field, s)) {
                if (!Float.isFinite(v)) {
                    nonFinite++;
                    continue;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                sumSq += (double) v * v;
                count++;
            }
        }
        double mean = count == 0 ? Double.NaN : sum / count;
        double std = count == 0 ? Double.NaN : Math.sqrt(Math.max(0, sumSq / count - mean * mean));
        String s = String.format(Locale.ROOT, "min %s  max %s  mean %s  std %s", g(min), g(max), g(mean), g(std));
        return nonFinite > 0 ? s + "  non-finite " + nonFinite : s;
    }

    private static String g(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        // six significant digits without trailing zeros: 0.1, 1.5e-05, -1.77264
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }
}
