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
 * nonlinear ones steps repeat until every {@code |h_k|} is at most {@code tolerance} times its scale
 * ({@link Constraint#scales}) or the step budget is spent. With a budget of one step (PCFM's projections inside the
 * sampler) that is the Gauss-Newton step above. With more, and constraints that give their Hessians
 * ({@link Constraint#addHessian}), the steps are Newton's method on the Lagrange conditions of the point nearest the
 * start ({@link #newtonStep}), which sees the constraints' curvature: the minimum-norm Gauss-Newton steps alone crawl
 * where a curvature is large along them (the energy balance of a rough draw: its dissipation gradient sits at high
 * wavenumbers, where the dissipation curves by {@code nu k^2}; from a solver trajectory with 10 % noise a relative
 * violation of 0.06 was left after 40 steps, 72-119 steps to 1e-6 over other draws; Newton's method: 1e-12 after 17
 * steps, quadratically at the end, tested). Where a Newton step fails (a Hessian missing, a matrix not positive
 * definite, no decrease of the conditions' residual) a Gauss-Newton step, halved until the sum of squared relative
 * violations decreases, takes its place and Newton's method restarts from there (after six failures, or 60 steps,
 * Gauss-Newton steps go on alone); if the budget ends first, one exact step onto the
 * affine constraints alone follows, so that they hold to round-off whatever the nonlinear ones reached.
 * {@code eps I} is {@code 1e-14} times the diagonal of {@code J J^T} (scale-free: constraints of very different
 * sizes are regularised alike), a guard against nearly redundant constraints far below round-off. Not thread-safe.
 */
public final class GaussNewtonProjection {
    /** Relative regularisation of {@code J J^T}. */
    static final double EPS = 1e-14;
    /** Largest number of halvings of a nonlinear step. */
    static final int MAX_HALVINGS = 30;
    /**
     * Largest number of halvings of a Newton step before a Gauss-Newton step replaces it: each halving evaluates
     * the constraints and their Jacobian (measured: with 30 a projection of PBFM samples spent minutes in them).
     */
    static final int MAX_NEWTON_HALVINGS = 12;
    /**
     * Failed Newton steps after which a projection goes on with Gauss-Newton steps alone. These three limits trade
     * reaching the tolerance against time; measured on the Burgers flows of the README (32 inputs x 8 members, energy
     * and mean, tolerance 1e-6): with 8 halvings, 3 failures and 30 steps the worst draw of plain FM kept a relative
     * violation of 1.4 (PBFM 0.11, 1.1 s per member); with 12, 6 and 60, 3e-3 (PBFM 0.037, 1.6 s); without limits
     * every plain-FM draw reached the tolerance but the PBFM draws took minutes.
     */
    static final int MAX_NEWTON_FAILURES = 6;
    /**
     * Newton steps after which a projection goes on with Gauss-Newton steps alone: where Newton's method converges
     * it takes about 20 (each factors one matrix per snapshot); beyond, its steps were shortened again and again.
     */
    static final int MAX_NEWTON_STEPS = 60;

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
    // Lagrange-Newton work arrays (newtonStep): the start of the projection, the multipliers, per channel the
    // constraints' weighted Hessian block and the factor of M, and M^-1 J^T by rows
    private final double[] origin;
    private final double[] multipliers;
    private final double[] startMultipliers;
    private double[][] hessian;
    private double[][] factors;
    private final JacobianRow[] solved;
    private final double[] residual;
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
        this.origin = new double[x.length];
        this.multipliers = new double[c];
        this.startMultipliers = new double[c];
        this.solved = new JacobianRow[c];
        this.residual = new double[x.length];
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
        boolean newton = !linear && maxSteps > 1;
        int failures = 0;
        if (newton) {
            System.arraycopy(z, offset, origin, 0, x.length);
            Arrays.fill(multipliers, 0);
        }
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
            if (newton && steps >= MAX_NEWTON_STEPS) {
                newton = false;
            }
            if (!newton || !newtonStep(z, offset)) {
                step(z, offset);
                if (newton && ++failures >= MAX_NEWTON_FAILURES) {
                    newton = false;
                } else if (newton) {
                    // Newton's method restarts from where the Gauss-Newton step went
                    physical(z, offset);
                    System.arraycopy(z, offset, origin, 0, x.length);
                    Arrays.fill(multipliers, 0);
                }
            }
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

    /** The Jacobian rows at {@link #x}, with respect to the normalised state (into {@link #rows}). */
    private void jacobianRows() {
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
    }

    /**
     * One Newton step on the Lagrange conditions of the point nearest the start {@code z0} on the constraint set,
     * {@code z - z0 + J^T lambda = 0, h = 0}:
     * <pre>
     *   [M  J^T] [dz     ]     [z - z0 + J^T lambda]
     *   [J  0  ] [dlambda] = - [h                  ],   M = I + S (sum_k lambda_k d^2 h_k / dx^2) S,
     * </pre>
     * {@code S} the normalisation's standard deviations, solved through the Schur complement {@code J M^-1 J^T} with
     * {@code M} factored per channel block. Unlike the Gauss-Newton step it sees the constraints' curvature; with
     * {@code lambda = 0} (the first step) it is the Gauss-Newton step. Halved until the sum of squared relative
     * violations decreases.
     *
     * @return false, leaving {@code z} as it was, if a constraint has no Hessian, {@code M} or the Schur complement
     *         is not positive definite, or no halving decreases the violations
     */
    private boolean newtonStep(double[] z, int offset) {
        int channels = mean.length;
        int p = points;
        if (hessian == null) {
            // only projections that take Newton steps hold these (a sampler keeps one projection per input)
            hessian = new double[channels][p * p];
            factors = new double[channels][p * p];
        }
        for (double[] b : hessian) {
            Arrays.fill(b, 0);
        }
        int from = 0;
        for (Constraint k : constraints) {
            if (!k.addHessian(x, multipliers, from, hessian)) {
                return false;
            }
            from += k.count();
        }
        for (int c = 0; c < channels; c++) {
            double s2 = std[c] * std[c];
            double[] m = factors[c];
            double[] hc = hessian[c];
            for (int i = 0; i < m.length; i++) {
                m[i] = s2 * hc[i];
            }
            for (int i = 0; i < p; i++) {
                m[i * p + i] += 1;
            }
            if (!Cholesky.factor(m, 0, p)) {
                return false;
            }
        }
        jacobianRows();
        // u = M^-1 (z - z0 + J^T lambda); the step's line search measures against this state's residual
        double[] u = delta;
        double merit = lagrangeResidual(z, offset, u) + merit();
        merit = Double.isNaN(merit) ? Double.POSITIVE_INFINITY : merit;
        blockSolve(u, 0, 0, channels);
        // V_k = M^-1 J_k^T over the channel blocks that row k touches
        for (int k = 0; k < count; k++) {
            JacobianRow r = rows[k];
            int c0 = r.start() / p;
            int c1 = (r.end() - 1) / p;
            int length = (c1 - c0 + 1) * p;
            // reused while the row covers the same blocks (it does for a given constraint set)
            double[] v = solved[k] != null && solved[k].start() == c0 * p && solved[k].values().length == length
                    ? solved[k].values() : new double[length];
            Arrays.fill(v, 0);
            System.arraycopy(r.values(), 0, v, r.start() - c0 * p, r.values().length);
            blockSolve(v, 0, c0, c1 + 1);
            solved[k] = new JacobianRow(c0 * p, v);
        }
        double[] a = gram;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j <= i; j++) {
                double d = 0.5 * (rows[i].dot(solved[j]) + rows[j].dot(solved[i]));
                a[i * count + j] = d;
                a[j * count + i] = d;
            }
            lambda[i] = h[i] - rows[i].dot(u);
        }
        for (int i = 0; i < count; i++) {
            a[i * count + i] *= 1 + EPS;
        }
        if (!Cholesky.factor(a, 0, count)) {
            return false;
        }
        Cholesky.solve(a, 0, count, lambda, 0);
        // z - dz = z - (u + sum_k V_k dlambda_k): delta holds u + sum V dlambda
        for (int k = 0; k < count; k++) {
            solved[k].addTo(delta, lambda[k]);
        }
        // the Newton direction descends on the squared norm of the conditions' residual (the violations relative
        // to their scales), which a step that only reduced the violations could not promise
        System.arraycopy(z, offset, start, 0, x.length);
        System.arraycopy(multipliers, 0, startMultipliers, 0, count);
        double alpha = 1;
        for (int tries = 0; tries <= MAX_NEWTON_HALVINGS; tries++) {
            for (int i = 0; i < x.length; i++) {
                z[offset + i] = start[i] - alpha * delta[i];
            }
            for (int k = 0; k < count; k++) {
                multipliers[k] = startMultipliers[k] + alpha * lambda[k];
            }
            physical(z, offset);
            evaluate();
            if (kktMerit(z, offset) < merit) {
                return true;
            }
            alpha *= 0.5;
        }
        System.arraycopy(start, 0, z, offset, x.length);
        System.arraycopy(startMultipliers, 0, multipliers, 0, count);
        physical(z, offset);
        evaluate();
        return false;
    }

    /**
     * @return {@code |z - z0 + J^T lambda|^2 + sum (h / s)^2} at the current state ({@link #h} evaluated), with
     *         the Jacobian at this state
     */
    private double kktMerit(double[] z, int offset) {
        jacobianRows();
        double m = lagrangeResidual(z, offset, residual) + merit();
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }

    /**
     * Writes {@code z - z0 + J^T lambda} (the Jacobian in {@link #rows}) into {@code out}.
     *
     * @return its squared norm
     */
    private double lagrangeResidual(double[] z, int offset, double[] out) {
        for (int i = 0; i < x.length; i++) {
            out[i] = z[offset + i] - origin[i];
        }
        for (int k = 0; k < count; k++) {
            rows[k].addTo(out, multipliers[k]);
        }
        double m = 0;
        for (double ri : out) {
            m += ri * ri;
        }
        return m;
    }

    /** Solves {@code M y = b} for the channel blocks {@code [c0, c1)} of {@code b} (which starts at block c0). */
    private void blockSolve(double[] b, int bOffset, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            Cholesky.solve(factors[c], 0, points, b, bOffset + (c - c0) * points);
        }
    }

    private void step(double[] z, int offset) {
        jacobianRows();
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
            rows[k].addTo(delta, lambda[k]);
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
