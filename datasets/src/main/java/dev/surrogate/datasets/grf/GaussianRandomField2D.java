package dev.surrogate.datasets.grf;

import dev.surrogate.datasets.random.RandomStream;
import dev.surrogate.pde.spectral.RealFft2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;

/**
 * Samples a 2-D periodic Gaussian random field (see {@link GrfSpec}) on a square-cell grid
 * {@code [0, L) x [0, L)}:
 * <pre>
 *   u(x) = sum_{k in H} sqrt(2 sigma^2 lambda_k) (xi_k cos(2 pi k.x / L) + eta_k sin(2 pi k.x / L))
 * </pre>
 * over the half-space {@code H = {k = (kx, ky): kx > 0, or kx = 0 and ky > 0}} with {@code |kx| < nx/2},
 * {@code |ky| < ny/2} (Nyquist modes excluded), {@code lambda_k = (4 pi^2 |k|^2 / L^2 + tau^2)^(-alpha)} and
 * {@code xi_k, eta_k} iid N(0, 1). Pointwise variance {@code sigma^2 sum_{k != 0} lambda_k}; zero mean.
 *
 * <p>Draw order: {@code kx = 0, ky = 1 .. ny/2-1}; then for {@code kx = 1 .. nx/2-1}, {@code ky} from
 * {@code -(ny/2-1)} to {@code ny/2-1}; each mode draws {@code xi} then {@code eta}.
 *
 * <p>Grid values are row-major with x fastest ({@code u[iy * nx + ix]}). The domain must be square (Lx = Ly);
 * for a rectangle the wavevector would need two lengths. Not thread-safe: one instance per thread.
 */
public final class GaussianRandomField2D {
    private final SpectralGrid2D grid;
    private final GrfSpec spec;
    private final RealFft2D fft;
    private final double[] hat;
    // sqrt(2 sigma^2 lambda_k) at |ky| * (nx / 2) + |kx|: it depends on |k| only, so every sample shares it
    private final double[] amplitude;

    /**
     * @param grid periodic grid with {@code Lx == Ly}
     * @param spec field parameters
     */
    public GaussianRandomField2D(SpectralGrid2D grid, GrfSpec spec) {
        if (grid.lx() != grid.ly()) {
            throw new IllegalArgumentException("GRF needs a square domain, got Lx=" + grid.lx() + ", Ly=" + grid.ly());
        }
        this.grid = grid;
        this.spec = spec;
        this.fft = new RealFft2D(grid);
        this.hat = new double[grid.spectralSize()];
        int half = grid.nx() / 2;
        this.amplitude = new double[grid.ny() / 2 * half];
        for (int ky = 0; ky < grid.ny() / 2; ky++) {
            for (int kx = 0; kx < half; kx++) {
                amplitude[ky * half + kx] = Math.sqrt(2 * spec.sigma() * spec.sigma()
                        * spec.eigenvalue((double) kx * kx + (double) ky * ky, grid.lx()));
            }
        }
    }

    /** @return the grid */
    public SpectralGrid2D grid() {
        return grid;
    }

    /** @return the field parameters */
    public GrfSpec spec() {
        return spec;
    }

    /**
     * Draws one realisation.
     *
     * @param random source of the N(0, 1) coefficients
     * @param out    {@code [ny * nx]} grid values (x fastest), overwritten
     */
    public void sample(RandomStream random, double[] out) {
        int nx = grid.nx();
        int ny = grid.ny();
        if (out.length != nx * ny) {
            throw new IllegalArgumentException("output has length " + out.length + ", grid has " + nx * ny
                    + " points");
        }
        java.util.Arrays.fill(hat, 0);
        int w = nx + 2;
        // RealFft2D.inverse divides by nx*ny; a half-space pair (with its implied conjugate) gives
        // 2 Re[c e^{i theta}] / (nx ny), so c = (nx ny / 2)(a - i b) yields a cos + b sin.
        double scale = nx * (double) ny / 2;
        int kyMax = ny / 2 - 1;
        for (int ky = 1; ky <= kyMax; ky++) {
            double amp = amplitude(0, ky);
            double a = amp * random.nextGaussian();
            double b = amp * random.nextGaussian();
            // kx = 0 column holds both ky and -ky; they must be conjugate for a real field
            hat[ky * w] = scale * a;
            hat[ky * w + 1] = -scale * b;
            hat[(ny - ky) * w] = scale * a;
            hat[(ny - ky) * w + 1] = scale * b;
        }
        for (int kx = 1; kx < nx / 2; kx++) {
            for (int ky = -kyMax; ky <= kyMax; ky++) {
                double amp = amplitude(kx, ky);
                double a = amp * random.nextGaussian();
                double b = amp * random.nextGaussian();
                int row = ky >= 0 ? ky : ny + ky;
                hat[row * w + 2 * kx] = scale * a;
                hat[row * w + 2 * kx + 1] = -scale * b;
            }
        }
        fft.inverse(hat, out);
    }

    /** @return {@code sqrt(2 sigma^2 lambda_k)} for {@code |kx| < nx/2}, {@code |ky| < ny/2} */
    private double amplitude(int kx, int ky) {
        return amplitude[Math.abs(ky) * (grid.nx() / 2) + Math.abs(kx)];
    }

    /**
     * @param kx x-mode, {@code |kx| < nx/2}
     * @param ky y-mode, {@code |ky| < ny/2}
     * @return variance {@code 2 sigma^2 lambda_k} of each of the cos and sin coefficients of wavevector
     *         (kx, ky) or its mirror -k; 0 for k = 0 and Nyquist modes
     */
    public double modeVariance(int kx, int ky) {
        if ((kx == 0 && ky == 0) || Math.abs(kx) >= grid.nx() / 2 || Math.abs(ky) >= grid.ny() / 2) {
            return 0;
        }
        double a = amplitude(kx, ky);
        return a * a;
    }

    /** @return the exact pointwise variance {@code sigma^2 sum_{k != 0} lambda_k} over the kept modes */
    public double pointwiseVariance() {
        double s = 0;
        int kyMax = grid.ny() / 2 - 1;
        for (int ky = 1; ky <= kyMax; ky++) {
            s += modeVariance(0, ky);
        }
        for (int kx = 1; kx < grid.nx() / 2; kx++) {
            for (int ky = -kyMax; ky <= kyMax; ky++) {
                s += modeVariance(kx, ky);
            }
        }
        return s;
    }
}
