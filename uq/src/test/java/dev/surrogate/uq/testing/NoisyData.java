package dev.surrogate.uq.testing;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.data.InMemoryFieldSource;
import java.util.List;

/** Synthetic two-snapshot data sets whose final state is the initial one plus independent Gaussian noise. */
public final class NoisyData {
    private NoisyData() {
    }

    /**
     * Trajectory {@code s}: {@code u(0, x) = a_s sin(2 pi x + phi_s)}, {@code u(1, x) = u(0, x) + sigma eps} with
     * independent standard normal {@code eps} per value.
     *
     * @param samples trajectories
     * @param nx      grid points on [0, 1)
     * @param sigma   noise standard deviation
     * @param seed    seed
     * @return the data set (field {@code u}, times 0 and 1)
     */
    public static InMemoryFieldSource of(int samples, int nx, double sigma, long seed) {
        Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
        float[] data = new float[samples * 2 * nx];
        for (int s = 0; s < samples; s++) {
            double a = 0.5 + rng.nextDouble();
            double phi = 2 * Math.PI * rng.nextDouble();
            for (int i = 0; i < nx; i++) {
                double u0 = a * Math.sin(2 * Math.PI * i / nx + phi);
                data[(2 * s) * nx + i] = (float) u0;
                data[(2 * s + 1) * nx + i] = (float) (u0 + sigma * rng.nextGaussian());
            }
        }
        return new InMemoryFieldSource(data, samples, 2, new int[] {nx}, new double[] {1.0}, List.of("u"))
                .withTimes(new double[] {0, 1});
    }
}
