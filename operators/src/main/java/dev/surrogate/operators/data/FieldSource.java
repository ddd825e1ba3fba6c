package dev.surrogate.operators.data;

import java.util.List;
import java.util.Map;

/**
 * Random access to the snapshots of a dataset of trajectories: {@code field(sample, time, *space)} for each named
 * field, as in the toolkit's NetCDF layout. Implementations may read lazily from disk; callers ask for one snapshot
 * at a time so a large dataset never has to fit in memory.
 *
 * <p>Spatial order is the file's: {@code {nx}} in 1-D, {@code {ny, nx}} in 2-D with x varying fastest.
 */
public interface FieldSource extends AutoCloseable {

    /** @return number of trajectories (the {@code sample} dimension) */
    int sampleCount();

    /** @return number of snapshots per trajectory (the {@code time} dimension), index 0 the initial condition */
    int timeCount();

    /** @return grid size, {@code {nx}} or {@code {ny, nx}} (a fresh copy) */
    int[] spatialShape();

    /** @return domain lengths in the same order as {@link #spatialShape()}, e.g. {@code {Lx}} or {@code {Ly, Lx}} */
    double[] domainLengths();

    /** @return names of the fields, in channel order (e.g. {@code ["u"]}, {@code ["u", "v"]}) */
    List<String> fieldNames();

    /**
     * @return time coordinate of every snapshot, {@code timeCount()} values, increasing (a fresh copy; the file's
     *         {@code time} variable, nondimensional in the toolkit's datasets)
     */
    double[] times();

    /**
     * The spacing of the snapshots, which finite-difference time derivatives and physics losses need.
     *
     * @return {@code times[1] - times[0]}
     * @throws IllegalStateException if there is only one snapshot or the spacing is not uniform (to 1e-6 relative)
     */
    default double timeStep() {
        double[] t = times();
        if (t.length < 2) {
            throw new IllegalStateException("a dataset with " + t.length + " snapshot(s) has no time step");
        }
        double dt = t[1] - t[0];
        for (int i = 2; i < t.length; i++) {
            double d = t[i] - t[i - 1];
            if (Math.abs(d - dt) > 1e-6 * Math.abs(dt)) {
                throw new IllegalStateException("snapshot spacing is not uniform: t[" + (i - 1) + "] - t[" + (i - 2)
                        + "] = " + dt + " but t[" + i + "] - t[" + (i - 1) + "] = " + d);
            }
        }
        return dt;
    }

    /**
     * @return names of the parameters stored per sample (e.g. {@code nu} of a viscosity sweep), in file order;
     *         empty when every parameter is a constant
     */
    default List<String> sampleParameterNames() {
        return List.of();
    }

    /**
     * A physical parameter for every sample: a per-sample variable of a sweep, or a constant global attribute
     * repeated.
     *
     * @param name parameter name as in the file ({@code nu}, {@code feed_rate}, ...)
     * @return one value per sample (a fresh copy)
     * @throws IllegalArgumentException if the dataset has no such parameter
     */
    default double[] parameter(String name) {
        Object a = attributes().get(name);
        if (a instanceof Number n) {
            double[] d = new double[sampleCount()];
            java.util.Arrays.fill(d, n.doubleValue());
            return d;
        }
        throw new IllegalArgumentException("the dataset has no parameter '" + name + "' (neither per sample nor "
                + "a numeric attribute); per-sample parameters: " + sampleParameterNames());
    }

    /**
     * One sample's value of a parameter (see {@link #parameter(String)}); sources override it when
     * {@code parameter} copies a whole array.
     *
     * @param name   parameter name
     * @param sample sample index
     * @return the value
     */
    default double parameterValue(String name, int sample) {
        return parameter(name)[sample];
    }

    /**
     * @return the dataset's global attributes ({@code equation}, {@code domain_length}, {@code forcing}, constant
     *         parameters, ...), empty when there are none
     */
    default Map<String, Object> attributes() {
        return Map.of();
    }

    /**
     * Copies one snapshot of one field.
     *
     * @param sample trajectory index, {@code 0 <= sample < sampleCount()}
     * @param time   snapshot index, {@code 0 <= time < timeCount()}
     * @param field  field index into {@link #fieldNames()}
     * @param dst    destination; receives {@link #points()} values, x fastest. Modified.
     * @param offset first index written in {@code dst}
     * @throws IndexOutOfBoundsException if an index is out of range
     * @throws java.io.UncheckedIOException if reading the underlying file fails
     */
    void read(int sample, int time, int field, float[] dst, int offset);

    /**
     * Copies every snapshot of one field of one trajectory; sources backed by files override this with one bulk
     * read.
     *
     * @param sample trajectory index
     * @param field  field index
     * @param dst    destination; snapshot {@code t} goes to {@code dst[offset + t * stride ...]}. Modified.
     * @param offset index of snapshot 0 in {@code dst}
     * @param stride distance between snapshots in {@code dst}, at least {@link #points()}
     */
    default void readTrajectory(int sample, int field, float[] dst, int offset, int stride) {
        for (int t = 0; t < timeCount(); t++) {
            read(sample, t, field, dst, offset + t * stride);
        }
    }

    /** @return number of grid points per snapshot (product of {@link #spatialShape()}) */
    default int points() {
        int p = 1;
        for (int n : spatialShape()) {
            p *= n;
        }
        return p;
    }

    /** @return number of fields */
    default int fieldCount() {
        return fieldNames().size();
    }

    /** Releases files or buffers; the default does nothing. */
    @Override
    default void close() {
    }

    /**
     * Checks the indices of a {@link #read} call.
     *
     * @throws IndexOutOfBoundsException naming the index that is out of range
     */
    default void checkIndices(int sample, int time, int field) {
        if (sample < 0 || sample >= sampleCount()) {
            throw new IndexOutOfBoundsException("sample " + sample + " outside [0, " + sampleCount() + ")");
        }
        if (time < 0 || time >= timeCount()) {
            throw new IndexOutOfBoundsException("time index " + time + " outside [0, " + timeCount() + ")");
        }
        if (field < 0 || field >= fieldCount()) {
            throw new IndexOutOfBoundsException("field " + field + " outside [0, " + fieldCount() + ")");
        }
    }
}
