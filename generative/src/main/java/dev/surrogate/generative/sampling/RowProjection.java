package dev.surrogate.generative.sampling;

/** Projects a row's state onto its constraint set, in place (see {@link ProjectedSampler}). */
@FunctionalInterface
public interface RowProjection {
    /**
     * @param row    row index in the sampled batch
     * @param z      states; the row's {@link VelocityField#dimension()} values from {@code offset}. Modified.
     * @param offset first value of the row
     * @param last   whether this is the final projection of the sample (to the full tolerance) rather than one of
     *               the intermediate ones
     */
    void project(int row, double[] z, int offset, boolean last);
}
