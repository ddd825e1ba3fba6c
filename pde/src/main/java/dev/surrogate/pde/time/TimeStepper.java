package dev.surrogate.pde.time;

/**
 * Advances the state of one {@link SemilinearEquation} by one step, in place. A stepper is built for one equation
 * (see {@link StepperFactory}) and preallocates its stage buffers; {@link #step} allocates nothing except, for
 * schemes whose coefficients depend on the step size, when the step size changes.
 */
public interface TimeStepper {

    /**
     * @param t     time at the start of the step
     * @param h     step size, positive
     * @param state {@code [dimension]}: v(t) on entry, v(t + h) on return
     */
    void step(double t, double h, double[] state);

    /** @return formal order of accuracy in h */
    int order();

    /** @return the scheme's short name, e.g. {@code "etdrk4"} */
    String name();
}
