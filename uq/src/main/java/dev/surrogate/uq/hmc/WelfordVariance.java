package dev.surrogate.uq.hmc;

/**
 * Running mean and variance per coordinate (Welford's update, stable for long runs), for the diagonal mass matrix
 * of warm-up.
 */
public final class WelfordVariance {
    private final double[] mean;
    private final double[] m2;
    private long n;

    /** @param dimension number of coordinates */
    public WelfordVariance(int dimension) {
        mean = new double[dimension];
        m2 = new double[dimension];
    }

    /** @param x one draw, {@code [dimension]}; not modified */
    public void add(double[] x) {
        n++;
        for (int i = 0; i < mean.length; i++) {
            double d = x[i] - mean[i];
            mean[i] += d / n;
            m2[i] += d * (x[i] - mean[i]);
        }
    }

    /** @return draws added since the last reset */
    public long count() {
        return n;
    }

    /** Forgets every draw. */
    public void reset() {
        n = 0;
        java.util.Arrays.fill(mean, 0);
        java.util.Arrays.fill(m2, 0);
    }

    /**
     * The sample variance shrunk towards a small constant, as Stan regularises its adapted metric:
     * {@code n / (n + 5) var + 1e-3 * 5 / (n + 5)}, which keeps it positive for short windows.
     *
     * @param out receives the regularised variance per coordinate; modified
     * @throws IllegalStateException with fewer than 2 draws
     */
    public void regularisedVariance(double[] out) {
        if (n < 2) {
            throw new IllegalStateException("a variance needs at least 2 draws, have " + n);
        }
        double shrink = n / (n + 5.0);
        double floor = 1e-3 * 5.0 / (n + 5.0);
        for (int i = 0; i < out.length; i++) {
            out[i] = shrink * m2[i] / (n - 1) + floor;
        }
    }
}
