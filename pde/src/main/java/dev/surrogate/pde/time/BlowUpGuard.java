package dev.surrogate.pde.time;

/**
 * Detects a run that has blown up: a non-finite value, or an L2 norm that grew by more than a factor
 * ({@value #GROWTH_LIMIT} by default) over the larger of the initial norm and {@code sqrt(dimension)}. The check is
 * one pass over the state, cheap next to a step's FFTs.
 */
public final class BlowUpGuard {
    /** Default growth factor that counts as runaway. */
    public static final double GROWTH_LIMIT = 1e6;
    private final double limitSq;
    private final double growth;

    /**
     * @param initial the initial state (norm reference)
     * @param growth  growth factor that counts as runaway, > 1
     */
    public BlowUpGuard(double[] initial, double growth) {
        double ref = Math.max(Math.sqrt(normSq(initial)), Math.sqrt(initial.length));
        if (!(growth > 1)) {
            throw new IllegalArgumentException("growth limit must be > 1, got " + growth);
        }
        this.growth = growth;
        double limit = ref * growth;
        this.limitSq = limit * limit;
    }

    /** @param initial the initial state (norm reference), default growth limit */
    public BlowUpGuard(double[] initial) {
        this(initial, GROWTH_LIMIT);
    }

    /**
     * @param state the current state
     * @param step  step count, for the message
     * @param t     time, for the message
     * @param h     current step size, for the suggestion
     * @throws SolverDivergedException when the state is non-finite or has run away
     */
    public void check(double[] state, long step, double t, double h) {
        double s = normSq(state);
        if (!Double.isFinite(s)) {
            throw new SolverDivergedException(String.format(
                    "solution blew up (non-finite values) at step %d, t = %.6g; try a smaller time step than %.3g",
                    step, t, h), step, t);
        }
        if (s > limitSq) {
            throw new SolverDivergedException(String.format(
                    "solution blew up (state norm %.3g exceeds %.3g, a growth by more than %.0e) at step %d,"
                            + " t = %.6g; try a smaller time step than %.3g",
                    Math.sqrt(s), Math.sqrt(limitSq), growth, step, t, h), step, t);
        }
    }

    private static double normSq(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }
}
