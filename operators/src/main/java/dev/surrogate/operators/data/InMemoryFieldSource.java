package dev.surrogate.operators.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FieldSource} over one flat {@code float[]} in memory, laid out {@code [sample][time][field][points]}.
 * Used for small datasets, for tests and as the cache of {@link FieldSources#cacheIfSmall}.
 */
public final class InMemoryFieldSource implements FieldSource {
    private final float[] data;
    private final int samples;
    private final int times;
    private final int[] shape;
    private final double[] lengths;
    private final List<String> fields;
    private final int points;
    private final double[] timeValues;
    private final Map<String, double[]> parameters;
    private final Map<String, Object> attributes;

    /**
     * @param data    values {@code [sample][time][field][points]}, x fastest; not copied (the caller must not
     *                modify it afterwards)
     * @param samples number of trajectories, at least 1
     * @param times   snapshots per trajectory, at least 1
     * @param shape   grid size {@code {nx}} or {@code {ny, nx}}
     * @param lengths domain lengths in the order of {@code shape}, positive
     * @param fields  field names, at least one
     * @throws IllegalArgumentException if a count is not positive or {@code data.length} does not match
     */
    public InMemoryFieldSource(float[] data, int samples, int times, int[] shape, double[] lengths,
            List<String> fields) {
        if (samples < 1 || times < 1 || fields.isEmpty()) {
            throw new IllegalArgumentException("need at least one sample, time and field, got samples=" + samples
                    + ", times=" + times + ", fields=" + fields);
        }
        if (shape.length < 1 || shape.length > 2 || lengths.length != shape.length) {
            throw new IllegalArgumentException("spatial shape " + Arrays.toString(shape) + " and domain lengths "
                    + Arrays.toString(lengths) + " must both have 1 or 2 entries");
        }
        int p = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 1) {
                throw new IllegalArgumentException("spatial shape " + Arrays.toString(shape) + " has a size < 1");
            }
            if (!(lengths[i] > 0) || !Double.isFinite(lengths[i])) {
                throw new IllegalArgumentException("domain length " + lengths[i] + " must be positive and finite");
            }
            p *= shape[i];
        }
        long expected = (long) samples * times * fields.size() * p;
        if (data.length != expected) {
            throw new IllegalArgumentException("data has " + data.length + " values, expected samples*times*fields"
                    + "*points = " + samples + "*" + times + "*" + fields.size() + "*" + p + " = " + expected);
        }
        this.data = data;
        this.samples = samples;
        this.times = times;
        this.shape = shape.clone();
        this.lengths = lengths.clone();
        this.fields = List.copyOf(fields);
        this.points = p;
        this.timeValues = new double[times];
        Arrays.setAll(this.timeValues, i -> i);
        this.parameters = Map.of();
        this.attributes = Map.of();
    }

    private InMemoryFieldSource(InMemoryFieldSource base, double[] timeValues, Map<String, double[]> parameters,
            Map<String, Object> attributes) {
        this.data = base.data;
        this.samples = base.samples;
        this.times = base.times;
        this.timeValues = timeValues;
        this.shape = base.shape;
        this.lengths = base.lengths;
        this.fields = base.fields;
        this.points = base.points;
        this.parameters = parameters;
        this.attributes = attributes;
    }

    /**
     * A source constructed without times numbers its snapshots {@code 0, 1, ..., times - 1}; this sets the real
     * time coordinates.
     *
     * @param t one increasing value per snapshot
     * @return a source over the same values with these times
     * @throws IllegalArgumentException if the count is wrong or the values do not increase
     */
    public InMemoryFieldSource withTimes(double[] t) {
        if (t.length != times) {
            throw new IllegalArgumentException(t.length + " times given for " + times + " snapshots");
        }
        for (int i = 1; i < t.length; i++) {
            if (!(t[i] > t[i - 1])) {
                throw new IllegalArgumentException("times must increase: t[" + i + "] = " + t[i] + " after "
                        + t[i - 1]);
            }
        }
        return new InMemoryFieldSource(this, t.clone(), parameters, attributes);
    }

    /**
     * @param name   parameter name (e.g. {@code nu})
     * @param values one value per sample
     * @return a source over the same values that also has this per-sample parameter
     */
    public InMemoryFieldSource withParameter(String name, double[] values) {
        if (values.length != samples) {
            throw new IllegalArgumentException("parameter " + name + " has " + values.length + " values for "
                    + samples + " samples");
        }
        Map<String, double[]> p = new LinkedHashMap<>(parameters);
        p.put(name, values.clone());
        return new InMemoryFieldSource(this, timeValues, p, attributes);
    }

    /**
     * @param attrs global attributes (equation, constant parameters, ...), copied
     * @return a source over the same values with these attributes
     */
    public InMemoryFieldSource withAttributes(Map<String, Object> attrs) {
        return new InMemoryFieldSource(this, timeValues, parameters, new LinkedHashMap<>(attrs));
    }

    @Override
    public double[] times() {
        return timeValues.clone();
    }

    @Override
    public List<String> sampleParameterNames() {
        return List.copyOf(parameters.keySet());
    }

    @Override
    public double[] parameter(String name) {
        double[] v = parameters.get(name);
        return v != null ? v.clone() : FieldSource.super.parameter(name);
    }

    @Override
    public double parameterValue(String name, int sample) {
        double[] v = parameters.get(name);
        return v != null ? v[sample] : FieldSource.super.parameterValue(name, sample);
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public int sampleCount() {
        return samples;
    }

    @Override
    public int timeCount() {
        return times;
    }

    @Override
    public int[] spatialShape() {
        return shape.clone();
    }

    @Override
    public double[] domainLengths() {
        return lengths.clone();
    }

    @Override
    public List<String> fieldNames() {
        return fields;
    }

    @Override
    public int points() {
        return points;
    }

    @Override
    public void read(int sample, int time, int field, float[] dst, int offset) {
        checkIndices(sample, time, field);
        int start = ((sample * times + time) * fields.size() + field) * points;
        System.arraycopy(data, start, dst, offset, points);
    }
}
