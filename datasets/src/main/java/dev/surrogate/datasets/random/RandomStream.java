package dev.surrogate.datasets.random;

/**
 * A reproducible source of random numbers with fully specified algorithms (unlike {@link java.util.Random}'s
 * {@code nextGaussian}, whose algorithm the JDK may change). Implementations are not thread-safe.
 */
public interface RandomStream {

    /** @return 64 uniformly random bits */
    long nextLong();

    /** @return a uniform value in [0, 1) with 53 random bits: {@code (nextLong() >>> 11) * 2^-53} */
    double nextDouble();

    /** @return a standard normal N(0, 1) value */
    double nextGaussian();

    /**
     * @param lo lower bound
     * @param hi upper bound, {@code >= lo}
     * @return a uniform value in [lo, hi)
     */
    default double nextUniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }
}
