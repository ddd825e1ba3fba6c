package dev.surrogate.operators.data;

import java.util.Arrays;

/**
 * A split of trajectory indices into training and validation sets. Splitting by trajectory (never by pair) keeps
 * snapshots of one trajectory out of both sets at once.
 *
 * @param train      trajectory indices used for training, ascending
 * @param validation trajectory indices held out, ascending (may be empty)
 */
public record SampleSplit(int[] train, int[] validation) {

    /** Defensive copies; both arrays are validated to be non-null. */
    public SampleSplit {
        train = train.clone();
        validation = validation.clone();
        if (train.length == 0) {
            throw new IllegalArgumentException("a split needs at least one training sample");
        }
    }

    /**
     * Holds out the last {@code round(fraction * n)} trajectories (at least one when {@code fraction > 0}).
     *
     * @param n        number of trajectories
     * @param fraction share held out for validation, in {@code [0, 1)}
     * @return the split
     * @throws IllegalArgumentException if {@code fraction} is outside {@code [0, 1)} or leaves no training sample
     */
    public static SampleSplit holdOutLast(int n, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
        int val = fraction == 0 ? 0 : Math.max(1, (int) Math.round(fraction * n));
        return counts(n, n - val, val);
    }

    /**
     * First {@code trainCount} trajectories for training, the next {@code valCount} for validation.
     *
     * @param n          number of trajectories available
     * @param trainCount at least 1
     * @param valCount   at least 0
     * @return the split
     * @throws IllegalArgumentException if the counts do not fit in {@code n}
     */
    public static SampleSplit counts(int n, int trainCount, int valCount) {
        if (trainCount < 1 || valCount < 0 || trainCount + valCount > n) {
            throw new IllegalArgumentException("cannot take " + trainCount + " training and " + valCount
                    + " validation samples from a dataset of " + n + " samples");
        }
        int[] train = new int[trainCount];
        int[] val = new int[valCount];
        Arrays.setAll(train, i -> i);
        Arrays.setAll(val, i -> trainCount + i);
        return new SampleSplit(train, val);
    }

    /** @return all {@code n} trajectories for training, none held out */
    public static SampleSplit all(int n) {
        return counts(n, n, 0);
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }

    @Override
    public String toString() {
        return "SampleSplit[train=" + train.length + ", validation=" + validation.length + "]";
    }
}
