package dev.surrogate.pde.spectral;

import java.util.function.DoubleUnaryOperator;

/**
 * A uniform periodic grid on {@code [0, L)} with {@code n} cells and its Fourier wavenumbers.
 *
 * <p>Spectral arrays in this toolkit use the <em>half-complex interleaved</em> layout of a real signal:
 * a {@code double[n + 2]} holding {@code (Re, Im)} of modes {@code j = 0 .. n/2}, mode {@code j} at indices
 * {@code 2j, 2j+1}. Mode {@code j} has angular wavenumber {@code k_j = 2 pi j / L}. The layout is what
 * {@link RealFft1D} produces; a real diagonal operator is then an elementwise product with an array built by
 * {@link #diagonal(DoubleUnaryOperator)}.
 *
 * <p>Immutable and thread-safe; FFT plans with their buffers live in {@link RealFft1D}, one per thread.
 */
public final class SpectralGrid1D {
    private final int n;
    private final double length;
    private final double[] wavenumbers;
    private final double[] dealiasMask;
    private final int dealiasCutoff;

    /**
     * @param n      number of grid points, even and at least 4
     * @param length domain length L (same unit as x), finite and positive
     * @throws IllegalArgumentException if {@code n} is odd or below 4, or {@code length} is not positive and finite
     */
    public SpectralGrid1D(int n, double length) {
        if (n < 4 || n % 2 != 0) {
            throw new IllegalArgumentException("nx must be even and >= 4, got " + n);
        }
        if (!(length > 0) || !Double.isFinite(length)) {
            throw new IllegalArgumentException("domain length must be positive and finite, got " + length);
        }
        this.n = n;
        this.length = length;
        int modes = n / 2 + 1;
        wavenumbers = new double[modes];
        for (int j = 0; j < modes; j++) {
            wavenumbers[j] = 2 * Math.PI * j / length;
        }
        // Orszag's 2/3 rule: a quadratic product of modes |j| <= K aliases only onto |j| > n - 2K, so
        // keeping K = (n - 1) / 3 leaves every kept mode alias-free.
        dealiasCutoff = (n - 1) / 3;
        dealiasMask = diagonal(k -> 0.0);
        for (int j = 0; j <= dealiasCutoff; j++) {
            dealiasMask[2 * j] = 1;
            dealiasMask[2 * j + 1] = 1;
        }
    }

    /** @return number of grid points */
    public int n() {
        return n;
    }

    /** @return domain length L */
    public double length() {
        return length;
    }

    /** @return grid spacing L / n */
    public double dx() {
        return length / n;
    }

    /** @return number of complex modes kept by the real FFT, n/2 + 1 */
    public int modes() {
        return n / 2 + 1;
    }

    /** @return length of a spectral array in the half-complex interleaved layout, n + 2 */
    public int spectralSize() {
        return n + 2;
    }

    /** @return position of grid point {@code i}, {@code i * L / n} */
    public double x(int i) {
        return i * length / n;
    }

    /** @return all grid positions, {@code [n]} */
    public double[] coordinates() {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = x(i);
        }
        return x;
    }

    /** @return angular wavenumber {@code 2 pi j / L} of mode {@code j} (0 <= j <= n/2) */
    public double wavenumber(int j) {
        return wavenumbers[j];
    }

    /** @return highest mode index kept by the 2/3 dealiasing rule */
    public int dealiasCutoff() {
        return dealiasCutoff;
    }

    /**
     * Builds the interleaved coefficient array of a real diagonal operator with symbol {@code f(k)}, e.g.
     * {@code k -> -nu * k * k} for viscosity. Both slots of a mode get the same value.
     *
     * @param symbol the operator's value at angular wavenumber k
     * @return a new {@code double[n + 2]}
     */
    public double[] diagonal(DoubleUnaryOperator symbol) {
        double[] d = new double[n + 2];
        for (int j = 0; j < wavenumbers.length; j++) {
            double v = symbol.applyAsDouble(wavenumbers[j]);
            d[2 * j] = v;
            d[2 * j + 1] = v;
        }
        return d;
    }

    /** @return a copy of the 2/3-rule mask (1 kept, 0 removed), interleaved layout {@code [n + 2]} */
    public double[] dealiasMask() {
        return dealiasMask.clone();
    }

    /** Zeroes, in place, the modes the 2/3 rule removes. */
    public void dealias(double[] hat) {
        for (int i = 2 * (dealiasCutoff + 1); i < n + 2; i++) {
            hat[i] = 0;
        }
    }

    /**
     * Spectral derivative {@code d/dx}: multiplies mode j by {@code i k_j}. The Nyquist mode's derivative is
     * set to zero, as its sign is ambiguous for a real signal. {@code in} and {@code out} may be the same array.
     *
     * @param in  spectral array {@code [n + 2]}, not modified unless it is {@code out}
     * @param out spectral array {@code [n + 2]}, overwritten
     */
    public void derivative(double[] in, double[] out) {
        int half = n / 2;
        for (int j = 0; j < half; j++) {
            double k = wavenumbers[j];
            double re = in[2 * j];
            double im = in[2 * j + 1];
            out[2 * j] = -k * im;
            out[2 * j + 1] = k * re;
        }
        out[n] = 0;
        out[n + 1] = 0;
    }

    @Override
    public String toString() {
        return "SpectralGrid1D[n=" + n + ", L=" + length + "]";
    }
}
