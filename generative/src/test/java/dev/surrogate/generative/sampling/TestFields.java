package dev.surrogate.generative.sampling;

/** Velocity fields with known flows, for the sampler tests. */
final class TestFields {
    private TestFields() {
    }

    /** {@code v = -lambda_r z} per row r, whose flow is {@code z(1) = z(0) exp(-lambda_r)}. */
    static VelocityField decay(int dimension, double[] lambda) {
        return new VelocityField() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
                for (int i = 0; i < count; i++) {
                    double l = lambda[rows[i]];
                    for (int j = 0; j < dimension; j++) {
                        v[i * dimension + j] = -l * z[i * dimension + j];
                    }
                }
            }
        };
    }

    /**
     * {@code v = -2 t z + (rotation generator) z} on pairs of values: the flow is
     * {@code z(1) = exp(-1) R(omega) z(0)} with R the rotation by {@code omega} (the two parts commute); checks that
     * samplers pass each stage's time.
     */
    static VelocityField timeDependentRotation(int pairs, double omega) {
        return new VelocityField() {
            @Override
            public int dimension() {
                return 2 * pairs;
            }

            @Override
            public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
                int d = 2 * pairs;
                for (int i = 0; i < count; i++) {
                    for (int p = 0; p < pairs; p++) {
                        int k = i * d + 2 * p;
                        double a = z[k];
                        double b = z[k + 1];
                        v[k] = -2 * t[i] * a - omega * b;
                        v[k + 1] = -2 * t[i] * b + omega * a;
                    }
                }
            }
        };
    }

    /**
     * The exact marginal velocity of the linear path from N(0, 1) noise to data N(mu, s^2), independently per
     * value: with {@code a = 1 - (1 - sigma_min) t}, {@code z_t ~ N(t mu, a^2 + t^2 s^2)} and
     * {@code v(t, z) = mu + (t s^2 - (1 - sigma_min) a) / (a^2 + t^2 s^2) (z - t mu)}.
     */
    static VelocityField gaussian(int dimension, double mu, double s, double sigmaMin) {
        return new VelocityField() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
                for (int i = 0; i < count; i++) {
                    double a = 1 - (1 - sigmaMin) * t[i];
                    double gain = (t[i] * s * s - (1 - sigmaMin) * a) / (a * a + t[i] * t[i] * s * s);
                    for (int j = 0; j < dimension; j++) {
                        int k = i * dimension + j;
                        v[k] = mu + gain * (z[k] - t[i] * mu);
                    }
                }
            }
        };
    }

    /** The flow map of {@link #gaussian}: the quantile is kept, {@code z(t) = t mu + sqrt(a^2 + t^2 s^2) z(0)}. */
    static double gaussianFlow(double z0, double t, double mu, double s, double sigmaMin) {
        double a = 1 - (1 - sigmaMin) * t;
        return t * mu + Math.sqrt(a * a + t * t * s * s) * z0;
    }
}
