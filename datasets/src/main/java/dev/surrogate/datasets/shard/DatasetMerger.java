package dev.surrogate.datasets.shard;

import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.io.AtomicFiles;
import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.io.NetcdfDatasetWriter;
import dev.surrogate.datasets.io.VariableSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins dataset files that hold consecutive ranges of one set of samples (the shards of {@code generate --shard},
 * or runs with {@code --first-sample}) into the file a single run would have written, or into an NcML
 * aggregation that NetCDF-Java opens as one dataset without copying.
 *
 * <p>The constructor checks, reading only headers and small variables, one file at a time: that every file has
 * the same grid, coordinates, times, fields and per-sample variables (names, types, {@code long_name},
 * {@code units}) and the same global attributes except the per-run ones ({@link #PER_RUN_ATTRIBUTES}: the
 * provenance lines {@code history} and {@code source}, and the file's own {@code first_sample} and {@code shard});
 * that each file's {@code sample} indices are consecutive; and that together the files hold every index of the
 * range exactly once, none missing and none twice. Shards of {@code generate --shard I/N} also name their set
 * ({@code shard_set_first_sample}, {@code shard_set_samples}), so a missing first or last shard is found too.
 * Errors name the files, the attribute or variable and both values, or the missing and duplicated indices.
 *
 * <p>{@link #merge} then copies the values one sample at a time (memory: one sample of each field, whatever the
 * number of files), in float32 and double exactly as stored, so the data of the merged file are bit for bit those
 * of a single run; its global attributes are those of a single run too ({@code first_sample} of the whole range,
 * the shard attributes removed), with {@code history} listing every input's lines and then the merge.
 *
 * <pre>{@code
 * DatasetMerger m = new DatasetMerger(List.of(Path.of("s-0.nc"), Path.of("s-1.nc")));
 * m.merge(Path.of("all.nc"), "merge of 2 shards", ProgressListener.NONE);
 * m.writeNcml(Path.of("all.ncml"), "aggregation of 2 shards");
 * }</pre>
 */
public final class DatasetMerger {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetMerger.class);

    /** Global attributes that may differ between the inputs: provenance and each file's own place in the set. */
    public static final Set<String> PER_RUN_ATTRIBUTES = Set.of("history", "source", "first_sample",
            Shard.ATTRIBUTE);
    /** Attributes of a shard file that a merged file does not have. */
    private static final List<String> SHARD_ATTRIBUTES = List.of(Shard.ATTRIBUTE, Shard.SET_FIRST_SAMPLE,
            Shard.SET_SAMPLES);

    /**
     * What the merge needs of one input, read once by the constructor.
     *
     * @param file       the file
     * @param first      its first global sample index
     * @param samples    its number of samples
     * @param history    its {@code history} attribute ("" when absent)
     * @param source     its {@code source} attribute ("" when absent)
     */
    private record Part(Path file, long first, int samples, String history, String source) {
        long last() {
            return first + samples - 1;
        }
    }

    /** The inputs in sample order. */
    private final List<Part> parts;
    /** The merged file's layout, attributes included ({@code history} the inputs' lines). */
    private final DatasetLayout layout;
    /** Per-sample variables stored as integers ({@code int name(sample)}), e.g. {@code sample_index}. */
    private final List<VariableSpec> labels;
    private final List<VariableSpec> parameters;
    private final long first;
    private final int samples;

    /**
     * Reads the headers of the inputs and checks that they are consecutive pieces of one set (see the class
     * documentation).
     *
     * @param inputs dataset files, in any order; at least one
     * @throws IllegalArgumentException naming the files and the difference if they disagree, overlap or leave a
     *                                  gap, or if an input is given twice
     * @throws java.nio.file.NoSuchFileException if an input is missing
     * @throws dev.surrogate.datasets.io.DatasetFormatException if an input is not a dataset or is truncated
     * @throws IOException on another read error
     */
    public DatasetMerger(List<Path> inputs) throws IOException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: no input files");
        }
        Set<Path> seen = new LinkedHashSet<>();
        for (Path p : inputs) {
            if (!seen.add(p.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("input " + p + " is given twice");
            }
        }
        List<Part> found = new ArrayList<>();
        Header reference = null;
        for (Path p : inputs) {
            Header h = Header.read(p);
            if (reference == null) {
                reference = h;
            } else {
                reference.checkSameSet(h);
            }
            found.add(new Part(p, h.indices[0], h.indices.length, text(h.attributes.get("history")),
                    text(h.attributes.get("source"))));
        }
        found.sort(Comparator.comparingLong(Part::first));
        this.parts = List.copyOf(found);
        checkCoverage(parts, reference);
        this.first = parts.get(0).first();
        long total = parts.get(parts.size() - 1).last() - first + 1;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the merged set would have " + total + " samples, more than 2^31 - 1");
        }
        this.samples = (int) total;
        this.labels = reference.labels;
        this.parameters = reference.parameters;
        this.layout = new DatasetLayout(reference.domainLength, reference.nx, reference.ny, reference.times,
                reference.fields, reference.parameters, mergedAttributes(reference.attributes))
                .withSampleLabels(reference.labels);
    }

    /** @return the inputs in sample order */
    public List<Path> inputs() {
        return parts.stream().map(Part::file).toList();
    }

    /** @return global index of the merged set's first sample */
    public long firstSample() {
        return first;
    }

    /** @return number of samples of the merged set */
    public int sampleCount() {
        return samples;
    }

    /** @return the merged file's layout; {@code history} holds the inputs' lines, without the merge's own */
    public DatasetLayout layout() {
        return layout;
    }

    /**
     * Writes the merged file (published atomically when complete), streaming one sample at a time.
     *
     * @param out      the merged file; must not be one of the inputs; an existing file is replaced
     * @param history  a line describing this merge (e.g. the command line) for the {@code history} attribute
     * @param listener progress in samples written
     * @throws IllegalArgumentException if {@code out} is one of the inputs
     * @throws IOException on a read or write error (no merged file is left behind)
     */
    public void merge(Path out, String history, ProgressListener listener) throws IOException {
        AtomicFiles.checkNotAnInput(out, inputs().toArray(Path[]::new));
        long start = System.nanoTime();
        DatasetLayout l = withHistoryLine(history);
        int nFields = layout.fields().size();
        float[][] fields = new float[nFields][];
        double[] params = new double[parameters.size()];
        int[] labelValues = new int[labels.size()];
        listener.started(samples);
        try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(out, l, first, samples)) {
            long done = 0;
            for (Part part : parts) {
                try (DatasetReader r = DatasetReader.open(part.file())) {
                    double[][] p = new double[parameters.size()][];
                    for (int k = 0; k < p.length; k++) {
                        p[k] = r.parameter(parameters.get(k).name());
                    }
                    double[][] lab = new double[labels.size()][];
                    for (int k = 0; k < lab.length; k++) {
                        lab[k] = r.parameter(labels.get(k).name());
                    }
                    int offset = (int) (part.first() - first);
                    for (int s = 0; s < part.samples(); s++) {
                        for (int f = 0; f < nFields; f++) {
                            fields[f] = r.readSample(layout.fields().get(f).name(), s);
                        }
                        for (int k = 0; k < p.length; k++) {
                            params[k] = p[k][s];
                        }
                        for (int k = 0; k < lab.length; k++) {
                            labelValues[k] = (int) lab[k][s];
                        }
                        w.writeSample(offset + s, fields, params, labelValues);
                        listener.progress(++done, samples);
                    }
                }
            }
            w.commit();
        } finally {
            listener.finished();
        }
        LOG.info("merged {} files ({} samples) into {} in {} s", parts.size(), samples, out,
                String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) * 1e-9));
    }

    /**
     * Writes an NcML aggregation of the inputs along {@code sample} ({@code joinExisting}): NetCDF-Java (and
     * {@link DatasetReader}) open it as the merged dataset, reading the values from the inputs, which must stay
     * where they are. Inputs in the NcML file's directory tree are referenced by relative paths (the directory can
     * be moved as a whole), others by absolute ones. The global attributes are overridden as in the merged file.
     * Published atomically.
     *
     * @param out     the NcML file, e.g. {@code all.ncml}
     * @param history a line describing this aggregation for the {@code history} attribute
     * @throws IllegalArgumentException if {@code out} is one of the inputs
     * @throws IOException on a write error
     */
    public void writeNcml(Path out, String history) throws IOException {
        AtomicFiles.checkNotAnInput(out, inputs().toArray(Path[]::new));
        AtomicFiles.checkTarget(out);
        Path dir = out.toAbsolutePath().normalize().getParent();
        Map<String, Object> attrs = NetcdfDatasetWriter.stampedAttributes(withHistoryLine(history).attributes());
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<netcdf xmlns=\"http://www.unidata.ucar.edu/namespaces/netcdf/ncml-2.2\">\n");
        x.append("  <!-- ").append(parts.size()).append(" files joined along sample: samples ").append(first)
                .append(" .. ").append(first + samples - 1).append(" -->\n");
        for (String a : SHARD_ATTRIBUTES) {
            x.append("  <remove type=\"attribute\" name=\"").append(a).append("\"/>\n");
        }
        for (String key : List.of("first_sample", "source", "history")) {
            Object v = attrs.get(key);
            if (v != null) {
                x.append("  <attribute name=\"").append(key).append('"');
                if (v instanceof Number) {
                    x.append(" type=\"").append(ncmlType((Number) v)).append('"');
                }
                x.append(" value=\"").append(xml(v.toString())).append("\"/>\n");
            }
        }
        x.append("  <aggregation dimName=\"sample\" type=\"joinExisting\">\n");
        for (Part p : parts) {
            Path abs = p.file().toAbsolutePath().normalize();
            String location = abs.startsWith(dir) ? dir.relativize(abs).toString() : abs.toString();
            x.append("    <netcdf location=\"").append(xml(location)).append("\" ncoords=\"").append(p.samples())
                    .append("\"/>\n");
        }
        x.append("  </aggregation>\n</netcdf>\n");
        AtomicFiles.write(out, x.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @return the NcML type of an attribute value as {@link NetcdfDatasetWriter} would store it */
    private static String ncmlType(Number v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long l = v.longValue();
            return l == (int) l ? "int" : "double";
        }
        return v instanceof Float ? "float" : "double";
    }

    /** @return text escaped for an XML attribute value (line breaks kept as character references) */
    private static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** @return the layout with {@code history} ending in the given line */
    private DatasetLayout withHistoryLine(String line) {
        String old = text(layout.attributes().get("history"));
        String h = line == null || line.isBlank() ? old : old.isEmpty() ? line.strip() : old + "\n" + line.strip();
        Map<String, Object> a = new LinkedHashMap<>(layout.attributes());
        a.remove("history");
        a.put("history", h);
        return new DatasetLayout(layout.domainLength(), layout.nx(), layout.ny(), layout.times(), layout.fields(),
                layout.sampleParameters(), a).withSampleLabels(labels);
    }

    /**
     * The merged file's attributes: the reference's, without the shard attributes, with {@code first_sample} of the
     * merged range, {@code source} the inputs' distinct values and {@code history} their distinct lines in order.
     */
    private Map<String, Object> mergedAttributes(Map<String, Object> reference) {
        Map<String, Object> a = new LinkedHashMap<>(reference);
        for (String s : SHARD_ATTRIBUTES) {
            a.remove(s);
        }
        if (a.containsKey("first_sample")) {
            a.put("first_sample", first);
        }
        Set<String> sources = new LinkedHashSet<>();
        Set<String> lines = new LinkedHashSet<>();
        for (Part p : parts) {
            if (!p.source().isBlank()) {
                sources.add(p.source().strip());
            }
            for (String line : p.history().split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        if (!sources.isEmpty()) {
            a.put("source", String.join("; ", sources));
        }
        a.remove("history");
        a.put("history", String.join("\n", lines));
        return a;
    }

    /** Checks that the parts, sorted by first index, cover their range (or their shard set) once. */
    private static void checkCoverage(List<Part> parts, Header reference) {
        Part prev = null;
        for (Part p : parts) {
            if (prev != null) {
                if (p.first() <= prev.last()) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "sample %d is in both %s "
                            + "(samples %d .. %d) and %s (samples %d .. %d): the inputs overlap", p.first(),
                            prev.file(), prev.first(), prev.last(), p.file(), p.first(), p.last()));
                }
                if (p.first() > prev.last() + 1) {
                    throw missing(prev.last() + 1, p.first() - 1, "between " + prev.file() + " and " + p.file(),
                            reference);
                }
            }
            prev = p;
        }
        Object setFirst = reference.attributes.get(Shard.SET_FIRST_SAMPLE);
        Object setSamples = reference.attributes.get(Shard.SET_SAMPLES);
        if (setFirst instanceof Number && setSamples instanceof Number) {
            long f = ((Number) setFirst).longValue();
            long last = f + ((Number) setSamples).longValue() - 1;
            long lo = parts.get(0).first();
            long hi = parts.get(parts.size() - 1).last();
            if (lo > f) {
                throw missing(f, lo - 1, "before " + parts.get(0).file(), reference);
            }
            if (hi < last) {
                throw missing(hi + 1, last, "after " + parts.get(parts.size() - 1).file(), reference);
            }
            if (lo < f || hi > last) {
                throw new IllegalArgumentException("samples " + lo + " .. " + hi + " reach outside the shard set "
                        + f + " .. " + last);
            }
        }
    }

    /** @return the error for missing samples {@code lo .. hi}, naming the shards that hold them when known */
    private static IllegalArgumentException missing(long lo, long hi, String where, Header reference) {
        String shards = "";
        Object setFirst = reference.attributes.get(Shard.SET_FIRST_SAMPLE);
        Object setSamples = reference.attributes.get(Shard.SET_SAMPLES);
        Object shard = reference.attributes.get(Shard.ATTRIBUTE);
        if (setFirst instanceof Number && setSamples instanceof Number && shard != null) {
            try {
                int count = Shard.parse(shard.toString()).count();
                long f = ((Number) setFirst).longValue();
                long n = ((Number) setSamples).longValue();
                if (lo >= f && hi < f + n) {
                    int a = Shard.holding(count, f, n, lo).index();
                    int b = Shard.holding(count, f, n, hi).index();
                    shards = a == b ? " (shard " + a + "/" + count + ")"
                            : " (shards " + a + " .. " + b + " of " + count + ")";
                }
            } catch (IllegalArgumentException ex) {
                // a malformed shard attribute only costs the hint
            }
        }
        String what = lo == hi ? "sample " + lo + " is" : "samples " + lo + " .. " + hi + " are";
        return new IllegalArgumentException(what + " missing" + shards + ", " + where);
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    /** The header of one input: everything the inputs must agree on, and its sample indices. */
    private static final class Header {
        final Path file;
        final double domainLength;
        final int nx;
        final int ny;
        final double[] times;
        final double[] x;
        final double[] y;
        final List<VariableSpec> fields = new ArrayList<>();
        final List<VariableSpec> parameters = new ArrayList<>();
        final List<VariableSpec> labels = new ArrayList<>();
        final Map<String, Object> attributes;
        final long[] indices;

        private Header(DatasetReader r) {
            file = r.file();
            domainLength = r.domainLength();
            nx = r.nx();
            ny = r.ny();
            times = r.times();
            x = r.x();
            y = r.y();
            for (String f : r.fieldNames()) {
                fields.add(r.variable(f));
            }
            for (String p : r.sampleParameterNames()) {
                (r.isIntegerVariable(p) ? labels : parameters).add(r.variable(p));
            }
            attributes = r.attributes();
            indices = r.sampleIndices();
        }

        static Header read(Path file) throws IOException {
            try (DatasetReader r = DatasetReader.open(file)) {
                Header h = new Header(r);
                for (int i = 1; i < h.indices.length; i++) {
                    if (h.indices[i] != h.indices[0] + i) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: sample indices are not "
                                + "consecutive (%d follows %d); only consecutive ranges can be merged", file,
                                h.indices[i], h.indices[i - 1]));
                    }
                }
                return h;
            }
        }

        /** @throws IllegalArgumentException naming both files and the first difference */
        void checkSameSet(Header o) {
            same("grid", gridText(), o.gridText(), o);
            same("domain_length", domainLength, o.domainLength, o);
            same("time", Arrays.toString(times), Arrays.toString(o.times), o);
            same("x", Arrays.toString(x), Arrays.toString(o.x), o);
            same("y", Arrays.toString(y), Arrays.toString(o.y), o);
            same("fields", fields, o.fields, o);
            same("per-sample parameters", parameters, o.parameters, o);
            same("per-sample labels", labels, o.labels, o);
            Set<String> keys = new LinkedHashSet<>(attributes.keySet());
            keys.addAll(o.attributes.keySet());
            for (String k : keys) {
                if (PER_RUN_ATTRIBUTES.contains(k)) {
                    continue;
                }
                Object a = attributes.get(k);
                Object b = o.attributes.get(k);
                boolean equal = a instanceof Number && b instanceof Number
                        ? Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()) == 0
                        : Objects.equals(a, b);
                if (!equal) {
                    throw new IllegalArgumentException("attribute '" + k + "' differs: " + file + " has "
                            + show(a) + ", " + o.file + " has " + show(b) + "; only pieces of one set can be merged");
                }
            }
        }

        private String gridText() {
            return ny == 0 ? "[x=" + nx + "]" : "[y=" + ny + ", x=" + nx + "]";
        }

        private void same(String what, Object a, Object b, Header o) {
            if (!Objects.equals(a, b)) {
                throw new IllegalArgumentException(what + " differs: " + file + " has " + a + ", " + o.file
                        + " has " + b + "; only pieces of one set can be merged");
            }
        }

        private static String show(Object v) {
            return v == null ? "none" : v instanceof String ? "'" + v + "'" : v.toString();
        }
    }
}
