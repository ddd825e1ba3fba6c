package dev.surrogate.generative.flow;

/**
 * The conditional optimal-transport path of flow matching (Lipman et al. 2023), in normalised state space with
 * {@code t = 0} noise and {@code t = 1} data:
 * <pre>
 *   z_t = (1 - (1 - sigma_min) t) z_0 + t z_1,        u = dz_t/dt = z_1 - (1 - sigma_min) z_0.
 * </pre>
 * With {@code sigma_min = 0} (the default) the path ends exactly at the data; a positive {@code sigma_min} leaves
 * that much noise at {@code t = 1}. From a state and a velocity, {@link #clean} extrapolates to
 * {@code z + (1 - t) v}, which for the exact conditional velocity is {@code z_1 + sigma_min z_0}.
 *
 * @param sigmaMin noise left at {@code t = 1}, in {@code [0, 1)}
 */
public record ProbabilityPath(double sigmaMin) {

    /** Validates {@code sigmaMin}. */
    public ProbabilityPath {
        if (!(sigmaMin >= 0 && sigmaMin < 1)) {
            throw new IllegalArgumentException("sigma_min must be in [0, 1), got " + sigmaMin);
        }
    }

    /**
     * @param t path time in {@code [0, 1]}
     * @return the coefficient of the noise, {@code 1 - (1 - sigma_min) t}
     */
    public double noiseCoefficient(double t) {
        return 1 - (1 - sigmaMin) * t;
    }

    /**
     * Writes {@code z_t} for {@code n} values.
     *
     * @param t    path time
     * @param z0   noise; read only
     * @param z1   data (normalised); read only
     * @param from first value read in {@code z0} and {@code z1} and written in {@code out}
     * @param n    number of values
     * @param out  receives {@code z_t}. Modified.
     */
    public void interpolate(double t, float[] z0, float[] z1, int from, int n, float[] out) {
        double a = noiseCoefficient(t);
        for (int i = from; i < from + n; i++) {
            out[i] = (float) (a * z0[i] + t * z1[i]);
        }
    }

    /**
     * Writes the target velocity {@code z_1 - (1 - sigma_min) z_0} for {@code n} values.
     *
     * @param z0   noise; read only
     * @param z1   data; read only
     * @param from first value
     * @param n    number of values
     * @param out  receives the velocity. Modified.
     */
    public void targetVelocity(float[] z0, float[] z1, int from, int n, float[] out) {
        double b = 1 - sigmaMin;
        for (int i = from; i < from + n; i++) {
            out[i] = (float) (z1[i] - b * z0[i]);
        }
    }

    /**
     * The one-step estimate of the clean sample, {@code z + (1 - t) v}, written into {@code out}.
     *
     * @param t   current time
     * @param z   state; read only
     * @param v   velocity at {@code (t, z)}; read only
     * @param off first value
     * @param n   values
     * @param out receives the estimate (may be {@code z}). Modified.
     */
    public static void clean(double t, double[] z, double[] v, int off, int n, double[] out) {
        double h = 1 - t;
        for (int i = off; i < off + n; i++) {
            out[i] = z[i] + h * v[i];
        }
    }
}
