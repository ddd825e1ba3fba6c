package dev.surrogate.generative.sampling;

import java.util.Map;

/**
 * Integrates {@code dz/dt = v(t, z)} from {@code t = 0} to {@code t = 1} for a batch of independent rows, in place.
 */
public interface Sampler {

    /** @return short name ({@code euler}, {@code heun}, {@code rk4}, {@code dopri}, {@code stochastic}) */
    String name();

    /** @return the settings (steps, tolerances, ...) as plain values, for reports */
    Map<String, Object> describe();

    /**
     * @param field velocity field
     * @param z     initial states {@code [rows * field.dimension()]} at {@code t = 0}; replaced by the states at
     *              {@code t = 1}. Modified.
     * @param rows  number of rows, at least 1
     * @param noise fresh noise per row, for stochastic samplers ({@link RowNoise#NONE} for the others)
     * @return number of velocity evaluations of every row {@code [rows]}
     */
    int[] sample(VelocityField field, double[] z, int rows, RowNoise noise);

    /**
     * Checks the arguments of {@link #sample}.
     *
     * @param field velocity field
     * @param z     states
     * @param rows  rows
     * @throws IllegalArgumentException naming the mismatch
     */
    static void check(VelocityField field, double[] z, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("need at least 1 row, got " + rows);
        }
        if (z.length != (long) rows * field.dimension()) {
            throw new IllegalArgumentException("state array has " + z.length + " values, expected " + rows + " rows x "
                    + field.dimension());
        }
    }

    /** @return {@code {0, 1, ..., n-1}} */
    static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
