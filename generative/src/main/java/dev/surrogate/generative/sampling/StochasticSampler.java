package dev.surrogate.generative.sampling;

import dev.surrogate.generative.flow.ProbabilityPath;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PBFM's stochastic sampler ({@code sample(..., use_stoc_samp=True)} of tum-pbs/PBFM): on {@code steps} equal
 * steps {@code t_i = i / steps}, while {@code t_i < t*} a step jumps to the one-step estimate of the clean sample
 * and re-noises it to the next time on the path,
 * <pre>
 *   z1_hat = z + (1 - t_i) v(t_i, z),     z &lt;- (1 - (1 - sigma_min) t_{i+1}) eps + t_{i+1} z1_hat,
 * </pre>
 * with fresh noise {@code eps} of the source distribution; from {@code t*} on it takes Euler steps. (With
 * {@code sigma_min = 0} this is the reference's {@code (1 - t') eps + t' x1_hat}.) One evaluation per step;
 * the reference uses {@code t* = 0.2}.
 */
public final class StochasticSampler implements Sampler {
    /** PBFM's switch time. */
    public static final double DEFAULT_SWITCH = 0.2;

    private final int steps;
    private final double switchTime;
    private final ProbabilityPath path;

    /**
     * @param steps      equal steps, at least 1
     * @param switchTime {@code t*}: re-noising steps start at times below it, in {@code [0, 1]}
     * @param path       the model's path (its {@code sigma_min} sets the re-noising coefficient)
     */
    public StochasticSampler(int steps, double switchTime, ProbabilityPath path) {
        if (steps < 1) {
            throw new IllegalArgumentException("the stochastic sampler needs steps >= 1, got " + steps);
        }
        if (!(switchTime >= 0 && switchTime <= 1)) {
            throw new IllegalArgumentException("the stochastic sampler's switch time must be in [0, 1], got "
                    + switchTime);
        }
        this.steps = steps;
        this.switchTime = switchTime;
        this.path = path;
    }

    @Override
    public String name() {
        return "stochastic";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampler", name());
        m.put("steps", steps);
        m.put("switch_time", switchTime);
        return m;
    }

    @Override
    public int[] sample(VelocityField field, double[] z, int rows, RowNoise noise) {
        Sampler.check(field, z, rows);
        int d = field.dimension();
        int n = z.length;
        int[] ids = Sampler.identity(rows);
        double[] t = new double[rows];
        double[] v = new double[n];
        double[] eps = new double[d];
        for (int s = 0; s < steps; s++) {
            double t0 = (double) s / steps;
            double t1 = (double) (s + 1) / steps;
            Arrays.fill(t, t0);
            field.evaluate(rows, ids, t, z, v);
            if (t0 < switchTime) {
                ProbabilityPath.clean(t0, z, v, 0, n, z);
                double a = path.noiseCoefficient(t1);
                for (int r = 0; r < rows; r++) {
                    noise.draw(r, eps, 0);
                    int off = r * d;
                    for (int i = 0; i < d; i++) {
                        z[off + i] = a * eps[i] + t1 * z[off + i];
                    }
                }
            } else {
                double h = t1 - t0;
                for (int i = 0; i < n; i++) {
                    z[i] += h * v[i];
                }
            }
        }
        int[] nfe = new int[rows];
        Arrays.fill(nfe, steps);
        return nfe;
    }
}
