package dev.surrogate.pde.time;

/**
 * The solution stopped being meaningful: non-finite values or runaway growth. The message names the step and time
 * and suggests a remedy.
 */
public class SolverDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long step;
    private final double time;

    /**
     * @param message full description
     * @param step    step count at which it was detected
     * @param time    time at which it was detected
     */
    public SolverDivergedException(String message, long step, double time) {
        super(message);
        this.step = step;
        this.time = time;
    }

    /** @return step count at which the blow-up was detected */
    public long step() {
        return step;
    }

    /** @return time at which the blow-up was detected */
    public double time() {
        return time;
    }
}
