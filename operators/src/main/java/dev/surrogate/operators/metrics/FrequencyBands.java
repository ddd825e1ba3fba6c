package dev.surrogate.operators.metrics;

/**
 * Wavenumber bands of the Fourier-space RMSE, in integer wavenumbers {@code k} (cycles per domain length).
 * Defaults as PDEBench describes them: low {@code 0 <= k <= 4}, mid {@code 5 <= k <= 12}, high {@code k >= 13}
 * (up to Nyquist). Note: PDEBench's reference code slices {@code [:4]}, {@code [4:12]}, {@code [12:]}, i.e. one mode
 * lower at each edge; {@code new FrequencyBands(3, 11)} reproduces that.
 *
 * @param lowMax last wavenumber of the low band, at least 0
 * @param midMax last wavenumber of the mid band, greater than {@code lowMax}
 */
public record FrequencyBands(int lowMax, int midMax) {

    /** PDEBench's bands: low k &lt;= 4, mid 5..12, high &gt;= 13. */
    public static final FrequencyBands PDEBENCH = new FrequencyBands(4, 12);

    /** Validates the edges. */
    public FrequencyBands {
        if (lowMax < 0 || midMax <= lowMax) {
            throw new IllegalArgumentException("need 0 <= lowMax < midMax, got lowMax=" + lowMax + ", midMax="
                    + midMax);
        }
    }

    /**
     * @param k integer wavenumber, at least 0
     * @return 0 (low), 1 (mid) or 2 (high)
     */
    public int band(int k) {
        return k <= lowMax ? 0 : k <= midMax ? 1 : 2;
    }
}
