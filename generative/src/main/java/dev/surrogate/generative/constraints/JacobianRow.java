package dev.surrogate.generative.constraints;

/**
 * One row of a constraint's Jacobian: the derivatives of one constraint value with respect to a contiguous range of
 * the state's entries, zero elsewhere (a mean touches one snapshot, an observation one point, the energy balance the
 * snapshots of one time-difference stencil).
 *
 * @param start  first state index the row touches
 * @param values derivatives for indices {@code start .. start + values.length - 1}
 */
public record JacobianRow(int start, double[] values) {

    /** @return one past the last index the row touches */
    public int end() {
        return start + values.length;
    }

    /**
     * @param other another row
     * @return the dot product of the two rows (over their overlap)
     */
    public double dot(JacobianRow other) {
        int from = Math.max(start, other.start);
        int to = Math.min(end(), other.end());
        double s = 0;
        for (int i = from; i < to; i++) {
            s += values[i - start] * other.values[i - other.start];
        }
        return s;
    }

    /**
     * @param full a whole state
     * @return the dot product of this row with it
     */
    public double dot(double[] full) {
        double s = 0;
        for (int i = 0; i < values.length; i++) {
            s += values[i] * full[start + i];
        }
        return s;
    }

    /**
     * Adds {@code scale} times this row into a whole state (a column of {@code J^T lambda}).
     *
     * @param full  the state, added to. Modified.
     * @param scale the factor
     */
    public void addTo(double[] full, double scale) {
        for (int i = 0; i < values.length; i++) {
            full[start + i] += scale * values[i];
        }
    }
}
