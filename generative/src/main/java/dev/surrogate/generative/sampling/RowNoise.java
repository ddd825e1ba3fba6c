package dev.surrogate.generative.sampling;

/** Fresh noise for a row (stochastic samplers): successive calls for the same row give successive draws. */
@FunctionalInterface
public interface RowNoise {
    /** No noise: for deterministic samplers, which never call it. */
    RowNoise NONE = (row, out, offset) -> {
        throw new IllegalStateException("this sampler was given no noise source");
    };

    /**
     * @param row    row index in the sampled batch
     * @param out    receives {@link VelocityField#dimension()} values from {@code offset}. Modified.
     * @param offset first value written
     */
    void draw(int row, double[] out, int offset);
}
