package dev.surrogate.datasets.random;

/**
 * Blackman &amp; Vigna's xoshiro256** 1.0 (ACM TOMS 47, 2021): 256 bits of state, period 2^256 - 1, all 64 output
 * bits of high quality. Its four state words are filled from a {@link SplitMix64} seeded with a 64-bit key, as
 * the authors recommend. The algorithm is written out here, so the numbers never change with the JDK.
 *
 * <p>Not thread-safe; one instance per sample and thread.
 */
public final class Xoshiro256StarStar implements RandomStream {
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private boolean haveSpare;
    private double spare;

    /** @param key 64-bit key; the state is the next four outputs of {@code new SplitMix64(key)} */
    public Xoshiro256StarStar(long key) {
        SplitMix64 sm = new SplitMix64(key);
        s0 = sm.nextLong();
        s1 = sm.nextLong();
        s2 = sm.nextLong();
        s3 = sm.nextLong();
        // SplitMix64 is a bijection of a counter, so four consecutive outputs are never all zero.
    }

    @Override
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Marsaglia's polar method: draw (v1, v2) uniform on the square [-1, 1)^2 until {@code 0 < s = v1^2 + v2^2 < 1},
     * then {@code v1 * m} and {@code v2 * m} with {@code m = sqrt(-2 ln(s) / s)} are two independent N(0, 1) values;
     * the second is kept for the next call. {@link StrictMath#log} makes the result bit-identical on every JVM.
     */
    @Override
    public double nextGaussian() {
        if (haveSpare) {
            haveSpare = false;
            return spare;
        }
        double v1;
        double v2;
        double s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spare = v2 * m;
        haveSpare = true;
        return v1 * m;
    }
}
