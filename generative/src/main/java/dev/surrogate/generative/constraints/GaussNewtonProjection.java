package dev.surrogate.generative.constraints;

import java.util.Arrays;
import java.util.List;

/**
 * PCFM's projection of one drawn target onto the constraint set (Utkarsh et al., "Physics-Constrained Flow
 * Matching", cpfpengfei/PCFM, {@code pcfm_sample} with {@code mode='root'}): Gauss-Newton steps
 * <pre>
 *   z &lt;- z - J^T (J J^T + eps I)^{-1} h(x(z))
 * </pre>
 * on the normalised state {@code z} ({@code x = z std_c + mean_c} per channel; {@code J} the Jacobian of {@code h}
 * with respect to {@code z}). For affine constraints one step lands on the constraint set exactly (to round-off), at
 * the point nearest {@code z} in the Euclidean norm of the normalised state: the minimum-norm correction. For
 * nonlinear ones steps, shortened by halving until the sum of squared relative violations decreases, repeat until
 * every {@code |h_k|} is at most {@code tolerance} times its scale
 * ({@link Constraint#scales}) or the step budget is spent; if the budget ends first, one exact step onto the
 * affine constraints alone follows, so that they hold to round-off whatever the nonlinear ones reached.
 * {@code eps I} is {@code 1e-14} times the diagonal of {@code J J^T} (scale-free: constraints of very different
 * sizes are regularised alike), a guard against nearly redundant constraints far below round-off. Not thread-safe.
 */
public final class GaussNewtonProjection {
    /** Relative regularisation of {@code J J^T}. */
    static final double EPS = 1e-14;
    /** Largest number of halvings of a nonlinear step. */
    static final int MAX_HALVINGS = 30;

    private final List<Constraint> constraints;
    private final double[] mean;
    private final double[] std;
    private final int points;
    private final int count;
    private final boolean linear;
    private final double[] x;
    private final double[] h;
    private final double[] s;
    private final JacobianRow[] rows;
    // work arrays of a Gauss-Newton step, reused: the sampler projects at every step of every draw
    private final double[] gram;
    private final double[] lambda;
    private final double[] delta;
    private final double[] start;
    /** The affine constraints alone when others are nonlinear, else null. */
    private final GaussNewtonProjection affine;

    /**
     * What a projection achieved.
     *
     * @param steps     Gauss-Newton steps taken
     * @param violation the largest {@code |h_k| / scale_k} after them
     */
    public record Result(int steps, double violation) {
    }

    /**
     * @param constraints the constraints of one target
     * @param mean        per target channel mean of the normalisation
     * @param std         per target channel standard deviation
     * @param points      grid points per channel
     */
    public GaussNewtonProjection(List<Constraint> constraints, double[] mean, double[] std, int points) {
        this.constraints = List.copyOf(constraints);
        this.mean = mean.clone();
        this.std = std.clone();
        this.points = points;
        int c = 0;
        boolean lin = true;
        for (Constraint k : constraints) {
            c += k.count();
            lin &= k.linear();
        }
        this.count = c;
        this.linear = lin;
        this.x = new double[mean.length * points];
        this.h = new double[c];
        this.s = new double[c];
        this.rows = new JacobianRow[c];
        this.gram = new double[c * c];
        this.lambda = new double[c];
        this.delta = new double[x.length];
        this.start = new double[x.length];
        List<Constraint> affineOnes = constraints.stream().filter(Constraint::linear).toList();
        this.affine = lin || affineOnes.isEmpty() ? null
                : new GaussNewtonProjection(affineOnes, mean, std, points);
    }

    /** @return number of constraint values */
    public int count() {
        return count;
    }

    /** @return whether every constraint is affine */
    public boolean linear() {
        return linear;
    }

    /**
     * Projects a normalised state in place.
     *
     * @param z             states; the target's {@code channels * points} values from {@code offset}. Modified.
     * @param offset        first value
     * @param maxSteps      largest number of Gauss-Newton steps (1 for PCFM's intermediate projections)
     * @param tolerance     stop when every {@code |h_k| / scale_k} is at most this
     * @return steps taken and the remaining violation
     */
    public Result project(double[] z, int offset, int maxSteps, double tolerance) {
        if (count == 0) {
            return new Result(0, 0);
        }
        int steps = 0;
        physical(z, offset);
        evaluate();
        while (true) {
            double violation = violation();
            if (violation <= tolerance || steps >= maxSteps || (linear && steps >= 1)) {
                if (violation > tolerance && affine != null && steps > 0) {
                    // the nonlinear steps stopped short, with shortened steps that met the affine constraints only
                    // in part: one exact step onto those, so that they hold to round-off whatever the rest does
                    affine.project(z, offset, 1, 0);
                    physical(z, offset);
                    evaluate();
                    violation = violation();
                }
                return new Result(steps, violation);
            }
            step(z, offset);
            steps++;
        }
    }

    /**
     * @param z      normalised state
     * @param offset first value
     * @return the largest {@code |h_k| / scale_k} of the state
     */
    public double violation(double[] z, int offset) {
        physical(z, offset);
        evaluate();
        return violation();
    }

    private void physical(double[] z, int offset) {
        for (int c = 0; c < mean.length; c++) {
            int o = c * points;
            for (int i = 0; i < points; i++) {
                x[o + i] = z[offset + o + i] * std[c] + mean[c];
            }
        }
    }

    private void evaluate() {
        int from = 0;
        for (Constraint k : constraints) {
            k.values(x, h, from);
            k.scales(x, s, from);
            from += k.count();
        }
    }

    private double violation() {
        double v = 0;
        for (int k = 0; k < count; k++) {
            v = Math.max(v, Math.abs(h[k]) / s[k]);
        }
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    private void step(double[] z, int offset) {
        int from = 0;
        for (Constraint k : constraints) {
            k.jacobian(x, rows, from);
            from += k.count();
        }
        // chain rule to the normalised state: dx/dz = std of the entry's channel
        for (int k = 0; k < count; k++) {
            JacobianRow r = rows[k];
            double[] v = r.values();
            for (int i = 0; i < v.length; i++) {
                v[i] *= std[(r.start() + i) / points];
            }
        }
        double[] a = gram;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j <= i; j++) {
                double d = rows[i].dot(rows[j]);
                a[i * count + j] = d;
                a[j * count + i] = d;
            }
        }
        for (int i = 0; i < count; i++) {
            a[i * count + i] *= 1 + EPS;
        }
        System.arraycopy(h, 0, lambda, 0, count);
        Cholesky.solveInPlace(a, count, lambda);
        Arrays.fill(delta, 0);
        for (int k = 0; k < count; k++) {
            JacobianRow r = rows[k];
            double[] v = r.values();
            for (int i = 0; i < v.length; i++) {
                delta[r.start() + i] += v[i] * lambda[k];
            }
        }
        // the full step for affine constraints; for nonlinear ones halved until sum (h / s)^2 decreases, which keeps
        // a start far from the constraint set from overshooting (near the set the full step is taken and
        // converges quadratically)
        double merit = merit();
        System.arraycopy(z, offset, start, 0, x.length);
        double alpha = 1;
        for (int tries = 0; ; tries++) {
            for (int i = 0; i < x.length; i++) {
                z[offset + i] = start[i] - alpha * delta[i];
            }
            physical(z, offset);
            evaluate();
            if (linear || merit() < merit || tries == MAX_HALVINGS) {
                return;
            }
            alpha *= 0.5;
        }
    }

    private double merit() {
        double m = 0;
        for (int k = 0; k < count; k++) {
            double r = h[k] / s[k];
            m += r * r;
        }
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }
}
