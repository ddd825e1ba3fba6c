package dev.surrogate.datasets.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything about a dataset file except its numbers: the grid ({@code nx}, and {@code ny} for 2-D), the output
 * times, the fields and per-sample parameters, and the global attributes. Immutable.
 *
 * <p>File layout (see {@code CONTRACT.md}): dimensions {@code sample, time, x} (1-D) or {@code sample, time, y, x}
 * (2-D, x fastest); coordinates {@code x(x)}, {@code y(y)} (cell positions {@code i L / n} in [0, L)),
 * {@code time(time)} and {@code sample(sample)} (the global sample index); each field
 * {@code float name(sample, time, [y,] x)}; each per-sample parameter {@code double name(sample)}; each per-sample
 * label {@code int name(sample)} (integer indices such as a forecast's {@code sample_index} and {@code member},
 * listed in every field's CF {@code coordinates} attribute so that xarray opens them as coordinates).
 */
public final class DatasetLayout {
    private final double domainLength;
    private final int nx;
    private final int ny;
    private final double[] times;
    private final List<VariableSpec> fields;
    private final List<VariableSpec> sampleParameters;
    private final List<VariableSpec> sampleLabels;
    private final Map<String, Object> attributes;

    /**
     * @param domainLength     L, positive and finite
     * @param nx               points in x, {@code >= 1}
     * @param ny               points in y for a 2-D layout, or 0 for 1-D
     * @param times            output times {@code [time]}, non-decreasing and finite; index 0 is the initial
     *                         condition
     * @param fields           at least one field
     * @param sampleParameters parameters stored per sample (may be empty)
     * @param attributes       global attributes, values {@link String} or {@link Number}; kept in order
     */
    public DatasetLayout(double domainLength, int nx, int ny, double[] times, List<VariableSpec> fields,
                         List<VariableSpec> sampleParameters, Map<String, Object> attributes) {
        this(domainLength, nx, ny, times, fields, sampleParameters, List.of(), attributes);
    }

    private DatasetLayout(double domainLength, int nx, int ny, double[] times, List<VariableSpec> fields,
                          List<VariableSpec> sampleParameters, List<VariableSpec> sampleLabels,
                          Map<String, Object> attributes) {
        if (!(domainLength > 0) || !Double.isFinite(domainLength)) {
            throw new IllegalArgumentException("domain length must be positive and finite, got " + domainLength);
        }
        if (nx < 1 || ny < 0) {
            throw new IllegalArgumentException("grid size must be positive, got nx=" + nx + ", ny=" + ny);
        }
        if (times.length == 0) {
            throw new IllegalArgumentException("at least one output time is required");
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i]) || (i > 0 && times[i] < times[i - 1])) {
                throw new IllegalArgumentException("output times must be finite and non-decreasing, got "
                        + Arrays.toString(times));
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one field");
        }
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String) && !(v instanceof Number)) {
                throw new IllegalArgumentException("attribute '" + e.getKey() + "' must be a String or a Number, got "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        this.domainLength = domainLength;
        this.nx = nx;
        this.ny = ny;
        this.times = times.clone();
        this.fields = List.copyOf(fields);
        this.sampleParameters = List.copyOf(sampleParameters);
        this.sampleLabels = List.copyOf(sampleLabels);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** @return domain length L */
    public double domainLength() {
        return domainLength;
    }

    /** @return points in x */
    public int nx() {
        return nx;
    }

    /** @return points in y, 0 for a 1-D layout */
    public int ny() {
        return ny;
    }

    /** @return 1 or 2 */
    public int spatialDimensions() {
        return ny == 0 ? 1 : 2;
    }

    /** @return grid points per snapshot, nx (1-D) or nx * ny (2-D) */
    public int points() {
        return ny == 0 ? nx : nx * ny;
    }

    /** @return number of output times */
    public int timeCount() {
        return times.length;
    }

    /** @return values of one field of one sample: {@code timeCount() * points()} */
    public int valuesPerSample() {
        return times.length * points();
    }

    /** @return a copy of the output times {@code [time]} */
    public double[] times() {
        return times.clone();
    }

    /** @return the fields, in file order */
    public List<VariableSpec> fields() {
        return fields;
    }

    /** @return per-sample parameters, in file order */
    public List<VariableSpec> sampleParameters() {
        return sampleParameters;
    }

    /** @return global attributes (String or Number values), unmodifiable */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /**
     * @return a copy with {@code extra} global attributes appended (replacing any of the same name)
     * @param extra attributes to add
     */
    public DatasetLayout withAttributes(Map<String, Object> extra) {
        Map<String, Object> all = new LinkedHashMap<>(attributes);
        all.putAll(extra);
        return new DatasetLayout(domainLength, nx, ny, times, fields, sampleParameters, sampleLabels, all);
    }

    /**
     * @return a copy with the given per-sample parameters
     * @param parameters the new per-sample parameter list
     */
    public DatasetLayout withSampleParameters(List<VariableSpec> parameters) {
        return new DatasetLayout(domainLength, nx, ny, times, fields, parameters, sampleLabels, attributes);
    }

    /**
     * @return a copy with the given per-sample labels: integer variables {@code int name(sample)}
     * @param labels the new per-sample label list, e.g. {@code sample_index} and {@code member} of a forecast
     */
    public DatasetLayout withSampleLabels(List<VariableSpec> labels) {
        return new DatasetLayout(domainLength, nx, ny, times, fields, sampleParameters, labels, attributes);
    }

    /** @return per-sample integer labels, in file order (empty unless set with {@link #withSampleLabels}) */
    public List<VariableSpec> sampleLabels() {
        return sampleLabels;
    }

    /**
     * @param name field name
     * @return its index in {@link #fields()}
     * @throws IllegalArgumentException if there is no such field
     */
    public int fieldIndex(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no field '" + name + "' in layout " + fields);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DatasetLayout)) {
            return false;
        }
        DatasetLayout d = (DatasetLayout) o;
        return domainLength == d.domainLength && nx == d.nx && ny == d.ny && Arrays.equals(times, d.times)
                && fields.equals(d.fields) && sampleParameters.equals(d.sampleParameters)
                && sampleLabels.equals(d.sampleLabels) && attributes.equals(d.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domainLength, nx, ny, Arrays.hashCode(times), fields, sampleParameters, sampleLabels,
                attributes);
    }
}
