package dev.surrogate.pde.residual;

import java.util.Arrays;

/**
 * Pooled sums of squares of a residual and of the time derivative it is measured against, per snapshot index and
 * per field, accumulated over any number of samples (and summed in double precision).
 *
 * <p>The unit-free residual of a set of snapshots is {@code sqrt(sum r^2 / sum u_t^2)}, both sums over the same
 * points of the same snapshots, fields and samples: the RMS of the residual over the RMS of the time derivative.
 * {@link #perSnapshot(int, boolean[])} pools the samples and points of one snapshot index,
 * {@link #pooled(int, int, boolean[])} also pools a range of snapshot indices (the "mean" the {@code residual}
 * command reports). Pooling the squares, rather than averaging per-snapshot ratios, weighs each snapshot by how
 * much the field changes there, so a snapshot where {@code u_t} is tiny cannot dominate the mean.
 */
public final class ResidualStatistics {
    private final int snapshots;
    private final int fields;
    private final double[] residualSquares;
    private final double[] derivativeSquares;
    private final long[] counts;

    /**
     * @param snapshots snapshot indices T, at least 1
     * @param fields    fields, at least 1
     */
    public ResidualStatistics(int snapshots, int fields) {
        if (snapshots < 1 || fields < 1) {
            throw new IllegalArgumentException("need at least one snapshot and one field, got " + snapshots + " and "
                    + fields);
        }
        this.snapshots = snapshots;
        this.fields = fields;
        residualSquares = new double[snapshots * fields];
        derivativeSquares = new double[snapshots * fields];
        counts = new long[snapshots * fields];
    }

    /** @return snapshot indices T */
    public int snapshots() {
        return snapshots;
    }

    /** @return fields */
    public int fields() {
        return fields;
    }

    /**
     * Adds the values of one field of one snapshot of one sample.
     *
     * @param snapshot   snapshot index
     * @param field      field index
     * @param residual   residual values
     * @param derivative time-derivative values at the same points
     * @param offset     first value in both arrays
     * @param length     number of values
     */
    public void add(int snapshot, int field, double[] residual, double[] derivative, int offset, int length) {
        int c = cell(snapshot, field);
        double r2 = 0;
        double d2 = 0;
        for (int i = offset; i < offset + length; i++) {
            r2 += residual[i] * residual[i];
            d2 += derivative[i] * derivative[i];
        }
        residualSquares[c] += r2;
        derivativeSquares[c] += d2;
        counts[c] += length;
    }

    /**
     * Adds a whole window of one sample laid out snapshot-major, each snapshot holding its fields one after
     * another ({@code [T * fields * points]}, the physical vector of the equations).
     *
     * @param residual   {@code [T * fields * points]}
     * @param derivative {@code [T * fields * points]}
     * @param points     values per field and snapshot
     */
    public void addWindow(double[] residual, double[] derivative, int points) {
        if (residual.length != snapshots * fields * points || derivative.length != residual.length) {
            throw new IllegalArgumentException("window must have T * fields * points = " + snapshots + " * " + fields
                    + " * " + points + " values, got " + residual.length + " and " + derivative.length);
        }
        for (int t = 0; t < snapshots; t++) {
            for (int f = 0; f < fields; f++) {
                add(t, f, residual, derivative, (t * fields + f) * points, points);
            }
        }
    }

    /** Adds another accumulator's sums to this one (same shape). */
    public void merge(ResidualStatistics other) {
        if (other.snapshots != snapshots || other.fields != fields) {
            throw new IllegalArgumentException("cannot merge statistics of " + other.snapshots + " x " + other.fields
                    + " into " + snapshots + " x " + fields);
        }
        for (int i = 0; i < counts.length; i++) {
            residualSquares[i] += other.residualSquares[i];
            derivativeSquares[i] += other.derivativeSquares[i];
            counts[i] += other.counts[i];
        }
    }

    /**
     * @param snapshot snapshot index
     * @param selected which fields to pool, {@code [fields]}; null for all
     * @return RMS of the residual over RMS of {@code u_t} at that snapshot index (NaN without values; infinite if
     *         {@code u_t} is zero and the residual is not)
     */
    public double perSnapshot(int snapshot, boolean[] selected) {
        return pooled(snapshot, snapshot + 1, selected);
    }

    /**
     * @param from     first snapshot index, inclusive
     * @param to       last snapshot index, exclusive
     * @param selected which fields to pool, {@code [fields]}; null for all
     * @return {@code sqrt(sum r^2 / sum u_t^2)} over those snapshots and fields
     */
    public double pooled(int from, int to, boolean[] selected) {
        if (from < 0 || to > snapshots || from >= to) {
            throw new IllegalArgumentException("snapshot range [" + from + ", " + to + ") outside [0, " + snapshots
                    + ")");
        }
        if (selected != null && selected.length != fields) {
            throw new IllegalArgumentException("field selection has " + selected.length + " entries, expected "
                    + fields);
        }
        double r2 = 0;
        double d2 = 0;
        for (int t = from; t < to; t++) {
            for (int f = 0; f < fields; f++) {
                if (selected == null || selected[f]) {
                    r2 += residualSquares[cell(t, f)];
                    d2 += derivativeSquares[cell(t, f)];
                }
            }
        }
        return Math.sqrt(r2 / d2);
    }

    /**
     * @param from     first snapshot index, inclusive
     * @param to       last snapshot index, exclusive
     * @param selected fields to pool; null for all
     * @return the RMS of the residual itself over those snapshots and fields (units of u per time)
     */
    public double residualRms(int from, int to, boolean[] selected) {
        double r2 = 0;
        long n = 0;
        for (int t = from; t < to; t++) {
            for (int f = 0; f < fields; f++) {
                if (selected == null || selected[f]) {
                    r2 += residualSquares[cell(t, f)];
                    n += counts[cell(t, f)];
                }
            }
        }
        return Math.sqrt(r2 / n);
    }

    private int cell(int snapshot, int field) {
        if (snapshot < 0 || snapshot >= snapshots || field < 0 || field >= fields) {
            throw new IndexOutOfBoundsException("snapshot " + snapshot + ", field " + field + " outside "
                    + snapshots + " x " + fields);
        }
        return snapshot * fields + field;
    }

    @Override
    public String toString() {
        return "ResidualStatistics[" + snapshots + " snapshots x " + fields + " fields, " + Arrays.stream(counts).sum()
                + " values]";
    }
}
