package dev.surrogate.pde.spectral;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Real-to-complex FFT of length n between physical {@code double[n]} and the half-complex interleaved layout
 * {@code double[n + 2]} of {@link SpectralGrid1D}.
 *
 * <p>Convention: the forward transform is unnormalised, {@code uhat_j = sum_i u_i exp(-2 pi i j i / n)}; the
 * inverse divides by n, so {@code inverse(forward(u)) == u}. The plan is built once; the transforms allocate
 * nothing. Not thread-safe: give each thread its own instance.
 */
public final class RealFft1D {
    private final int n;
    private final DoubleFFT_1D fft;

    /** @param n transform length, even and at least 4 */
    public RealFft1D(int n) {
        if (n < 4 || n % 2 != 0) {
            throw new IllegalArgumentException("FFT length must be even and >= 4, got " + n);
        }
        this.n = n;
        this.fft = new DoubleFFT_1D(n);
    }

    /** @return transform length n */
    public int n() {
        return n;
    }

    /**
     * @param physical {@code [n]} real samples, not modified
     * @param hat      {@code [n + 2]} spectral output, overwritten (must not alias {@code physical})
     */
    public void forward(double[] physical, double[] hat) {
        forward(physical, 0, hat, 0);
    }

    /**
     * Forward transform of {@code physical[pOff .. pOff + n)} into {@code hat[hOff .. hOff + n + 2)}.
     */
    public void forward(double[] physical, int pOff, double[] hat, int hOff) {
        System.arraycopy(physical, pOff, hat, hOff, n);
        fft.realForward(hat, hOff);
        // JTransforms packs Re(uhat_{n/2}) into slot 1; move it to the end so every mode has its own pair.
        hat[hOff + n] = hat[hOff + 1];
        hat[hOff + n + 1] = 0;
        hat[hOff + 1] = 0;
    }

    /**
     * Inverse transform; the imaginary parts of modes 0 and n/2 are ignored (they are zero for a real signal).
     *
     * @param hat      {@code [n + 2]} spectral input, not modified
     * @param physical {@code [n]} real output, overwritten (must not alias {@code hat})
     */
    public void inverse(double[] hat, double[] physical) {
        inverse(hat, 0, physical, 0);
    }

    /** Inverse transform of {@code hat[hOff .. hOff + n + 2)} into {@code physical[pOff .. pOff + n)}. */
    public void inverse(double[] hat, int hOff, double[] physical, int pOff) {
        System.arraycopy(hat, hOff, physical, pOff, n);
        physical[pOff + 1] = hat[hOff + n];
        fft.realInverse(physical, pOff, true);
    }
}
