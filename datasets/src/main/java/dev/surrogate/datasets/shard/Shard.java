package dev.surrogate.datasets.shard;

import java.util.Locale;

/**
 * Shard {@code index} of {@code count} of a set of samples: the set's samples split into {@code count} contiguous
 * index ranges whose sizes differ by at most one. Shard i of a set of S samples starting at F holds the global
 * indices {@code F + floor(i S / N) .. F + floor((i + 1) S / N) - 1}; together the N shards hold every index once.
 *
 * <p>Written {@code I/N} with a 0-based I, so a job array's task id ({@code $SLURM_ARRAY_TASK_ID} of
 * {@code --array=0-63}) is the shard index as it stands.
 *
 * @param index the shard, {@code 0 <= index < count}
 * @param count number of shards, {@code >= 1}
 */
public record Shard(int index, int count) {
    /** Global attribute of a shard file: the shard as {@code "I/N"}. */
    public static final String ATTRIBUTE = "shard";
    /** Global attribute of a shard file: the global index of the set's first sample. */
    public static final String SET_FIRST_SAMPLE = "shard_set_first_sample";
    /** Global attribute of a shard file: the number of samples in the whole set. */
    public static final String SET_SAMPLES = "shard_set_samples";

    /** Validates the numbers. */
    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("shard count must be >= 1, got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index " + index + " outside [0, " + count + ") (shards are "
                    + "numbered from 0: I/N with 0 <= I < N)");
        }
    }

    /**
     * @param text {@code "I/N"}, e.g. {@code "3/64"}
     * @return the shard
     * @throws IllegalArgumentException naming the text if it is not of that form or out of range
     */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("shard '" + text + "' must be I/N (shard I of N, 0 <= I < N), "
                    + "e.g. 3/64");
        }
        try {
            return new Shard(Integer.parseInt(t.substring(0, slash).trim()),
                    Integer.parseInt(t.substring(slash + 1).trim()));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("shard '" + text + "' must be I/N with integers I and N, e.g. 3/64");
        }
    }

    /**
     * @param setSamples samples in the whole set
     * @throws IllegalArgumentException if some shard would be empty (more shards than samples)
     */
    public void checkFits(long setSamples) {
        if (count > setSamples) {
            throw new IllegalArgumentException("cannot split " + setSamples + " samples into " + count
                    + " shards: some would be empty; use at most " + setSamples + " shards");
        }
    }

    /**
     * @param setFirst   global index of the set's first sample
     * @param setSamples samples in the whole set
     * @return global index of this shard's first sample
     */
    public long first(long setFirst, long setSamples) {
        return setFirst + offset(index, setSamples);
    }

    /**
     * @param setSamples samples in the whole set
     * @return number of samples in this shard ({@code floor(S / N)} or one more)
     */
    public int samples(long setSamples) {
        return Math.toIntExact(offset(index + 1, setSamples) - offset(index, setSamples));
    }

    /** @return {@code floor(i S / N)} without overflow for any int i and S below 2^32 */
    private long offset(long i, long setSamples) {
        return Math.multiplyExact(i, setSamples) / count;
    }

    /**
     * The shard of a set that holds a sample.
     *
     * @param count      number of shards
     * @param setFirst   global index of the set's first sample
     * @param setSamples samples in the set
     * @param sample     a global sample index inside the set
     * @return the shard holding it
     */
    public static Shard holding(int count, long setFirst, long setSamples, long sample) {
        long k = sample - setFirst;
        if (k < 0 || k >= setSamples) {
            throw new IllegalArgumentException("sample " + sample + " outside the set " + setFirst + " .. "
                    + (setFirst + setSamples - 1));
        }
        // the largest i with floor(i S / N) <= k
        int i = (int) Math.min(count - 1, ((k + 1) * count - 1) / setSamples);
        while (i > 0 && new Shard(i, count).first(setFirst, setSamples) > sample) {
            i--;
        }
        while (i + 1 < count && new Shard(i + 1, count).first(setFirst, setSamples) <= sample) {
            i++;
        }
        return new Shard(i, count);
    }

    /** @return {@code "I/N"} */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d", index, count);
    }
}
