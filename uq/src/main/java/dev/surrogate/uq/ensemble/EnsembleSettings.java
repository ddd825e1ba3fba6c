package dev.surrogate.uq.ensemble;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.data.Seeds;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What makes the members of a deep ensemble differ: member {@code j} trains with seed {@code seed + j} (its initial
 * weights, example order and dropout masks), so {@code train fno --heteroscedastic --seed S+j} on the same data
 * reproduces it; with {@code bootstrap} it also trains on its own bootstrap resample of the training trajectories
 * (as many draws with replacement as there are trajectories, from {@link #bootstrapSample}).
 *
 * @param members   number of members M, {@code >= 1} (5 is the usual choice, Lakshminarayanan et al. 2017)
 * @param bootstrap whether each member trains on a bootstrap resample of the trajectories
 * @param seed      seed of member 0
 */
public record EnsembleSettings(int members, boolean bootstrap, long seed) {
    /** Default number of members. */
    public static final int DEFAULT_MEMBERS = 5;

    /** Stream index of the bootstrap draws, so they are independent of the member's training draws. */
    private static final long BOOTSTRAP_STREAM = 0x626f6f74L;

    /** Validates the arguments. */
    public EnsembleSettings {
        if (members < 1) {
            throw new IllegalArgumentException("an ensemble needs at least 1 member, got " + members);
        }
    }

    /**
     * @param member member number {@code 0 .. M-1}
     * @return the seed member {@code j} trains with: {@code seed + j}
     */
    public long memberSeed(int member) {
        checkMember(member);
        return seed + member;
    }

    /**
     * The trajectories member {@code j} trains on: {@code samples} itself without bootstrap, else
     * {@code samples.length} draws with replacement (uniform, xoshiro256** keyed by {@code (seed, j)}), ascending.
     *
     * @param samples the training trajectories (positions in the data set); read only
     * @param member  member number
     * @return the member's trajectories (a fresh array; repeated indices are repeated trajectories)
     */
    public int[] bootstrapSample(int[] samples, int member) {
        checkMember(member);
        if (!bootstrap) {
            return samples.clone();
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException("no training trajectories to resample");
        }
        Xoshiro256StarStar rng = new Xoshiro256StarStar(Seeds.mix(Seeds.mix(seed, member), BOOTSTRAP_STREAM));
        int[] drawn = new int[samples.length];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = samples[(int) (rng.nextDouble() * samples.length)];
        }
        Arrays.sort(drawn);
        return drawn;
    }

    private void checkMember(int member) {
        if (member < 0 || member >= members) {
            throw new IllegalArgumentException("member " + member + " outside [0, " + members + ")");
        }
    }

    /** @return plain values for {@code ensemble.json} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("members", members);
        m.put("bootstrap", bootstrap);
        m.put("seed", seed);
        return m;
    }

    /**
     * @param m a map written by {@link #toMap()}
     * @return the settings
     * @throws IllegalArgumentException if a value is missing or malformed
     */
    public static EnsembleSettings fromMap(Map<String, ?> m) {
        try {
            return new EnsembleSettings(((Number) m.get("members")).intValue(),
                    Boolean.TRUE.equals(m.get("bootstrap")), ((Number) m.get("seed")).longValue());
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("incomplete ensemble settings " + m, e);
        }
    }
}
