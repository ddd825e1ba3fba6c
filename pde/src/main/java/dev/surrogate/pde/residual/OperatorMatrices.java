package dev.surrogate.pde.residual;

import dev.surrogate.pde.spectral.RealFft1D;
import dev.surrogate.pde.spectral.RealFft2D;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Dense real matrices of the linear spectral operators of {@code pde} (derivatives, dealiasing, diagonal linear
 * parts), obtained by applying the operator itself to every unit vector. A matrix built here cannot disagree with
 * the solver's operator: it is that operator, written out (for a differentiable evaluation by matrix products,
 * where no FFT is available).
 *
 * <p>An operator is given as an in-place action on a spectral array in the half-complex layout of
 * {@link SpectralGrid1D} / {@link SpectralGrid2D}, e.g. {@code hat -> { grid.derivative(hat, hat);
 * grid.dealias(hat); }}; the matrix is that of {@code u -> inverse(op(forward(u)))} on physical values. Matrices
 * are row-major {@code [n * n]} with {@code (M u)_i = sum_j M[i * n + j] u_j}.
 */
public final class OperatorMatrices {
    private OperatorMatrices() {
    }

    /**
     * The matrix of a 1-D spectral operator.
     *
     * @param grid     the grid (n points)
     * @param spectral the operator, applied in place to a spectral array {@code [n + 2]}
     * @return {@code [n * n]}
     */
    public static double[] of(SpectralGrid1D grid, Consumer<double[]> spectral) {
        int n = grid.n();
        RealFft1D fft = new RealFft1D(n);
        double[] e = new double[n];
        double[] hat = new double[grid.spectralSize()];
        double[] col = new double[n];
        double[] m = new double[n * n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            fft.forward(e, hat);
            spectral.accept(hat);
            fft.inverse(hat, col);
            for (int i = 0; i < n; i++) {
                m[i * n + j] = col[i];
            }
            e[j] = 0;
        }
        return m;
    }

    /**
     * The matrix along x of a 2-D spectral operator whose symbol depends on the x-wavenumber alone (a derivative in
     * x, the x-part of a separable symbol such as {@code -kx^2} of the Laplacian, the x-factor of the 2/3 mask):
     * its action on fields constant in y, probed with such fields. For such an operator that is its action on
     * every row of any field.
     *
     * @param grid     the grid
     * @param spectral the operator, applied in place to a spectral array {@code [ny * (nx + 2)]}
     * @return {@code [nx * nx]}, acting on the x index
     */
    public static double[] alongX(SpectralGrid2D grid, Consumer<double[]> spectral) {
        return along(grid, spectral, true);
    }

    /**
     * The matrix along y of a 2-D spectral operator whose symbol depends on the y-wavenumber alone: its action on
     * fields constant in x (see {@link #alongX}).
     *
     * @param grid     the grid
     * @param spectral the operator, applied in place to a spectral array {@code [ny * (nx + 2)]}
     * @return {@code [ny * ny]}, acting on the y index
     */
    public static double[] alongY(SpectralGrid2D grid, Consumer<double[]> spectral) {
        return along(grid, spectral, false);
    }

    private static double[] along(SpectralGrid2D grid, Consumer<double[]> spectral, boolean xAxis) {
        int nx = grid.nx();
        int ny = grid.ny();
        int n = xAxis ? nx : ny;
        RealFft2D fft = new RealFft2D(grid);
        double[] field = new double[grid.size()];
        double[] hat = new double[grid.spectralSize()];
        double[] out = new double[grid.size()];
        double[] m = new double[n * n];
        for (int j = 0; j < n; j++) {
            Arrays.fill(field, 0);
            for (int k = 0; k < (xAxis ? ny : nx); k++) {
                field[xAxis ? k * nx + j : j * nx + k] = 1;
            }
            fft.forward(field, hat);
            spectral.accept(hat);
            fft.inverse(hat, out);
            for (int i = 0; i < n; i++) {
                m[i * n + j] = xAxis ? out[i] : out[i * nx];
            }
        }
        return m;
    }
}
