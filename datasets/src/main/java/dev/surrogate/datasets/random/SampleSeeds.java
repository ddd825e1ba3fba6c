package dev.surrogate.datasets.random;

/**
 * Derives an independent random stream for every (seed, sample index, purpose) triple, so a sample's random
 * numbers do not depend on which thread, shard or run produces it.
 *
 * <p>Key derivation (all arithmetic modulo 2^64, {@code mix} = {@link SplitMix64#mix}, {@code G} =
 * {@link SplitMix64#GOLDEN_GAMMA}):
 * <pre>
 *   key = mix(mix(mix(seed) ^ (index * G + G)) ^ (purpose * G + 2 G))
 *   stream = new Xoshiro256StarStar(key)
 * </pre>
 * Separate purposes (initial condition, swept parameters, ...) give streams that stay independent when one of
 * them draws a different number of values, e.g. at another resolution.
 */
public final class SampleSeeds {
    /** Purpose of the stream that draws a sample's initial condition. */
    public static final long INITIAL_CONDITION = 1;
    /** Purpose of the stream that draws a sample's swept physical parameters. */
    public static final long PARAMETERS = 2;

    private final long seed;

    /** @param seed the dataset's seed, any 64-bit value */
    public SampleSeeds(long seed) {
        this.seed = seed;
    }

    /** @return the dataset's seed */
    public long seed() {
        return seed;
    }

    /**
     * @param sampleIndex global index of the sample, {@code >= 0}
     * @param purpose     which stream of that sample, e.g. {@link #INITIAL_CONDITION}
     * @return the 64-bit key of that stream
     */
    public long key(long sampleIndex, long purpose) {
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sample index must be >= 0, got " + sampleIndex);
        }
        long g = SplitMix64.GOLDEN_GAMMA;
        long k = SplitMix64.mix(SplitMix64.mix(seed) ^ (sampleIndex * g + g));
        return SplitMix64.mix(k ^ (purpose * g + 2 * g));
    }

    /**
     * @param sampleIndex global index of the sample, {@code >= 0}
     * @param purpose     which stream of that sample
     * @return a new stream, identical for identical arguments on every JVM
     */
    public RandomStream stream(long sampleIndex, long purpose) {
        return new Xoshiro256StarStar(key(sampleIndex, purpose));
    }
}
