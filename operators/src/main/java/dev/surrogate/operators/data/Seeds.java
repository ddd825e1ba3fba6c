package dev.surrogate.operators.data;

/** Derivation of independent seeds from a user seed, so every random choice is reproducible from it alone. */
public final class Seeds {
    private Seeds() {
    }

    /**
     * Stafford's mix13 of a seed and a stream index: nearby seeds and indices give unrelated streams.
     *
     * @param seed   user seed
     * @param stream stream index (an epoch, a sample, ...)
     * @return derived seed
     */
    public static long mix(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
