package dev.surrogate.operators.data;

import java.util.List;

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
