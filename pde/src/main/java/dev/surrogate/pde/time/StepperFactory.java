package dev.surrogate.pde.time;

/** Builds a {@link TimeStepper} for an equation, e.g. {@code Etdrk4Stepper::new}. */
@FunctionalInterface
public interface StepperFactory {
    /**
     * @param equation the equation to step
     * @return a new stepper owning its buffers
     */
    TimeStepper create(SemilinearEquation equation);
}
