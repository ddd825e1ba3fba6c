package dev.surrogate.datasets.random;

/**
 * Steele, Lea &amp; Flood's SplitMix64 (OOPSLA 2014): a 64-bit counter advanced by the golden-ratio increment and
 * passed through Stafford's "mix13" finaliser. Used here only to derive well-mixed keys and to seed
 * {@link Xoshiro256StarStar}, as its authors recommend.
 */
public final class SplitMix64 {
    /** The golden-ratio increment {@code 0x9E3779B97F4A7C15}. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    /** @param seed initial counter value; any 64-bit value */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** @return the next 64-bit output */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /**
     * Stafford's variant 13 finaliser: a bijection of 64-bit values with full avalanche.
     *
     * @param z any value
     * @return the mixed value
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
