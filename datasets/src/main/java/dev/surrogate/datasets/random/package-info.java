/**
 * Reproducible random numbers whose values depend only on (seed, sample index, stream), never on the JVM version,
 * the thread that draws them or the order samples are processed in: SplitMix64 key derivation feeding
 * xoshiro256**, and a fully specified Gaussian (Marsaglia's polar method with {@link java.lang.StrictMath}).
 */
package dev.surrogate.datasets.random;
