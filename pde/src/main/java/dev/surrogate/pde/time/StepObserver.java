package dev.surrogate.pde.time;

/**
 * Receives the solution while an {@link Integrator} runs: after every accepted step and at each requested output
 * time. Push-style, like Hipparchus' {@code ODEStepHandler}; every hook defaults to a no-op. The {@code state}
 * arrays passed in are the integrator's own buffers: read or copy them, never keep or modify them.
 */
public interface StepObserver {

    /** Called once before the first step. */
    default void init(double t0, double[] state) {
    }

    /**
     * Called after every accepted step.
     *
     * @param step 1-based step count
     * @param t    time reached
     * @param h    size of the step just taken
     */
    default void onStep(long step, double t, double h, double[] state) {
    }

    /**
     * Called at each requested output time, in order, with the state at exactly that time.
     *
     * @param index index into the output times
     */
    default void onOutput(int index, double t, double[] state) {
    }

    /** Called once after the last output. */
    default void finish(double t, double[] state) {
    }

    /** A shared observer that ignores everything. */
    StepObserver NONE = new StepObserver() {
    };
}
