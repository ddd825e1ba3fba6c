package dev.surrogate.generative.sampling;

import dev.surrogate.generative.flow.ProbabilityPath;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PCFM's constrained sampling of a pretrained flow (Utkarsh et al. 2025, "Physics-Constrained Flow Matching:
 * Sampling Generative Models with Hard Constraints"; cpfpengfei/PCFM {@code pcfm_sample}, without its optional
 * relaxed interpolation): on {@code steps} equal steps {@code t -> t'}, each row
 * <ol>
 *   <li>shoots to the clean estimate {@code u1 = z_t + (1 - t) v(t, z_t)},</li>
 *   <li>projects it onto its constraints ({@link RowProjection}: one Gauss-Newton step, exact for affine
 *       constraints),</li>
 *   <li>goes back along the path from its own initial noise: {@code z_t' = (1 - (1 - sigma_min) t') z_0 + t' u1}.</li>
 * </ol>
 * A final projection of the sample (to the full tolerance) ends it. One velocity evaluation per step.
 */
public final class ProjectedSampler implements Sampler {
    private final int steps;
    private final ProbabilityPath path;
    private final RowProjection projection;

    /**
     * @param steps      equal steps, at least 1
     * @param path       the model's path (its {@code sigma_min})
     * @param projection the rows' projections
     */
    public ProjectedSampler(int steps, ProbabilityPath path, RowProjection projection) {
        if (steps < 1) {
            throw new IllegalArgumentException("constrained sampling needs steps >= 1, got " + steps);
        }
        this.steps = steps;
        this.path = path;
        this.projection = projection;
    }

    @Override
    public String name() {
        return "pcfm";
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
        int d = field.dimension();
        int n = z.length;
        double[] z0 = z.clone();
        int[] ids = Sampler.identity(rows);
        double[] t = new double[rows];
        double[] v = new double[n];
        for (int s = 0; s < steps; s++) {
            double t0 = (double) s / steps;
            double t1 = (double) (s + 1) / steps;
            Arrays.fill(t, t0);
            field.evaluate(rows, ids, t, z, v);
            ProbabilityPath.clean(t0, z, v, 0, n, z);
            for (int r = 0; r < rows; r++) {
                projection.project(r, z, r * d, false);
            }
            double a = path.noiseCoefficient(t1);
            for (int i = 0; i < n; i++) {
                z[i] = a * z0[i] + t1 * z[i];
            }
        }
        for (int r = 0; r < rows; r++) {
            projection.project(r, z, r * d, true);
        }
        int[] nfe = new int[rows];
        Arrays.fill(nfe, steps);
        return nfe;
    }
}
