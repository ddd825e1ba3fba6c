package dev.surrogate.operators.layers;

/**
 * Matrices of the truncated discrete Fourier transform on a periodic grid, built in double precision.
 *
 * <p>ND4J has no FFT op, so the spectral layers transform by matrix multiplication against these bases. Keeping
 * {@code M} of the {@code n / 2 + 1} real-FFT modes costs {@code 2 M n} multiply-adds per column, which for the
 * usual {@code M = 16, n = 256} is cheaper than it sounds (one GEMM with thousands of columns).
 *
 * <p>Conventions: the forward matrices divide by {@code n}, so the coefficients approximate the Fourier
 * coefficients of the sampled function, {@code c_k = (1/L) int u(x) exp(-2 pi i k x / L) dx}, and do not depend on
 * the grid size; the inverse matrices evaluate {@code sum_k c_k exp(2 pi i k x / L)} at the grid points, counting
 * the conjugate half of a real signal through the weight {@code w_k = 2} ({@code w_0 = 1}, and {@code 1} at the
 * Nyquist mode {@code k = n/2}, where like {@code irfft} the imaginary part is ignored). Forward then inverse is
 * the orthogonal projection onto the kept modes (exactly what truncate-FFT-IFFT does).
 *
 * <p>All matrices are returned row-major as flat arrays, with the shape given in each method's documentation.
 */
public final class FourierBasis {
    private FourierBasis() {
    }

    /**
     * Forward real-to-complex basis {@code [2M, n]}. Part-major order ({@code interleaved = false}): row {@code k}
     * gives {@code Re c_k}, row {@code M + k} gives {@code Im c_k}. Interleaved order: rows {@code 2k, 2k+1}.
     *
     * @param n           grid points
     * @param modes       kept modes M, {@code 1 <= M <= n/2 + 1}
     * @param interleaved row order, see above
     * @return {@code [2M * n]} row-major
     */
    public static double[] realForward(int n, int modes, boolean interleaved) {
        checkReal(n, modes);
        double[] f = new double[2 * modes * n];
        for (int k = 0; k < modes; k++) {
            int re = interleaved ? 2 * k : k;
            int im = interleaved ? 2 * k + 1 : modes + k;
            for (int x = 0; x < n; x++) {
                double theta = angle(k, x, n);
                f[re * n + x] = Math.cos(theta) / n;
                f[im * n + x] = -Math.sin(theta) / n;
            }
        }
        return f;
    }

    /**
     * Inverse complex-to-real basis {@code [n, 2M]} with the column order of {@link #realForward} for the same
     * {@code interleaved} flag: {@code u(x) = sum_k w_k (Re c_k cos(2 pi k x/n) - Im c_k sin(2 pi k x/n))}.
     *
     * @param n           grid points
     * @param modes       kept modes M, {@code 1 <= M <= n/2 + 1}
     * @param interleaved column order
     * @return {@code [n * 2M]} row-major
     */
    public static double[] realInverse(int n, int modes, boolean interleaved) {
        checkReal(n, modes);
        double[] g = new double[n * 2 * modes];
        for (int k = 0; k < modes; k++) {
            int re = interleaved ? 2 * k : k;
            int im = interleaved ? 2 * k + 1 : modes + k;
            double w = (k == 0 || 2 * k == n) ? 1 : 2;
            for (int x = 0; x < n; x++) {
                double theta = angle(k, x, n);
                g[x * 2 * modes + re] = w * Math.cos(theta);
                g[x * 2 * modes + im] = -w * Math.sin(theta);
            }
        }
        return g;
    }

    /**
     * Signed wavenumber of kept index {@code j} of a complex (two-sided) truncation keeping {@code M} modes on each
     * side: {@code 0 .. M-1} for {@code j < M}, then {@code -M .. -1}, the order of the FNO reference code (weights1
     * for the first block, weights2 for the second).
     *
     * @param j     index {@code 0 <= j < 2M}
     * @param modes M
     * @return the wavenumber
     */
    public static int signedWavenumber(int j, int modes) {
        return j < modes ? j : j - 2 * modes;
    }

    /**
     * Forward complex-to-complex basis {@code [2K, 2n]} with {@code K = 2M} kept two-sided wavenumbers
     * ({@link #signedWavenumber}). Input column {@code (p, y)}, {@code p = 0} for the real and {@code 1} for the
     * imaginary part of the signal at point {@code y}; output row {@code (q, j)} in part-major order, {@code q = 0}
     * real, {@code 1} imaginary part of coefficient {@code j}, or {@code (j, q)} (row {@code 2j + q}) interleaved.
     * Divides by {@code n} like {@link #realForward}.
     *
     * @param n           grid points
     * @param modes       M per side, {@code 1 <= 2M <= n}
     * @param interleaved output row order, see above
     * @return {@code [2K * 2n]} row-major
     */
    public static double[] complexForward(int n, int modes, boolean interleaved) {
        checkComplex(n, modes);
        int kk = 2 * modes;
        double[] f = new double[2 * kk * 2 * n];
        int cols = 2 * n;
        for (int j = 0; j < kk; j++) {
            int k = signedWavenumber(j, modes);
            for (int y = 0; y < n; y++) {
                double theta = angle(k, y, n);
                double c = Math.cos(theta) / n;
                double s = Math.sin(theta) / n;
                // (a + i b)(c - i s) = (a c + b s) + i (b c - a s)
                int re = interleaved ? 2 * j : j;
                int im = interleaved ? 2 * j + 1 : kk + j;
                f[re * cols + y] = c;
                f[re * cols + n + y] = s;
                f[im * cols + y] = -s;
                f[im * cols + n + y] = c;
            }
        }
        return f;
    }

    /**
     * Inverse complex-to-complex basis {@code [2n, 2K]}, the synthesis {@code z(y) = sum_j c_j exp(2 pi i k_j y/n)}
     * with the row and column orders of {@link #complexForward(int, int, boolean)} (same {@code interleaved} flag)
     * swapped.
     *
     * @param n           grid points
     * @param modes       M per side, {@code 1 <= 2M <= n}
     * @param interleaved column order
     * @return {@code [2n * 2K]} row-major
     */
    public static double[] complexInverse(int n, int modes, boolean interleaved) {
        checkComplex(n, modes);
        int kk = 2 * modes;
        double[] g = new double[2 * n * 2 * kk];
        int cols = 2 * kk;
        for (int j = 0; j < kk; j++) {
            int k = signedWavenumber(j, modes);
            for (int y = 0; y < n; y++) {
                double theta = angle(k, y, n);
                double c = Math.cos(theta);
                double s = Math.sin(theta);
                // (a + i b)(c + i s) = (a c - b s) + i (a s + b c)
                int re = interleaved ? 2 * j : j;
                int im = interleaved ? 2 * j + 1 : kk + j;
                g[y * cols + re] = c;
                g[y * cols + im] = -s;
                g[(n + y) * cols + re] = s;
                g[(n + y) * cols + im] = c;
            }
        }
        return g;
    }

    /** 2 pi k x / n with the product reduced mod n first, so large k x keeps full precision. */
    private static double angle(int k, int x, int n) {
        long r = Math.floorMod((long) k * x, n);
        return 2 * Math.PI * r / n;
    }

    static void checkReal(int n, int modes) {
        if (n < 2) {
            throw new IllegalArgumentException("grid size must be >= 2, got " + n);
        }
        if (modes < 1 || modes > n / 2 + 1) {
            throw new IllegalArgumentException("modes must be in [1, n/2 + 1] = [1, " + (n / 2 + 1) + "] for grid size "
                    + n + ", got " + modes);
        }
    }

    static void checkComplex(int n, int modes) {
        if (n < 2) {
            throw new IllegalArgumentException("grid size must be >= 2, got " + n);
        }
        if (modes < 1 || 2 * modes > n) {
            throw new IllegalArgumentException("modes per side must be in [1, n/2] = [1, " + n / 2
                    + "] for grid size " + n + ", got " + modes);
        }
    }
}
