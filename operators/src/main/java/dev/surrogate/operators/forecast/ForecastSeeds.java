package dev.surrogate.operators.forecast;

import dev.surrogate.operators.data.Seeds;

/**
 * The one rule by which every forecaster derives its random draws: member {@code m} of the input with global
 * index {@code i} under the user's seed {@code s} has the key {@code mix(mix(s, i), m)}, and the draws of rollout
 * step {@code t} for a purpose {@code p} (Gaussian noise, dropout masks, ...) come from
 * {@code mix(mix(key, t), p)} (with {@link Seeds#mix}). Nothing else enters, so a member does not depend on how the
 * inputs are batched or threaded.
 */
public final class ForecastSeeds {
    /** Purpose of the Gaussian draws of a heteroscedastic head. */
    public static final long GAUSSIAN = 1;
    /** Purpose of the dropout masks of Monte Carlo dropout. */
    public static final long DROPOUT = 2;

    private ForecastSeeds() {
    }

    /**
     * @param seed       the user's seed
     * @param inputIndex global index of the input (its {@code sample} coordinate in the data file)
     * @param member     member number, {@code 0 .. K-1}
     * @return the member's key
     */
    public static long member(long seed, long inputIndex, int member) {
        return Seeds.mix(Seeds.mix(seed, inputIndex), member);
    }

    /**
     * @param seed         the user's seed
     * @param inputIndices global indices of a batch's inputs
     * @param member       member number
     * @return the member's key for every input
     */
    public static long[] members(long seed, long[] inputIndices, int member) {
        long[] keys = new long[inputIndices.length];
        for (int b = 0; b < keys.length; b++) {
            keys[b] = member(seed, inputIndices[b], member);
        }
        return keys;
    }

    /**
     * @param memberKey a key from {@link #member}
     * @param step      rollout step (0 for a one-step forecast)
     * @param purpose   what the draws are for, e.g. {@link #GAUSSIAN}
     * @return the seed of that step's draws for that purpose
     */
    public static long draw(long memberKey, int step, long purpose) {
        return Seeds.mix(Seeds.mix(memberKey, step), purpose);
    }

    /**
     * @param memberKeys keys of a batch's rows
     * @param step       rollout step
     * @param purpose    what the draws are for
     * @return {@link #draw} of every row
     */
    public static long[] draws(long[] memberKeys, int step, long purpose) {
        long[] seeds = new long[memberKeys.length];
        for (int b = 0; b < seeds.length; b++) {
            seeds[b] = draw(memberKeys[b], step, purpose);
        }
        return seeds;
    }
}
