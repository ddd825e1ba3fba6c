package dev.surrogate.pde.residual;

import java.util.Arrays;
import java.util.Locale;

/**
 * Finite-difference approximation of the time derivative of a series of snapshots taken at uniformly spaced
 * times {@code t_i = t_0 + i h}: {@code u_t(t_i) ~ (1/h) sum_j w_ij u_j}, of a chosen even order p.
 *
 * <p>Each row uses {@code p + 1} consecutive snapshots: centred on snapshot i where that fits in the window,
 * otherwise shifted to the nearest fitting position (one-sided at the window ends), which keeps the same order p
 * with a larger error constant. The weights come from Fornberg's algorithm (Math. Comp. 51, 1988) on the integer
 * offsets, e.g. order 2 centred {@code (-1/2, 0, 1/2)} and at the first snapshot {@code (-3/2, 2, -1/2)}; order 4
 * centred {@code (1/12, -2/3, 0, 2/3, -1/12)}. The stencil is exact for polynomials of degree {@code <= p}.
 *
 * <p>Immutable. The SameDiff residual in {@code operators} takes its matrix from {@link #matrix()}, so both
 * evaluations use the same weights.
 */
public final class TimeStencil {
    /** Orders this class offers. */
    public static final int[] ORDERS = {2, 4, 6};

    private final int order;
    private final int snapshots;
    private final double spacing;
    private final int[] first;
    private final double[][] weights;

    /**
     * @param order     even order p, one of {@link #ORDERS}
     * @param snapshots number of snapshots T in the window, at least {@code p + 1}
     * @param spacing   time between consecutive snapshots h, positive and finite
     * @throws IllegalArgumentException for an unsupported order, too few snapshots or a bad spacing
     */
    public TimeStencil(int order, int snapshots, double spacing) {
        if (Arrays.stream(ORDERS).noneMatch(o -> o == order)) {
            throw new IllegalArgumentException("time-difference order must be one of " + Arrays.toString(ORDERS)
                    + ", got " + order);
        }
        if (snapshots < order + 1) {
            throw new IllegalArgumentException("a time difference of order " + order + " needs at least "
                    + (order + 1) + " snapshots, got " + snapshots);
        }
        if (!(spacing > 0) || !Double.isFinite(spacing)) {
            throw new IllegalArgumentException("snapshot spacing must be positive and finite, got " + spacing);
        }
        this.order = order;
        this.snapshots = snapshots;
        this.spacing = spacing;
        int points = order + 1;
        first = new int[snapshots];
        weights = new double[snapshots][];
        double[] offsets = new double[points];
        for (int i = 0; i < snapshots; i++) {
            int start = Math.max(0, Math.min(i - order / 2, snapshots - points));
            first[i] = start;
            for (int q = 0; q < points; q++) {
                offsets[q] = start + q - i;
            }
            weights[i] = firstDerivativeWeights(offsets);
        }
    }

    /**
     * The stencil for snapshots at the given times, which must be uniformly spaced.
     *
     * @param times snapshot times {@code [T]}, increasing
     * @param order even order p
     * @return the stencil with spacing {@code (t_last - t_0) / (T - 1)}
     * @throws IllegalArgumentException if the spacing is not uniform to within {@code 1e-6} of a step (the message
     *                                  names the first offending index), or for the reasons of the constructor
     */
    public static TimeStencil uniform(double[] times, int order) {
        int n = times.length;
        if (n < 2) {
            throw new IllegalArgumentException("a time derivative needs at least 2 snapshots, got " + n);
        }
        double h = (times[n - 1] - times[0]) / (n - 1);
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("snapshot times must increase, got t[0] = " + times[0] + ", t["
                    + (n - 1) + "] = " + times[n - 1]);
        }
        for (int i = 1; i < n; i++) {
            double expected = times[0] + i * h;
            if (Math.abs(times[i] - expected) > 1e-6 * h) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "snapshot times are not uniformly "
                        + "spaced: t[%d] = %.9g, expected %.9g for spacing %.9g; the finite-difference residual "
                        + "needs uniform spacing", i, times[i], expected, h));
            }
        }
        return new TimeStencil(order, n, h);
    }

    /**
     * Fornberg's weights of the first derivative at 0 on the given nodes.
     *
     * @param x nodes (distinct), in units of the spacing
     * @return weights, one per node
     */
    static double[] firstDerivativeWeights(double[] x) {
        int n = x.length;
        int m = 1;
        double[][] c = new double[n][m + 1];
        double c1 = 1;
        double c4 = x[0];
        c[0][0] = 1;
        for (int i = 1; i < n; i++) {
            int mn = Math.min(i, m);
            double c2 = 1;
            double c5 = c4;
            c4 = x[i];
            for (int j = 0; j < i; j++) {
                double c3 = x[i] - x[j];
                c2 *= c3;
                if (j == i - 1) {
                    for (int k = mn; k >= 1; k--) {
                        c[i][k] = c1 * (k * c[i - 1][k - 1] - c5 * c[i - 1][k]) / c2;
                    }
                    c[i][0] = -c1 * c5 * c[i - 1][0] / c2;
                }
                for (int k = mn; k >= 1; k--) {
                    c[j][k] = (c4 * c[j][k] - k * c[j][k - 1]) / c3;
                }
                c[j][0] = c4 * c[j][0] / c3;
            }
            c1 = c2;
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = c[i][m];
        }
        return w;
    }

    /** @return the order p */
    public int order() {
        return order;
    }

    /** @return the number of snapshots T */
    public int snapshots() {
        return snapshots;
    }

    /** @return the spacing h */
    public double spacing() {
        return spacing;
    }

    /**
     * @param i snapshot index
     * @return index of the first snapshot the row of snapshot i uses (it uses {@code order() + 1} of them)
     */
    public int first(int i) {
        return first[i];
    }

    /**
     * @param i snapshot index
     * @return the weights of row i for unit spacing, {@code [order() + 1]} (a copy)
     */
    public double[] weights(int i) {
        return weights[i].clone();
    }

    /**
     * The whole operator as a matrix including {@code 1/h}: {@code u_t[i] = sum_j D[i][j] u[j]}.
     *
     * @return {@code D}, row-major {@code [T * T]}
     */
    public double[] matrix() {
        double[] d = new double[snapshots * snapshots];
        for (int i = 0; i < snapshots; i++) {
            for (int q = 0; q < weights[i].length; q++) {
                d[i * snapshots + first[i] + q] = weights[i][q] / spacing;
            }
        }
        return d;
    }

    /**
     * Applies the stencil to a series of snapshots.
     *
     * @param series {@code [T * n]}, snapshot-major (snapshot i at {@code i * n}), not modified
     * @param n      values per snapshot
     * @param out    {@code [T * n]}, overwritten with the time derivative; must not be {@code series}
     */
    public void apply(double[] series, int n, double[] out) {
        if (series.length != snapshots * n || out.length != snapshots * n) {
            throw new IllegalArgumentException("series and output must have T * n = " + snapshots + " * " + n
                    + " values, got " + series.length + " and " + out.length);
        }
        double inv = 1 / spacing;
        for (int i = 0; i < snapshots; i++) {
            int o = i * n;
            Arrays.fill(out, o, o + n, 0);
            double[] w = weights[i];
            for (int q = 0; q < w.length; q++) {
                double c = w[q] * inv;
                if (c == 0) {
                    continue;
                }
                int s = (first[i] + q) * n;
                for (int k = 0; k < n; k++) {
                    out[o + k] += c * series[s + k];
                }
            }
        }
    }

    /**
     * @return e.g. {@code "4th-order finite differences in time over 11 snapshots (centred, one-sided of the same
     *         order at the window ends), spacing 0.1"}
     */
    public String describe() {
        String h = String.format(Locale.ROOT, "%.6g", spacing).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceAll("\\.(e|$)", "$1");
        return String.format(Locale.ROOT, "%d%s-order finite differences in time over %d snapshots (centred, "
                + "one-sided of the same order at the window ends), spacing %s", order, suffix(order), snapshots, h);
    }

    private static String suffix(int n) {
        return n == 2 ? "nd" : "th";
    }

    @Override
    public String toString() {
        return "TimeStencil[order=" + order + ", snapshots=" + snapshots + ", spacing=" + spacing + "]";
    }
}
