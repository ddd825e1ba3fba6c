package dev.surrogate.pde.spectral;

import java.util.function.DoubleBinaryOperator;

/**
 * A uniform periodic grid on {@code [0, Lx) x [0, Ly)} with {@code nx * ny} points and its Fourier wavenumbers.
 *
 * <p>Physical fields are {@code double[ny * nx]}, row-major with x varying fastest: {@code u[iy * nx + ix]}, the
 * order of the NetCDF layout {@code (y, x)}. Spectral arrays are the half-complex interleaved layout of a real
 * 2-D FFT: {@code double[ny * (nx + 2)]}, row {@code r} (y-mode) holding {@code (Re, Im)} of x-modes
 * {@code j = 0 .. nx/2} at {@code r * (nx + 2) + 2j}. Row {@code r} has y-wavenumber index
 * {@code r <= ny/2 ? r : r - ny}. See {@link RealFft2D}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SpectralGrid2D {
    private final int nx;
    private final int ny;
    private final double lx;
    private final double ly;
    private final double[] kx;
    private final double[] ky;
    private final int cutX;
    private final int cutY;

    /**
     * @param nx points in x, even and at least 4
     * @param ny points in y, even and at least 4
     * @param lx domain length in x, positive and finite
     * @param ly domain length in y, positive and finite
     */
    public SpectralGrid2D(int nx, int ny, double lx, double ly) {
        if (nx < 4 || nx % 2 != 0) {
            throw new IllegalArgumentException("nx must be even and >= 4, got " + nx);
        }
        if (ny < 4 || ny % 2 != 0) {
            throw new IllegalArgumentException("ny must be even and >= 4, got " + ny);
        }
        if (!(lx > 0) || !Double.isFinite(lx) || !(ly > 0) || !Double.isFinite(ly)) {
            throw new IllegalArgumentException("domain lengths must be positive and finite, got Lx=" + lx
                    + ", Ly=" + ly);
        }
        this.nx = nx;
        this.ny = ny;
        this.lx = lx;
        this.ly = ly;
        kx = new double[nx / 2 + 1];
        for (int j = 0; j < kx.length; j++) {
            kx[j] = 2 * Math.PI * j / lx;
        }
        ky = new double[ny];
        for (int r = 0; r < ny; r++) {
            ky[r] = 2 * Math.PI * modeY(r) / ly;
        }
        cutX = (nx - 1) / 3;
        cutY = (ny - 1) / 3;
    }

    /** Square grid {@code n x n} on {@code [0, L)^2}. */
    public SpectralGrid2D(int n, double length) {
        this(n, n, length, length);
    }

    /** @return points in x */
    public int nx() {
        return nx;
    }

    /** @return points in y */
    public int ny() {
        return ny;
    }

    /** @return domain length in x */
    public double lx() {
        return lx;
    }

    /** @return domain length in y */
    public double ly() {
        return ly;
    }

    /** @return number of grid points nx * ny */
    public int size() {
        return nx * ny;
    }

    /** @return length of a spectral array, ny * (nx + 2) */
    public int spectralSize() {
        return ny * (nx + 2);
    }

    /** @return x position of column ix */
    public double x(int ix) {
        return ix * lx / nx;
    }

    /** @return y position of row iy */
    public double y(int iy) {
        return iy * ly / ny;
    }

    /** @return signed y-mode index of spectral row r: r for r <= ny/2, else r - ny */
    public int modeY(int r) {
        return r <= ny / 2 ? r : r - ny;
    }

    /** @return angular x-wavenumber of x-mode j (0 <= j <= nx/2) */
    public double kx(int j) {
        return kx[j];
    }

    /** @return angular y-wavenumber of spectral row r */
    public double ky(int r) {
        return ky[r];
    }

    /** @return highest |x-mode| kept by the 2/3 rule */
    public int dealiasCutoffX() {
        return cutX;
    }

    /** @return highest |y-mode| kept by the 2/3 rule */
    public int dealiasCutoffY() {
        return cutY;
    }

    /**
     * Builds the interleaved coefficient array of a real diagonal operator with symbol {@code f(kx, ky)}, e.g.
     * {@code (kx, ky) -> -nu * (kx * kx + ky * ky)}.
     *
     * @return a new {@code double[ny * (nx + 2)]}
     */
    public double[] diagonal(DoubleBinaryOperator symbol) {
        int w = nx + 2;
        double[] d = new double[ny * w];
        for (int r = 0; r < ny; r++) {
            for (int j = 0; j <= nx / 2; j++) {
                double v = symbol.applyAsDouble(kx[j], ky[r]);
                d[r * w + 2 * j] = v;
                d[r * w + 2 * j + 1] = v;
            }
        }
        return d;
    }

    /** @return the 2/3-rule mask (1 kept, 0 removed) as a new interleaved array */
    public double[] dealiasMask() {
        double[] m = new double[spectralSize()];
        int w = nx + 2;
        for (int r = 0; r < ny; r++) {
            if (Math.abs(modeY(r)) > cutY) {
                continue;
            }
            for (int i = 0; i < 2 * (cutX + 1); i++) {
                m[r * w + i] = 1;
            }
        }
        return m;
    }

    /** Zeroes, in place, the modes the 2/3 rule removes. */
    public void dealias(double[] hat) {
        int w = nx + 2;
        for (int r = 0; r < ny; r++) {
            int base = r * w;
            if (Math.abs(modeY(r)) > cutY) {
                java.util.Arrays.fill(hat, base, base + w, 0);
            } else {
                java.util.Arrays.fill(hat, base + 2 * (cutX + 1), base + w, 0);
            }
        }
    }

    /**
     * Spectral {@code d/dx}: multiplies each mode by {@code i kx}; the x-Nyquist column is set to zero.
     * {@code in} and {@code out} may be the same array.
     */
    public void derivativeX(double[] in, double[] out) {
        int w = nx + 2;
        int half = nx / 2;
        for (int r = 0; r < ny; r++) {
            int base = r * w;
            for (int j = 0; j < half; j++) {
                double k = kx[j];
                double re = in[base + 2 * j];
                double im = in[base + 2 * j + 1];
                out[base + 2 * j] = -k * im;
                out[base + 2 * j + 1] = k * re;
            }
            out[base + nx] = 0;
            out[base + nx + 1] = 0;
        }
    }

    /**
     * Spectral {@code d/dy}: multiplies each mode by {@code i ky}; the y-Nyquist row is set to zero.
     * {@code in} and {@code out} may be the same array.
     */
    public void derivativeY(double[] in, double[] out) {
        int w = nx + 2;
        for (int r = 0; r < ny; r++) {
            int base = r * w;
            double k = (r == ny / 2) ? 0 : ky[r];
            for (int j = 0; j <= nx / 2; j++) {
                double re = in[base + 2 * j];
                double im = in[base + 2 * j + 1];
                out[base + 2 * j] = -k * im;
                out[base + 2 * j + 1] = k * re;
            }
        }
    }

    @Override
    public String toString() {
        return "SpectralGrid2D[" + nx + "x" + ny + ", L=" + lx + "x" + ly + "]";
    }
}
