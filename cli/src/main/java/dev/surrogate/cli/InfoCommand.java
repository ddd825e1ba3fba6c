package dev.surrogate.cli;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.operators.training.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
            + "(netCDF-3 or netCDF-4), or an NcML aggregation of such files ('merge --ncml').")
    private Path file;

    @Option(names = "--no-stats", description = "Skip the value ranges (which read every value).")
    private boolean noStats;

    @Option(names = "--json", description = "Print one JSON object (keys: file, format, components (the files of "
            + "an NcML aggregation), dimensions, time, x, y, domain_length, sample_index, fields, parameters, "
            + "attributes) instead of the text listing.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> info;
        try (DatasetReader r = DatasetReader.open(file)) {
            info = describe(r);
        }
        if (json) {
            out.println(Json.pretty(info));
        } else {
            print(out, info);
        }
        out.flush();
        return 0;
    }

    /** Everything the command reports, in the order and with the keys of {@code --json}. */
    private Map<String, Object> describe(DatasetReader r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("format", r.format());
        if (!r.components().isEmpty()) {
            m.put("components", r.components().stream().map(Path::toString).toList());
        }
        Map<String, Object> dims = new LinkedHashMap<>();
        dims.put("sample", r.sampleCount());
        dims.put("time", r.timeCount());
        if (r.ny() > 0) {
            dims.put("y", r.ny());
        }
        dims.put("x", r.nx());
        m.put("dimensions", dims);
        m.put("time", range(r.times()));
        m.put("x", range(r.x()));
        if (r.ny() > 0) {
            m.put("y", range(r.y()));
        }
        m.put("domain_length", r.domainLength());
        long[] idx = r.sampleIndices();
        m.put("sample_index", Map.of("first", idx[0], "last", idx[idx.length - 1]));
        List<String> dimNames = new ArrayList<>(dims.keySet());
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String f : r.fieldNames()) {
            VariableSpec v = r.variable(f);
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("dimensions", dimNames);
            fm.put("long_name", v.longName());
            fm.put("units", v.units());
            if (!noStats) {
                fm.putAll(stats(r, f));
            }
            fields.put(f, fm);
        }
        m.put("fields", fields);
        Map<String, Object> params = new LinkedHashMap<>();
        for (String p : r.sampleParameterNames()) {
            VariableSpec v = r.variable(p);
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("long_name", v.longName());
            pm.put("units", v.units());
            pm.putAll(range(r.parameter(p)));
            params.put(p, pm);
        }
        m.put("parameters", params);
        m.put("attributes", new LinkedHashMap<>(r.attributes()));
        return m;
    }

    private static Map<String, Object> range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", v.length);
        m.put("min", lo);
        m.put("max", hi);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, Map<String, Object> m) {
        Map<String, Object> dims = (Map<String, Object>) m.get("dimensions");
        out.printf(Locale.ROOT, "file:        %s (%s)%n", m.get("file"), m.get("format"));
        StringBuilder d = new StringBuilder();
        dims.forEach((k, v) -> d.append(d.length() == 0 ? "" : ", ").append(k).append(" = ").append(v));
        out.println("dimensions:  " + d);
        Map<String, Object> t = (Map<String, Object>) m.get("time");
        out.printf(Locale.ROOT, "time:        %s values in [%s, %s]%n", t.get("count"), g(t.get("min")),
                g(t.get("max")));
        Map<String, Object> x = (Map<String, Object>) m.get("x");
        out.printf(Locale.ROOT, "x:           %s values in [%s, %s], domain length %s%n", x.get("count"),
                g(x.get("min")), g(x.get("max")), g(m.get("domain_length")));
        if (m.containsKey("y")) {
            Map<String, Object> y = (Map<String, Object>) m.get("y");
            out.printf(Locale.ROOT, "y:           %s values in [%s, %s]%n", y.get("count"), g(y.get("min")),
                    g(y.get("max")));
        }
        Map<String, Object> idx = (Map<String, Object>) m.get("sample_index");
        out.printf(Locale.ROOT, "sample:      global indices %s .. %s%n", idx.get("first"), idx.get("last"));
        String shape = "(" + String.join(", ", dims.keySet()) + ")";
        out.println("fields:");
        for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("fields")).entrySet()) {
            Map<String, Object> f = (Map<String, Object>) e.getValue();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s%s  %s [%s]", e.getKey(), shape,
                    f.get("long_name"), f.get("units")));
            if (f.containsKey("min")) {
                line.append(String.format(Locale.ROOT, "  min %s  max %s  mean %s  std %s", g(f.get("min")),
                        g(f.get("max")), g(f.get("mean")), g(f.get("std"))));
            }
            out.println(line);
        }
        Map<String, Object> params = (Map<String, Object>) m.get("parameters");
        if (!params.isEmpty()) {
            out.println("per-sample parameters:");
            for (Map.Entry<String, Object> e : params.entrySet()) {
                Map<String, Object> p = (Map<String, Object>) e.getValue();
                out.printf(Locale.ROOT, "  %s(sample)  %s [%s]  min %s  max %s%n", e.getKey(), p.get("long_name"),
                        p.get("units"), g(p.get("min")), g(p.get("max")));
            }
        }
        out.println("attributes:");
        for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("attributes")).entrySet()) {
            out.printf(Locale.ROOT, "  %s = %s%n", e.getKey(), g(e.getValue()));
        }
    }

    /** Min, max, mean and standard deviation of a field over all samples, streaming one sample at a time. */
    private static Map<String, Object> stats(DatasetReader r, String field) throws IOException {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        // the reader refuses non-finite values, naming where they are
        for (int s = 0; s < r.sampleCount(); s++) {
            for (float v : r.readSample(field, s)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                sumSq += (double) v * v;
                count++;
            }
        }
        double mean = sum / count;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", min);
        m.put("max", max);
        m.put("mean", mean);
        m.put("std", Math.sqrt(Math.max(0, sumSq / count - mean * mean)));
        return m;
    }

    /** @return a number in six significant digits (integers exactly), anything else as text */
    private static String g(Object v) {
        return v instanceof Number ? g(((Number) v).doubleValue()) : String.valueOf(v);
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
