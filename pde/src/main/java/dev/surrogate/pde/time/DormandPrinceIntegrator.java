package dev.surrogate.pde.time;

import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * Method of lines with error control: the semi-discrete system {@code dv/dt = L v + N(v, t)} is handed to
 * Hipparchus' adaptive Dormand-Prince 8(5,3) integrator. Outputs come from its dense output, so they do not
 * constrain the steps. Explicit, so diffusion-dominated (stiff) problems take many small steps; prefer
 * {@link Etdrk4Stepper} there and use this as an independent, error-controlled reference.
 */
public final class DormandPrinceIntegrator implements Integrator {
    private final double relTol;
    private final double absTol;
    private final double maxStep;

    /**
     * @param relTol  relative tolerance per component, positive
     * @param absTol  absolute tolerance per component (in the state's units; spectral states scale with n), positive
     * @param maxStep largest step, positive (use {@code Double.POSITIVE_INFINITY} for none)
     */
    public DormandPrinceIntegrator(double relTol, double absTol, double maxStep) {
        if (!(relTol > 0) || !(absTol > 0) || !(maxStep > 0)) {
            throw new IllegalArgumentException("tolerances and max step must be positive, got rtol=" + relTol
                    + ", atol=" + absTol + ", max step=" + maxStep);
        }
        this.relTol = relTol;
        this.absTol = absTol;
        this.maxStep = maxStep;
    }

    @Override
    public void integrate(SemilinearEquation equation, double t0, double[] state, double[] outputTimes,
                          StepObserver observer) {
        Integrator.checkOutputTimes(t0, outputTimes);
        int n = equation.dimension();
        if (state.length != n) {
            throw new IllegalArgumentException("state has length " + state.length + ", equation expects " + n);
        }
        double[] lin = equation.linearDiagonal();
        double[] work = new double[n];
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return n;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] dy = new double[n];
                equation.nonlinear(t, y, dy);
                for (int i = 0; i < n; i++) {
                    dy[i] += lin[i] * y[i];
                }
                return dy;
            }
        };
        double tEnd = outputTimes[outputTimes.length - 1];
        double span = tEnd - t0;
        BlowUpGuard guard = new BlowUpGuard(state);
        observer.init(t0, state);
        int next = 0;
        while (next < outputTimes.length && outputTimes[next] == t0) {
            observer.onOutput(next++, t0, state);
        }
        if (span > 0) {
            DormandPrince853Integrator dp = new DormandPrince853Integrator(
                    span * 1e-14, Math.min(maxStep, span), absTol, relTol);
            final int first = next;
            ODEStepHandler handler = new ODEStepHandler() {
                private int out = first;
                private long steps;

                @Override
                public void handleStep(ODEStateInterpolator interpolator) {
                    double tPrev = interpolator.getPreviousState().getTime();
                    double tCur = interpolator.getCurrentState().getTime();
                    double[] y = interpolator.getCurrentState().getPrimaryState();
                    steps++;
                    guard.check(y, steps, tCur, tCur - tPrev);
                    observer.onStep(steps, tCur, tCur - tPrev, y);
                    while (out < outputTimes.length && outputTimes[out] <= tCur) {
                        double[] yo = interpolator.getInterpolatedState(outputTimes[out]).getPrimaryState();
                        System.arraycopy(yo, 0, work, 0, n);
                        observer.onOutput(out, outputTimes[out], work);
                        out++;
                    }
                }
            };
            dp.addStepHandler(handler);
            ODEState result;
            try {
                result = dp.integrate(ode, new ODEState(t0, state.clone()), tEnd);
            } catch (MathIllegalStateException ex) {
                throw new SolverDivergedException("adaptive Dormand-Prince integration failed: " + ex.getMessage()
                        + "; the problem may be too stiff for an explicit method (use etdrk4)", -1, Double.NaN);
            }
            System.arraycopy(result.getPrimaryState(), 0, state, 0, n);
        }
        observer.finish(tEnd, state);
    }

    @Override
    public String describe() {
        return "dormand-prince-853, rtol=" + relTol + ", atol=" + absTol;
    }
}
