package dev.surrogate.operators.training;

import java.util.List;

/**
 * ConFIG, "conflict-free inverse gradients" (Liu, Chu, Thuerey: "ConFIG: Towards conflict-free training of
 * physics informed neural networks", ICLR 2025), for two loss terms: an update direction with equal, positive
 * cosine to both gradients, scaled by their projections, so that neither loss increases to first order and no
 * weight has to be tuned. With {@code O(a, b) = b - (a.b / |a|^2) a} (the part of {@code b} orthogonal to
 * {@code a}) and {@code U} the unit vector:
 * <pre>
 *   g_v    = U[ U(O(g_1, g_2)) + U(O(g_2, g_1)) ]
 *   update = (g_1 . g_v + g_2 . g_v) g_v
 * </pre>
 * Parallel gradients (nothing orthogonal) give {@code g_v = U(g_1 + g_2)}. When the second gradient is not finite
 * (a physics residual can blow up on a wild early prediction) the update falls back to the first, the data term;
 * a non-finite first gradient is returned as it is, so the trainer's non-finite-loss check stops the run. Sums are in
 * double precision.
 */
public final class ConflictFreeGradient implements LossCombination.GradientRule {
    /** Registered name. */
    public static final String NAME = "config";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return "ConFIG";
    }

    @Override
    public double[] combine(List<String> terms, double[][] gradients) {
        if (gradients.length != 2) {
            throw new IllegalArgumentException("ConFIG combines exactly two loss terms, the objective has "
                    + gradients.length + " " + terms);
        }
        double[] g1 = gradients[0];
        double[] g2 = gradients[1];
        if (g1.length != g2.length) {
            throw new IllegalArgumentException("gradients of different lengths " + g1.length + " and " + g2.length);
        }
        if (!finite(g1) || !finite(g2)) {
            return g1.clone();
        }
        double n1 = dot(g1, g1);
        double n2 = dot(g2, g2);
        if (n1 == 0 || n2 == 0) {
            // one term is flat here: following the other costs it nothing to first order
            double[] out = g1.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += g2[i];
            }
            return out;
        }
        double d12 = dot(g1, g2);
        int n = g1.length;
        double[] o12 = new double[n];
        double[] o21 = new double[n];
        for (int i = 0; i < n; i++) {
            o12[i] = g2[i] - d12 / n1 * g1[i];
            o21[i] = g1[i] - d12 / n2 * g2[i];
        }
        double no12 = Math.sqrt(dot(o12, o12));
        double no21 = Math.sqrt(dot(o21, o21));
        double[] v = new double[n];
        // relative to the gradients' own size: below this the two are parallel to working precision
        if (no12 <= 1e-12 * Math.sqrt(n2) || no21 <= 1e-12 * Math.sqrt(n1)) {
            for (int i = 0; i < n; i++) {
                v[i] = g1[i] + g2[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                v[i] = o12[i] / no12 + o21[i] / no21;
            }
        }
        double nv = Math.sqrt(dot(v, v));
        if (nv == 0) {
            // exactly opposite gradients of equal size: no direction helps both
            return new double[n];
        }
        for (int i = 0; i < n; i++) {
            v[i] /= nv;
        }
        double scale = dot(g1, v) + dot(g2, v);
        for (int i = 0; i < n; i++) {
            v[i] *= scale;
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
