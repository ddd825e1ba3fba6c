package dev.surrogate.uq.hmc;

import java.util.ArrayList;
import java.util.List;

/**
 * Stan's windowed warm-up (Stan Reference Manual, "HMC algorithm parameters", "Automatic parameter tuning"): a
 * fast initial buffer where only the step size adapts (the chain travels to the typical set), then slow windows of
 * doubling length (25, 50, 100, ...) whose draws estimate the diagonal mass matrix (set at the end of each window,
 * after which step-size adaptation restarts), then a fast terminal buffer that tunes the step size to the final
 * mass matrix. The last slow window is stretched to meet the terminal buffer. Buffers of 75 and 50 iterations and
 * a first window of 25; when they do not fit, 15 % / 75 % / 10 % of the warm-up, as Stan does.
 */
public final class WarmupSchedule {
    /** Default initial fast buffer. */
    public static final int INIT_BUFFER = 75;
    /** Default terminal fast buffer. */
    public static final int TERM_BUFFER = 50;
    /** Default first slow window. */
    public static final int BASE_WINDOW = 25;

    private final int warmup;
    /** Slow windows as {@code {start, end}} iteration ranges, end exclusive. */
    private final List<int[]> windows = new ArrayList<>();

    /**
     * @param warmup     warm-up iterations, {@code >= 0}
     * @param adaptMass  whether slow windows estimate the mass matrix (otherwise there are none)
     */
    public WarmupSchedule(int warmup, boolean adaptMass) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up iterations must be >= 0, got " + warmup);
        }
        this.warmup = warmup;
        // fewer than 20 iterations are too few to estimate a variance (Stan skips adaptation there too)
        if (!adaptMass || warmup < 20) {
            return;
        }
        int init = INIT_BUFFER;
        int term = TERM_BUFFER;
        int base = BASE_WINDOW;
        if (init + base + term > warmup) {
            init = (int) (0.15 * warmup);
            term = (int) (0.1 * warmup);
            base = warmup - init - term;
        }
        int slowEnd = warmup - term;
        int start = init;
        int size = base;
        while (start < slowEnd) {
            int end = start + size;
            if (end + 2 * size > slowEnd) {
                end = slowEnd;
            }
            windows.add(new int[] {start, end});
            start = end;
            size *= 2;
        }
    }

    /**
     * @param iteration 0-based iteration of the chain
     * @return whether its draw feeds the mass-matrix estimate
     */
    public boolean inSlowWindow(int iteration) {
        for (int[] w : windows) {
            if (iteration >= w[0] && iteration < w[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param iteration 0-based iteration
     * @return whether the mass matrix is re-estimated after it (last iteration of a slow window)
     */
    public boolean endsSlowWindow(int iteration) {
        for (int[] w : windows) {
            if (iteration == w[1] - 1) {
                return true;
            }
        }
        return false;
    }

    /** @return the slow windows as {@code {start, end}} ranges (copies) */
    public List<int[]> windows() {
        List<int[]> copy = new ArrayList<>();
        for (int[] w : windows) {
            copy.add(w.clone());
        }
        return copy;
    }

    /** @return warm-up iterations */
    public int warmup() {
        return warmup;
    }
}
