package dev.surrogate.pde.time;

/**
 * Integrates with a fixed-step {@link TimeStepper}. Between consecutive output times the interval is split into the
 * fewest equal steps no longer than {@code maxStep}, so every output lands exactly on its time; with equally spaced
 * outputs all steps agree to round-off, and the steppers cache their step-size-dependent coefficients (ETDRK4's
 * costly ones are reused within a relative 1e-12; IFRK4 and CN-Euler recompute their cheap ones when the step
 * changes in its last bits).
 *
 * <p>A {@link BlowUpGuard} checks the state after every step.
 */
public final class FixedStepIntegrator implements Integrator {
    private final StepperFactory factory;
    private final double maxStep;
    private final String scheme;

    /**
     * @param scheme  name of the scheme the factory builds, for metadata (e.g. {@code "etdrk4"})
     * @param factory builds the stepper for the equation
     * @param maxStep largest allowed step, positive
     */
    public FixedStepIntegrator(String scheme, StepperFactory factory, double maxStep) {
        StepChecks.requireStep(maxStep);
        this.scheme = scheme;
        this.factory = factory;
        this.maxStep = maxStep;
    }

    /**
     * @param maxStep largest allowed step
     * @return an ETDRK4 integrator
     */
    public static FixedStepIntegrator etdrk4(double maxStep) {
        return new FixedStepIntegrator("etdrk4", Etdrk4Stepper::new, maxStep);
    }

    /** @return the largest step this integrator takes */
    public double maxStep() {
        return maxStep;
    }

    /**
     * Number of equal steps used for an interval of length {@code span}.
     *
     * @param span interval length, >= 0
     * @return {@code ceil(span / maxStep)} with a tolerance for round-off, at least 1 for a positive span
     */
    public long stepsFor(double span) {
        if (span <= 0) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil(span / maxStep * (1 - 1e-12)));
    }

    @Override
    public void integrate(SemilinearEquation equation, double t0, double[] state, double[] outputTimes,
                          StepObserver observer) {
        Integrator.checkOutputTimes(t0, outputTimes);
        if (state.length != equation.dimension()) {
            throw new IllegalArgumentException("state has length " + state.length + ", equation expects "
                    + equation.dimension());
        }
        TimeStepper stepper = factory.create(equation);
        BlowUpGuard guard = new BlowUpGuard(state);
        observer.init(t0, state);
        double t = t0;
        long step = 0;
        for (int k = 0; k < outputTimes.length; k++) {
            double target = outputTimes[k];
            double start = t;
            long steps = stepsFor(target - start);
            double h = steps == 0 ? 0 : (target - start) / steps;
            for (long s = 1; s <= steps; s++) {
                stepper.step(t, h, state);
                t = s == steps ? target : start + s * h;
                step++;
                guard.check(state, step, t, h);
                observer.onStep(step, t, h, state);
            }
            observer.onOutput(k, target, state);
        }
        observer.finish(t, state);
    }

    @Override
    public String describe() {
        return scheme + ", fixed step <= " + maxStep;
    }
}
