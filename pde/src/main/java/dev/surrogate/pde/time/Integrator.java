package dev.surrogate.pde.time;

/**
 * Drives an equation from a start time through a list of output times: the loop that sits outside both the
 * equation and the single-step scheme.
 */
public interface Integrator {

    /**
     * @param equation    the equation
     * @param t0          start time
     * @param state       {@code [equation.dimension()]}: v(t0) on entry, v(last output time) on return
     * @param outputTimes non-decreasing times, each {@code >= t0}; an output at {@code t0} reports the initial state
     * @param observer    receives every step and every output
     * @throws IllegalArgumentException if the output times are not finite, not sorted or before {@code t0}
     * @throws SolverDivergedException  if the solution becomes non-finite or grows without bound
     */
    void integrate(SemilinearEquation equation, double t0, double[] state, double[] outputTimes,
                   StepObserver observer);

    /** @return description for metadata, e.g. {@code "etdrk4, fixed dt=1e-3"} */
    String describe();

    /** Shared argument checks for implementations. */
    static void checkOutputTimes(double t0, double[] outputTimes) {
        if (!Double.isFinite(t0)) {
            throw new IllegalArgumentException("start time must be finite, got " + t0);
        }
        if (outputTimes.length == 0) {
            throw new IllegalArgumentException("at least one output time is required");
        }
        double prev = t0;
        for (int i = 0; i < outputTimes.length; i++) {
            double t = outputTimes[i];
            if (!Double.isFinite(t) || t < prev) {
                throw new IllegalArgumentException("output time " + i + " = " + t
                        + " must be finite and not before " + prev);
            }
            prev = t;
        }
    }
}
