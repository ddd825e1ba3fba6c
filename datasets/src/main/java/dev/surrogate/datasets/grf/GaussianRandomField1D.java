package dev.surrogate.datasets.grf;

import dev.surrogate.datasets.random.RandomStream;
import dev.surrogate.pde.spectral.RealFft1D;
import dev.surrogate.pde.spectral.SpectralGrid1D;

/**
 * Samples a 1-D periodic Gaussian random field (see {@link GrfSpec}) on the points {@code x_i = i L / n}:
 * <pre>
 *   u(x) = sum_{k=1}^{n/2-1} sqrt(2 sigma^2 lambda_k) (xi_k cos(2 pi k x / L) + eta_k sin(2 pi k x / L))
 * </pre>
 * with {@code xi_k, eta_k} iid N(0, 1) drawn in the order {@code xi_1, eta_1, xi_2, eta_2, ...}. The mean mode and
 * the Nyquist mode {@code n/2} are left out, so the field has zero mean and pointwise variance
 * {@code sigma^2 sum_{0 < |k| < n/2} lambda_k} (see {@link #pointwiseVariance()}). Because draws are ordered by
 * wavenumber, the same stream at a finer grid gives the same low modes plus new high ones.
 *
 * <p>Synthesis is one inverse real FFT. Not thread-safe (owns the FFT plan and buffer): one instance per thread.
 */
public final class GaussianRandomField1D {
    private final SpectralGrid1D grid;
    private final GrfSpec spec;
    private final double[] amplitude;
    private final RealFft1D fft;
    private final double[] hat;

    /**
     * @param grid periodic grid (n points on [0, L))
     * @param spec field parameters
     */
    public GaussianRandomField1D(SpectralGrid1D grid, GrfSpec spec) {
        this.grid = grid;
        this.spec = spec;
        int n = grid.n();
        amplitude = new double[n / 2];
        for (int k = 1; k < n / 2; k++) {
            amplitude[k] = Math.sqrt(2 * spec.sigma() * spec.sigma() * spec.eigenvalue((double) k * k,
                    grid.length()));
        }
        fft = new RealFft1D(n);
        hat = new double[grid.spectralSize()];
    }

    /** @return the grid */
    public SpectralGrid1D grid() {
        return grid;
    }

    /** @return the field parameters */
    public GrfSpec spec() {
        return spec;
    }

    /**
     * Draws one realisation.
     *
     * @param random source of the N(0, 1) coefficients; exactly {@code 2 (n/2 - 1)} values are drawn
     * @param out    {@code [n]} grid values, overwritten
     */
    public void sample(RandomStream random, double[] out) {
        int n = grid.n();
        if (out.length != n) {
            throw new IllegalArgumentException("output has length " + out.length + ", grid has " + n + " points");
        }
        java.util.Arrays.fill(hat, 0);
        // inverse(hat)_i = (1/n) sum_j hat_j e^{2 pi i j i / n} over the full spectrum; a real pair
        // a cos + b sin equals Re[(a - i b) e^{i theta}], and the conjugate mode doubles it, hence n / 2.
        double scale = n / 2.0;
        for (int k = 1; k < n / 2; k++) {
            double a = amplitude[k] * random.nextGaussian();
            double b = amplitude[k] * random.nextGaussian();
            hat[2 * k] = scale * a;
            hat[2 * k + 1] = -scale * b;
        }
        fft.inverse(hat, out);
    }

    /** @return the exact pointwise variance {@code sigma^2 sum_{0 < |k| < n/2} lambda_k} of the sampled field */
    public double pointwiseVariance() {
        double s = 0;
        for (int k = 1; k < grid.n() / 2; k++) {
            s += amplitude[k] * amplitude[k];
        }
        return s;
    }

    /**
     * @param k mode index, {@code 0 <= k <= n/2}
     * @return the variance {@code 2 sigma^2 lambda_k} of each of the cos and sin coefficients of mode k (0 for the
     *         excluded mean and Nyquist modes)
     */
    public double modeVariance(int k) {
        return k <= 0 || k >= grid.n() / 2 ? 0 : amplitude[k] * amplitude[k];
    }
}
