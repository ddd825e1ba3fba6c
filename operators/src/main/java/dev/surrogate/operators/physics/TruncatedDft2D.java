package dev.surrogate.operators.physics;

import dev.surrogate.pde.spectral.SpectralGrid2D;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The 2-D discrete Fourier transform of real fields restricted to the modes the 2/3 rule keeps, and its inverse,
 * as real matrix products in a SameDiff graph: for operators whose symbol is not separable (the Biot-Savart law
 * {@code u = i ky / |k|^2 w}) and that act only on dealiased modes anyway.
 *
 * <p>Kept modes: x-modes {@code j = 0 .. cx} ({@code mx = cx + 1} of them, {@code cx = (nx - 1) / 3}) and the
 * spectral rows {@code r} of y-modes {@code -cy .. cy} ({@code my = 2 cy + 1}), read from
 * {@link SpectralGrid2D#dealiasMask()}, in the row order of the half-complex layout ({@code 0 .. cy}, then
 * {@code ny - cy .. ny - 1}). A spectrum is {@code [batch, mx, 2, my]}: x-mode, real/imaginary part, y-mode.
 * Conventions as {@link dev.surrogate.pde.spectral.RealFft2D}: the forward transform is unnormalised,
 * {@code W(ky, kx) = sum_{y,x} w exp(-2 pi i (j x / nx + m y / ny))}; the inverse divides by {@code nx * ny} and
 * adds the conjugate half (weight 2 for {@code j > 0}); it returns the real part, which is exact for the
 * Hermitian spectra of real fields and of real multipliers with the matching symmetry.
 */
final class TruncatedDft2D {
    private final int nx;
    private final int ny;
    private final int mx;
    private final int my;
    private final int[] rows;
    private final String key;

    /** @param grid the grid whose 2/3 rule defines the kept modes */
    TruncatedDft2D(SpectralGrid2D grid) {
        nx = grid.nx();
        ny = grid.ny();
        double[] mask = grid.dealiasMask();
        int w = nx + 2;
        int cols = 0;
        while (cols <= nx / 2 && mask[2 * cols] == 1) {
            cols++;
        }
        int count = 0;
        for (int r = 0; r < ny; r++) {
            if (mask[r * w] == 1) {
                count++;
            }
        }
        rows = new int[count];
        int q = 0;
        for (int r = 0; r < ny; r++) {
            if (mask[r * w] == 1) {
                rows[q++] = r;
            }
        }
        // the mask must be the product of its row and column parts for this transform to be the 2/3 projection
        for (int r = 0; r < ny; r++) {
            for (int j = 0; j <= nx / 2; j++) {
                boolean kept = mask[r * w] == 1 && j < cols;
                if ((mask[r * w + 2 * j] == 1) != kept) {
                    throw new IllegalStateException("dealias mask of " + grid + " is not separable at row " + r
                            + ", x-mode " + j);
                }
            }
        }
        mx = cols;
        my = count;
        key = "dft2d_" + nx + "x" + ny + "_m" + mx + "x" + my;
    }

    /** @return kept x-modes */
    int modesX() {
        return mx;
    }

    /** @return kept y-modes */
    int modesY() {
        return my;
    }

    /** @return the spectral row (of the half-complex layout) of kept y-mode q */
    int row(int q) {
        return rows[q];
    }

    /**
     * @param sd the graph
     * @param u  real fields {@code [batch, ny, nx]}
     * @return kept spectrum {@code [batch, mx, 2, my]}
     */
    SDVariable forward(SameDiff sd, SDVariable u) {
        SDVariable fx = GraphConstants.get(sd, key + "/forward_x", u.dataType(), this::forwardX, nx, 2L * mx);
        SDVariable fy = GraphConstants.get(sd, key + "/forward_y", u.dataType(), this::forwardY, 2L * ny, 2L * my);
        SDVariable alongX = u.reshape(-1, nx).mmul(fx).reshape(-1, ny, 2, mx).permute(0, 3, 2, 1);
        return alongX.reshape(-1, 2L * ny).mmul(fy).reshape(-1, mx, 2, my);
    }

    /**
     * @param sd       the graph
     * @param spectrum kept spectrum {@code [batch, mx, 2, my]}
     * @return real fields {@code [batch, ny, nx]}
     */
    SDVariable inverse(SameDiff sd, SDVariable spectrum) {
        SDVariable gy = GraphConstants.get(sd, key + "/inverse_y", spectrum.dataType(), this::inverseY, 2L * my,
                2L * ny);
        SDVariable gx = GraphConstants.get(sd, key + "/inverse_x", spectrum.dataType(), this::inverseX, 2L * mx, nx);
        SDVariable alongY = spectrum.reshape(-1, 2L * my).mmul(gy).reshape(-1, mx, 2, ny).permute(0, 3, 2, 1);
        return alongY.reshape(-1, 2L * mx).mmul(gx).reshape(-1, ny, nx);
    }

    /** {@code [nx, 2 mx]}: columns {@code j} give the real part, {@code mx + j} the imaginary part of x-mode j. */
    private double[] forwardX() {
        double[] f = new double[nx * 2 * mx];
        for (int x = 0; x < nx; x++) {
            for (int j = 0; j < mx; j++) {
                double a = angle(j, x, nx);
                f[x * 2 * mx + j] = Math.cos(a);
                f[x * 2 * mx + mx + j] = -Math.sin(a);
            }
        }
        return f;
    }

    /** {@code [2 ny, 2 my]}: rows (Re, Im) of the x-transformed column at y, columns (Re, Im) of y-mode q. */
    private double[] forwardY() {
        int c = 2 * my;
        double[] f = new double[2 * ny * c];
        for (int y = 0; y < ny; y++) {
            for (int q = 0; q < my; q++) {
                double a = angle(modeY(q), y, ny);
                double cos = Math.cos(a);
                double sin = Math.sin(a);
                // (ar + i ai)(cos - i sin) = (ar cos + ai sin) + i (ai cos - ar sin)
                f[y * c + q] = cos;
                f[y * c + my + q] = -sin;
                f[(ny + y) * c + q] = sin;
                f[(ny + y) * c + my + q] = cos;
            }
        }
        return f;
    }

    /** {@code [2 my, 2 ny]}: the synthesis along y, {@code b(y) = sum_q W_q exp(2 pi i m_q y / ny)}. */
    private double[] inverseY() {
        int c = 2 * ny;
        double[] g = new double[2 * my * c];
        for (int q = 0; q < my; q++) {
            for (int y = 0; y < ny; y++) {
                double a = angle(modeY(q), y, ny);
                double cos = Math.cos(a);
                double sin = Math.sin(a);
                // (wr + i wi)(cos + i sin) = (wr cos - wi sin) + i (wr sin + wi cos)
                g[q * c + y] = cos;
                g[q * c + ny + y] = sin;
                g[(my + q) * c + y] = -sin;
                g[(my + q) * c + ny + y] = cos;
            }
        }
        return g;
    }

    /** {@code [2 mx, nx]}: the real synthesis along x with the conjugate half and the {@code 1/(nx ny)} factor. */
    private double[] inverseX() {
        double[] g = new double[2 * mx * nx];
        double norm = 1.0 / ((double) nx * ny);
        for (int j = 0; j < mx; j++) {
            double weight = (j == 0 || 2 * j == nx ? 1 : 2) * norm;
            for (int x = 0; x < nx; x++) {
                double a = angle(j, x, nx);
                g[j * nx + x] = weight * Math.cos(a);
                g[(mx + j) * nx + x] = -weight * Math.sin(a);
            }
        }
        return g;
    }

    private int modeY(int q) {
        int r = rows[q];
        return r <= ny / 2 ? r : r - ny;
    }

    /** {@code 2 pi k x / n} with the product reduced mod n first, so large {@code k x} keeps full precision. */
    private static double angle(int k, int x, int n) {
        return 2 * Math.PI * Math.floorMod((long) k * x, n) / n;
    }
}
