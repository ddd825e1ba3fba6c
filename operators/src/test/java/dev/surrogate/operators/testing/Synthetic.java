package dev.surrogate.operators.testing;

import dev.surrogate.operators.data.InMemoryFieldSource;
import java.util.List;
import java.util.SplittableRandom;

/** Small synthetic datasets with known structure for tests. */
public final class Synthetic {
    private Synthetic() {
    }

    /**
     * Trajectories {@code u(t, x) = a_s sin(2 pi x + phi_s) * (1 + t/T)^-1 + c}, so the final state is a pointwise
     * function of the initial one ({@code u_T = (u_0 - c) / 2 + c}): learnable by a pointwise MLP.
     *
     * @param samples trajectories
     * @param times   snapshots
     * @param nx      grid points
     * @param seed    seed of the amplitudes and phases
     * @return the dataset on [0, 1)
     */
    public static InMemoryFieldSource decayingWaves(int samples, int times, int nx, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] data = new float[samples * times * nx];
        double c = 0.5;
        for (int s = 0; s < samples; s++) {
            double a = r.nextDouble(0.5, 1.5);
            double phi = r.nextDouble(0, 2 * Math.PI);
            for (int t = 0; t < times; t++) {
                double decay = 1.0 / (1.0 + (double) t / (times - 1));
                for (int i = 0; i < nx; i++) {
                    data[(s * times + t) * nx + i] = (float) (a * Math.sin(2 * Math.PI * i / nx + phi) * decay + c);
                }
            }
        }
        return new InMemoryFieldSource(data, samples, times, new int[] {nx}, new double[] {1.0}, List.of("u"));
    }
}
