package dev.surrogate.operators.metrics;

import dev.surrogate.pde.spectral.RealFft1D;
import dev.surrogate.pde.spectral.RealFft2D;
import java.util.Arrays;

/**
 * The energy spectrum of periodic fields: {@code E(k)}, the share of the mean square {@code mean(u^2)} carried by
 * integer wavenumber {@code k} (cycles per domain length; in 2-D the radial bin {@code floor(|k|)}), so that
 * {@code sum_k E(k) = mean(u^2)} (Parseval). In 1-D, {@code E(0) = |u_0|^2 / n^2}, {@code E(k) = 2 |u_k|^2 / n^2}
 * for {@code 0 < k < n/2} (the mode and its conjugate) and {@code E(n/2) = |u_{n/2}|^2 / n^2}; in 2-D every mode
 * of the full spectrum adds {@code |u_k|^2 / (nx ny)^2} to its bin. Bins run to {@code n/2} (1-D) or
 * {@code floor(sqrt((nx/2)^2 + (ny/2)^2))} (2-D). Not thread-safe.
 */
public final class EnergySpectrum {
    private final int[] shape;
    private final int points;
    private final RealFft1D fft1;
    private final RealFft2D fft2;
    private final double[] work;
    private final double[] hat;
    private final int bins;

    /** @param shape grid {@code {nx}} or {@code {ny, nx}}, even sizes */
    public EnergySpectrum(int[] shape) {
        this.shape = shape.clone();
        this.points = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        this.work = new double[points];
        if (shape.length == 1) {
            fft1 = new RealFft1D(shape[0]);
            fft2 = null;
            hat = new double[shape[0] + 2];
            bins = shape[0] / 2 + 1;
        } else if (shape.length == 2) {
            fft1 = null;
            fft2 = new RealFft2D(shape[1], shape[0]);
            hat = new double[shape[0] * (shape[1] + 2)];
            bins = (int) Math.floor(Math.hypot(shape[0] / 2, shape[1] / 2)) + 1;
        } else {
            throw new IllegalArgumentException("energy spectra need a 1-D or 2-D grid, got " + Arrays.toString(shape));
        }
    }

    /** @return number of wavenumber bins, {@code E(0) .. E(bins - 1)} */
    public int bins() {
        return bins;
    }

    /**
     * Adds one field's spectrum to {@code out}.
     *
     * @param field  {@code [points]} values from {@code offset} (x fastest); read only
     * @param offset first value
     * @param out    {@code [bins()]} accumulators. Modified.
     */
    public void add(float[] field, int offset, double[] out) {
        for (int i = 0; i < points; i++) {
            work[i] = field[offset + i];
        }
        double norm = (double) points * points;
        if (fft1 != null) {
            int n = shape[0];
            fft1.forward(work, hat);
            for (int k = 0; k <= n / 2; k++) {
                double e = hat[2 * k] * hat[2 * k] + hat[2 * k + 1] * hat[2 * k + 1];
                out[k] += (k == 0 || k == n / 2 ? 1 : 2) * e / norm;
            }
        } else {
            int ny = shape[0];
            int nx = shape[1];
            fft2.forward(work, hat);
            // half-complex rows: row r is ky = r (r <= ny/2) or r - ny, columns kx = 0 .. nx/2; the columns
            // 0 < kx < nx/2 stand for themselves and their conjugates
            for (int r = 0; r < ny; r++) {
                int ky = r <= ny / 2 ? r : r - ny;
                for (int kx = 0; kx <= nx / 2; kx++) {
                    int idx = r * (nx + 2) + 2 * kx;
                    double e = hat[idx] * hat[idx] + hat[idx + 1] * hat[idx + 1];
                    int bin = (int) Math.floor(Math.hypot(kx, ky));
                    out[bin] += (kx == 0 || kx == nx / 2 ? 1 : 2) * e / norm;
                }
            }
        }
    }
}
