package dev.surrogate.pde.equations;

import dev.surrogate.pde.time.SolverDivergedException;
import dev.surrogate.pde.time.StepObserver;
import java.util.Objects;

/**
 * Checks the CFL number {@code h * max(|u|/dx + |v|/dy)} of every step of a {@link NavierStokes2D} run and stops
 * the run with a {@link SolverDivergedException} naming the step, the time and the CFL number when it exceeds a
 * limit; everything else is passed on to a delegate observer (the way Hipparchus' {@code StepNormalizer} wraps a
 * handler). The velocity comes from the stage evaluations the scheme already made
 * ({@link NavierStokes2D#takeMaxAdvectiveRate()}), so the check costs no FFT.
 *
 * <p>Limits: with 2/3 dealiasing the largest advective eigenvalue is about {@code (2 pi / 3) * CFL}; RK4-type
 * schemes (ETDRK4, IFRK4) are stable up to about 2.8 on the imaginary axis, i.e. CFL about 1.3, hence the default
 * {@value #DEFAULT_LIMIT}. The forward-Euler advection of the Crank-Nicolson scheme is only stabilised by viscosity:
 * use a limit of about 0.3 there.
 */
public final class CflGuard implements StepObserver {
    /** Default CFL limit, safe for RK4-type schemes with 2/3 dealiasing. */
    public static final double DEFAULT_LIMIT = 1.0;

    private final NavierStokes2D equation;
    private final double limit;
    private final StepObserver delegate;
    private double maxCfl;

    /**
     * @param equation the equation being integrated (its stage evaluations supply the velocity)
     * @param limit    largest allowed CFL number, positive
     * @param delegate receives every call after the check
     */
    public CflGuard(NavierStokes2D equation, double limit, StepObserver delegate) {
        this.equation = Objects.requireNonNull(equation, "equation");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (!(limit > 0) || !Double.isFinite(limit)) {
            throw new IllegalArgumentException("CFL limit must be positive and finite, got " + limit);
        }
        this.limit = limit;
    }

    /** @return the largest CFL number of any step so far */
    public double maxCfl() {
        return maxCfl;
    }

    @Override
    public void init(double t0, double[] state) {
        equation.takeMaxAdvectiveRate();
        maxCfl = 0;
        delegate.init(t0, state);
    }

    @Override
    public void onStep(long step, double t, double h, double[] state) {
        double cfl = h * equation.takeMaxAdvectiveRate();
        maxCfl = Math.max(maxCfl, cfl);
        if (cfl > limit) {
            throw new SolverDivergedException(String.format(
                    "CFL %.3g exceeds %.3g at step %d (t = %.6g, step size %.3g); use a time step below %.3g",
                    cfl, limit, step, t, h, h * limit / cfl), step, t);
        }
        delegate.onStep(step, t, h, state);
    }

    @Override
    public void onOutput(int index, double t, double[] state) {
        delegate.onOutput(index, t, state);
    }

    @Override
    public void finish(double t, double[] state) {
        delegate.finish(t, state);
    }
}
