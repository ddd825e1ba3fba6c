package dev.surrogate.generative.constraints;

/**
 * Equality constraints {@code h(x) = 0} on one drawn target {@code x} in physical units, flat
 * {@code [channels, *space]} (channel {@code j F + f}: field {@code f} of generated snapshot {@code j}), with their
 * Jacobian rows, as PCFM's projection ({@link GaussNewtonProjection}) needs them.
 */
public interface Constraint {

    /**
     * @return the kind, as named on the command line ({@code mean}, {@code zero-mean}, {@code observations},
     *         {@code energy})
     */
    String kind();

    /** @return number of constraint values */
    int count();

    /** @return whether {@code h} is affine in {@code x} (then one Gauss-Newton step projects exactly) */
    boolean linear();

    /**
     * @param x    the target, physical; read only
     * @param h    receives the {@link #count()} values from {@code from}. Modified.
     * @param from first index written
     */
    void values(double[] x, double[] h, int from);

    /**
     * @param x    the target, physical; read only
     * @param rows receives the {@link #count()} Jacobian rows from {@code from} (in physical units). Modified.
     * @param from first index written
     */
    void jacobian(double[] x, JacobianRow[] rows, int from);

    /**
     * The size of the terms each constraint value balances (e.g. the field's magnitude for a mean, the dissipation
     * rate for the energy balance), for relative tolerances and errors.
     *
     * @param x    the target, physical; read only
     * @param s    receives {@link #count()} positive scales from {@code from}. Modified.
     * @param from first index written
     */
    void scales(double[] x, double[] s, int from);

    /**
     * Adds {@code sum_k w[from + k] d^2 h_k / dx^2} (second derivatives in physical units) into the diagonal blocks
     * of the channels, for the Lagrange-Newton steps of {@link GaussNewtonProjection}; only for constraints whose
     * Hessians couple no two channels.
     *
     * @param x      the target, physical; read only
     * @param w      weights (the Lagrange multipliers) of the {@link #count()} values from {@code from}
     * @param from   first weight
     * @param blocks per channel {@code [P * P]} row-major, added to. Modified.
     * @return false if this constraint has no such Hessian (then the projection takes Gauss-Newton steps); affine
     *         constraints (zero Hessian) return true by default
     */
    default boolean addHessian(double[] x, double[] w, int from, double[][] blocks) {
        return linear();
    }
}
