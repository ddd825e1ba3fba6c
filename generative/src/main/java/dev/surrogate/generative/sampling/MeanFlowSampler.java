package dev.surrogate.generative.sampling;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Few-step sampling with an average velocity ({@link AverageVelocityField}): on {@code steps} equal intervals,
 * {@code z <- z + (t' - t) u(z, t, t')}, exact for the learned flow map whatever the step count (one evaluation per
 * step; {@code steps = 1} jumps from noise to a sample at once).
 */
public final class MeanFlowSampler implements Sampler {
    private final int steps;

    /** @param steps equal intervals, at least 1 */
    public MeanFlowSampler(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("the mean-flow sampler needs steps >= 1, got " + steps);
        }
        this.steps = steps;
    }

    @Override
    public String name() {
        return "mean";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampler", name());
        m.put("steps", steps);
        return m;
    }

    @Override
    public int[] sample(VelocityField field, double[] z, int rows, RowNoise noise) {
        Sampler.check(field, z, rows);
        if (!(field instanceof AverageVelocityField average)) {
            throw new IllegalArgumentException("the mean sampler needs an average-velocity model (train meanflow); "
                    + "this model gives an instantaneous velocity: use euler, heun, rk4 or dopri");
        }
        int n = z.length;
        int[] ids = Sampler.identity(rows);
        double[] s = new double[rows];
        double[] t = new double[rows];
        double[] u = new double[n];
        for (int k = 0; k < steps; k++) {
            double t0 = (double) k / steps;
            double t1 = (double) (k + 1) / steps;
            Arrays.fill(s, t0);
            Arrays.fill(t, t1);
            average.evaluate(rows, ids, s, t, z, u);
            double h = t1 - t0;
            for (int i = 0; i < n; i++) {
                z[i] += h * u[i];
            }
        }
        int[] nfe = new int[rows];
        Arrays.fill(nfe, steps);
        return nfe;
    }
}
