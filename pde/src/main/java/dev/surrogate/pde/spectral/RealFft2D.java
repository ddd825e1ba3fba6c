package dev.surrogate.pde.spectral;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Real 2-D FFT between physical {@code double[ny * nx]} (x fastest) and the half-complex interleaved layout
 * {@code double[ny * (nx + 2)]} of {@link SpectralGrid2D}: real transforms along x (each row), then complex
 * transforms along y for each of the {@code nx/2 + 1} kept x-modes.
 *
 * <p>Convention: forward unnormalised, inverse divides by {@code nx * ny}. Plans and the column buffer are built
 * once; transforms allocate nothing. Not thread-safe: one instance per thread. JTransforms' own threads are
 * disabled by the callers that parallelise over samples (see {@link #singleThreaded()}).
 */
public final class RealFft2D {
    private final int nx;
    private final int ny;
    private final RealFft1D rows;
    private final DoubleFFT_1D cols;
    private final double[] column;
    private final double[] scratch;

    /**
     * @param nx points in x, even and at least 4
     * @param ny points in y, even and at least 4
     */
    public RealFft2D(int nx, int ny) {
        this.nx = nx;
        this.ny = ny;
        this.rows = new RealFft1D(nx);
        if (ny < 4 || ny % 2 != 0) {
            throw new IllegalArgumentException("ny must be even and >= 4, got " + ny);
        }
        this.cols = new DoubleFFT_1D(ny);
        this.column = new double[2 * ny];
        this.scratch = new double[ny * (nx + 2)];
    }

    /** Transforms for a grid. */
    public RealFft2D(SpectralGrid2D grid) {
        this(grid.nx(), grid.ny());
    }

    /**
     * Makes JTransforms run every transform on the calling thread. Dataset generation parallelises over samples,
     * where JTransforms' internal threads would only compete; call this once before such work.
     */
    public static void singleThreaded() {
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
    }

    /**
     * @param physical {@code [ny * nx]}, not modified
     * @param hat      {@code [ny * (nx + 2)]}, overwritten
     */
    public void forward(double[] physical, double[] hat) {
        int w = nx + 2;
        for (int r = 0; r < ny; r++) {
            rows.forward(physical, r * nx, hat, r * w);
        }
        for (int j = 0; j <= nx / 2; j++) {
            int off = 2 * j;
            for (int r = 0; r < ny; r++) {
                column[2 * r] = hat[r * w + off];
                column[2 * r + 1] = hat[r * w + off + 1];
            }
            cols.complexForward(column);
            for (int r = 0; r < ny; r++) {
                hat[r * w + off] = column[2 * r];
                hat[r * w + off + 1] = column[2 * r + 1];
            }
        }
    }

    /**
     * Inverse transform; imaginary parts that a real field cannot have (modes 0 and nx/2 of the self-conjugate
     * rows) are ignored.
     *
     * @param hat      {@code [ny * (nx + 2)]}, not modified
     * @param physical {@code [ny * nx]}, overwritten
     */
    public void inverse(double[] hat, double[] physical) {
        int w = nx + 2;
        System.arraycopy(hat, 0, scratch, 0, ny * w);
        for (int j = 0; j <= nx / 2; j++) {
            int off = 2 * j;
            for (int r = 0; r < ny; r++) {
                column[2 * r] = scratch[r * w + off];
                column[2 * r + 1] = scratch[r * w + off + 1];
            }
            cols.complexInverse(column, true);
            for (int r = 0; r < ny; r++) {
                scratch[r * w + off] = column[2 * r];
                scratch[r * w + off + 1] = column[2 * r + 1];
            }
        }
        for (int r = 0; r < ny; r++) {
            rows.inverse(scratch, r * w, physical, r * nx);
        }
    }
}
