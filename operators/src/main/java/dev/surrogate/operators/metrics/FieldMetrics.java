package dev.surrogate.operators.metrics;

import dev.surrogate.pde.spectral.RealFft1D;
import dev.surrogate.pde.spectral.RealFft2D;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates error metrics of predictions against the truth, one sample (all channels of one field snapshot) at
 * a time, in double precision. With {@code e = pred - true} on a uniform grid and {@code N} samples:
 *
 * <ul>
 *   <li>{@code rel_l2}: {@code mean_n ||e_n||_2 / ||true_n||_2}, the norm over all channels and points (the FNO
 *       metric; quadrature weights cancel on a uniform grid);</li>
 *   <li>{@code nrmse}: PDEBench's normalised RMSE, {@code mean_{n,c} RMSE(e_nc) / RMS(true_nc)} per sample and
 *       channel (equal to {@code rel_l2} for one channel);</li>
 *   <li>{@code rmse}: {@code sqrt(mean of e^2 over every value)}, in the field's unit;</li>
 *   <li>{@code max_error}: {@code max |e|} over every value;</li>
 *   <li>{@code frmse_low/mid/high}: PDEBench's Fourier-space RMSE. Per channel and wavenumber {@code k},
 *       {@code sqrt(mean_n |E_nk|^2) * L / n_points} with {@code E} the unnormalised DFT of the error (in 2-D the
 *       squared moduli of modes {@code 0 <= kx < nx/2, 0 <= ky < ny/2} are summed into radial bins
 *       {@code floor(sqrt(kx^2 + ky^2))} and scaled by {@code Lx Ly / (nx ny)}); then averaged over the modes of
 *       each {@link FrequencyBands band} and over channels. A pure sinusoid error {@code A sin(2 pi k x / L)} in
 *       1-D gives {@code A L / 2} at mode {@code k}.</li>
 * </ul>
 * Not thread-safe.
 */
public final class FieldMetrics {
    private final int channels;
    private final int[] shape;
    private final double[] lengths;
    private final int points;
    private final FrequencyBands bands;
    private final RealFft1D fft1;
    private final RealFft2D fft2;
    private final double[] work;
    private final double[] hat;
    /** [channel][mode] sum over samples of |E_k|^2 (radial bins in 2-D). */
    private final double[][] spectrum;
    private final int modes;

    private long samples;
    private double relL2Sum;
    private double nrmseSum;
    private double squaredErrorSum;
    private long values;
    private double maxError;

    /**
     * @param channels channels per sample
     * @param shape    grid {@code {nx}} or {@code {ny, nx}}; each size even and at least 4 for the Fourier bands
     * @param lengths  domain lengths in the order of {@code shape}
     * @param bands    Fourier bands
     */
    public FieldMetrics(int channels, int[] shape, double[] lengths, FrequencyBands bands) {
        if (channels < 1 || shape.length < 1 || shape.length > 2 || lengths.length != shape.length) {
            throw new IllegalArgumentException("need >= 1 channel and a 1-D or 2-D grid with one length per "
                    + "dimension, got channels=" + channels + ", shape=" + Arrays.toString(shape) + ", lengths="
                    + Arrays.toString(lengths));
        }
        this.channels = channels;
        this.shape = shape.clone();
        this.lengths = lengths.clone();
        this.bands = bands;
        int p = 1;
        for (int n : shape) {
            p *= n;
        }
        this.points = p;
        this.work = new double[p];
        if (shape.length == 1) {
            fft1 = new RealFft1D(shape[0]);
            fft2 = null;
            hat = new double[shape[0] + 2];
            modes = shape[0] / 2 + 1;
        } else {
            fft1 = null;
            fft2 = new RealFft2D(shape[1], shape[0]);
            hat = new double[shape[0] * (shape[1] + 2)];
            modes = Math.min(shape[0] / 2, shape[1] / 2);
        }
        spectrum = new double[channels][modes];
    }

    /** @return metrics with PDEBench's bands */
    public static FieldMetrics pdebench(int channels, int[] shape, double[] lengths) {
        return new FieldMetrics(channels, shape, lengths, FrequencyBands.PDEBENCH);
    }

    /** @return values per sample, {@code channels * points} */
    public int sampleSize() {
        return channels * points;
    }

    /**
     * Adds one sample.
     *
     * @param pred   prediction {@code [channel][points]} starting at {@code offset}; read only
     * @param truth  truth, same layout; read only
     * @param offset first value of the sample in both arrays
     */
    public void add(float[] pred, float[] truth, int offset) {
        add(pred, offset, truth, offset);
    }

    /**
     * Adds one sample whose prediction and truth sit at different offsets.
     *
     * @param pred        prediction {@code [channel][points]}; read only
     * @param predOffset  first value of the sample in {@code pred}
     * @param truth       truth, same layout; read only
     * @param truthOffset first value of the sample in {@code truth}
     */
    public void add(float[] pred, int predOffset, float[] truth, int truthOffset) {
        double errAll = 0;
        double trueAll = 0;
        double nrmse = 0;
        for (int c = 0; c < channels; c++) {
            int pBase = predOffset + c * points;
            int tBase = truthOffset + c * points;
            double err = 0;
            double tru = 0;
            for (int i = 0; i < points; i++) {
                double t = truth[tBase + i];
                double e = pred[pBase + i] - t;
                work[i] = e;
                err += e * e;
                tru += t * t;
                maxError = Math.max(maxError, Math.abs(e)); // Math.max keeps a NaN once seen
            }
            errAll += err;
            trueAll += tru;
            nrmse += Math.sqrt(err / tru);
            accumulateSpectrum(c);
        }
        relL2Sum += Math.sqrt(errAll / trueAll);
        nrmseSum += nrmse / channels;
        squaredErrorSum += errAll;
        values += (long) channels * points;
        samples++;
    }

    /**
     * Adds every sample of a batch.
     *
     * @param pred  {@code [batch * channels * points]}
     * @param truth same layout
     * @param batch number of samples
     */
    public void addBatch(float[] pred, float[] truth, int batch) {
        if (pred.length < batch * sampleSize() || truth.length < batch * sampleSize()) {
            throw new IllegalArgumentException("arrays of " + pred.length + " / " + truth.length + " values hold "
                    + "fewer than " + batch + " samples of " + sampleSize());
        }
        for (int b = 0; b < batch; b++) {
            add(pred, truth, b * sampleSize());
        }
    }

    private void accumulateSpectrum(int c) {
        double[] s = spectrum[c];
        if (fft1 != null) {
            fft1.forward(work, hat);
            for (int k = 0; k < modes; k++) {
                s[k] += hat[2 * k] * hat[2 * k] + hat[2 * k + 1] * hat[2 * k + 1];
            }
        } else {
            int ny = shape[0];
            int nx = shape[1];
            fft2.forward(work, hat);
            // half-complex rows: row r holds ky index r (0 .. ny-1), columns kx = 0 .. nx/2; PDEBench sums the
            // quadrant 0 <= kx < nx/2, 0 <= ky < ny/2 into radial bins
            for (int r = 0; r < ny / 2; r++) {
                for (int j = 0; j < nx / 2; j++) {
                    int bin = (int) Math.floor(Math.sqrt((double) r * r + (double) j * j));
                    if (bin < modes) {
                        int idx = r * (nx + 2) + 2 * j;
                        s[bin] += hat[idx] * hat[idx] + hat[idx + 1] * hat[idx + 1];
                    }
                }
            }
        }
    }

    /** @return number of samples added */
    public long samples() {
        return samples;
    }

    /** @return mean relative L2 error over samples */
    public double relL2() {
        return relL2Sum / samples;
    }

    /** @return PDEBench nRMSE */
    public double nrmse() {
        return nrmseSum / samples;
    }

    /** @return RMSE over every value */
    public double rmse() {
        return Math.sqrt(squaredErrorSum / values);
    }

    /** @return maximum absolute error */
    public double maxError() {
        return maxError;
    }

    /** @return Fourier RMSE per mode (radial bin in 2-D), averaged over channels */
    public double[] frmsePerMode() {
        double scale = 1;
        for (int d = 0; d < shape.length; d++) {
            scale *= lengths[d] / shape[d];
        }
        double[] out = new double[modes];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < modes; k++) {
                out[k] += Math.sqrt(spectrum[c][k] / samples) * scale / channels;
            }
        }
        return out;
    }

    /** @return {@code {low, mid, high}} band means of {@link #frmsePerMode()}; NaN for a band with no mode */
    public double[] frmse() {
        double[] perMode = frmsePerMode();
        double[] sum = new double[3];
        int[] count = new int[3];
        for (int k = 0; k < perMode.length; k++) {
            int b = bands.band(k);
            sum[b] += perMode[k];
            count[b]++;
        }
        double[] out = new double[3];
        for (int b = 0; b < 3; b++) {
            out[b] = count[b] == 0 ? Double.NaN : sum[b] / count[b];
        }
        return out;
    }

    /**
     * @return the metrics under the contract's JSON keys; a non-finite value (e.g. a frequency band with no mode
     *         on a coarse grid) becomes {@code null}, which JSON can represent
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rel_l2", finite(relL2()));
        m.put("nrmse", finite(nrmse()));
        m.put("rmse", finite(rmse()));
        m.put("max_error", finite(maxError()));
        double[] f = frmse();
        m.put("frmse_low", finite(f[0]));
        m.put("frmse_mid", finite(f[1]));
        m.put("frmse_high", finite(f[2]));
        m.put("samples", samples);
        return m;
    }

    /** @return {@code v}, or {@code null} if it is NaN or infinite */
    public static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
