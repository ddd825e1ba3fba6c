package dev.surrogate.pde.residual;

import dev.surrogate.pde.time.PseudoSpectralEquation;
import java.util.Objects;

/**
 * The residual {@code r = D_t u - F(u)} of a series of physical snapshots, where {@code F} is exactly the
 * semi-discrete right-hand side the solver integrates and {@code D_t} a finite difference in time
 * ({@link TimeStencil}).
 *
 * <p>{@code F(u)} is evaluated through the equation's own code: the snapshot is transformed to the solver's
 * spectral state ({@link PseudoSpectralEquation#toSpectral}), the right-hand side is
 * {@code L v + N(v, t)} with {@link PseudoSpectralEquation#linearDiagonal()} and
 * {@link PseudoSpectralEquation#nonlinear}, and the result is transformed back
 * ({@link PseudoSpectralEquation#toPhysical}). Whatever the equation does (dealiasing, conservation form,
 * forcing) the residual does too, so data the solver wrote has a residual that is the time-difference error of
 * the stencil plus the solver's own error, and nothing else.
 *
 * <p>Physical snapshots in, physical residual out (units of u per time). Not thread-safe (the equation and the
 * buffers are per instance); the evaluations allocate nothing.
 */
public final class SemiDiscreteResidual {
    private final PseudoSpectralEquation equation;
    private final double[] state;
    private final double[] rhs;
    private final double[] snapshot;
    private final double[] force;

    /** @param equation the equation with the sample's parameters (not thread-safe; owned by this object's user) */
    public SemiDiscreteResidual(PseudoSpectralEquation equation) {
        this.equation = Objects.requireNonNull(equation, "equation");
        this.state = new double[equation.dimension()];
        this.rhs = new double[equation.dimension()];
        this.snapshot = new double[equation.physicalDimension()];
        this.force = new double[equation.physicalDimension()];
    }

    /** @return the equation */
    public PseudoSpectralEquation equation() {
        return equation;
    }

    /** @return values per snapshot (grid points times fields) */
    public int physicalDimension() {
        return equation.physicalDimension();
    }

    /**
     * The semi-discrete right-hand side {@code F(u)} at a physical state.
     *
     * @param t        time (the equations here are autonomous, but it is passed on)
     * @param physical {@code [physicalDimension()]}, not modified
     * @param out      {@code [physicalDimension()]}, overwritten with {@code F(u)}
     */
    public void rightHandSide(double t, double[] physical, double[] out) {
        int n = equation.physicalDimension();
        if (physical.length != n || out.length != n) {
            throw new IllegalArgumentException("physical state and output must have " + n + " values, got "
                    + physical.length + " and " + out.length);
        }
        equation.toSpectral(physical, state);
        equation.nonlinear(t, state, rhs);
        double[] lin = equation.linearDiagonal();
        for (int i = 0; i < rhs.length; i++) {
            rhs[i] += lin[i] * state[i];
        }
        equation.toPhysical(rhs, out);
    }

    /**
     * The residual of a whole window of snapshots.
     *
     * @param stencil  time difference for the window (its snapshot count is T)
     * @param times    snapshot times {@code [T]} (passed to {@code F})
     * @param series   snapshots {@code [T * physicalDimension()]}, snapshot-major, not modified
     * @param dudt     {@code [T * physicalDimension()]}, overwritten with {@code D_t u}
     * @param residual {@code [T * physicalDimension()]}, overwritten with {@code D_t u - F(u)}
     * @throws IllegalArgumentException if a length does not match
     */
    public void residual(TimeStencil stencil, double[] times, double[] series, double[] dudt, double[] residual) {
        int n = equation.physicalDimension();
        int t = stencil.snapshots();
        if (times.length != t) {
            throw new IllegalArgumentException("stencil has " + t + " snapshots but " + times.length + " times given");
        }
        if (residual.length != t * n) {
            throw new IllegalArgumentException("residual must have T * n = " + t + " * " + n + " values, got "
                    + residual.length);
        }
        stencil.apply(series, n, dudt);
        for (int i = 0; i < t; i++) {
            System.arraycopy(series, i * n, snapshot, 0, n);
            rightHandSide(times[i], snapshot, force);
            int o = i * n;
            for (int k = 0; k < n; k++) {
                residual[o + k] = dudt[o + k] - force[k];
            }
        }
    }
}
