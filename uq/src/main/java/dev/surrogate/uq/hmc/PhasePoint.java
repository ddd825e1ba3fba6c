package dev.surrogate.uq.hmc;

/**
 * A point of phase space with what the leapfrog needs at it: position {@code q}, momentum {@code p}, the potential
 * {@code U(q)} and its gradient. Mutable; the arrays are owned by the point and reused.
 */
public final class PhasePoint {
    /** Position {@code [dimension]}. */
    final double[] q;
    /** Momentum {@code [dimension]}. */
    final double[] p;
    /** {@code dU/dq} at {@link #q}. */
    final double[] gradient;
    /** {@code U(q)}. */
    double potential;

    /** @param dimension length of the parameter vector */
    public PhasePoint(int dimension) {
        q = new double[dimension];
        p = new double[dimension];
        gradient = new double[dimension];
    }

    /**
     * Sets the position and evaluates the potential there (momentum unchanged).
     *
     * @param position new position; copied
     * @param u        the potential
     */
    public void moveTo(double[] position, Potential u) {
        System.arraycopy(position, 0, q, 0, q.length);
        potential = u.valueAndGradient(q, gradient);
    }

    /** @param other point whose state this one takes (same dimension) */
    public void copyFrom(PhasePoint other) {
        System.arraycopy(other.q, 0, q, 0, q.length);
        System.arraycopy(other.p, 0, p, 0, p.length);
        System.arraycopy(other.gradient, 0, gradient, 0, gradient.length);
        potential = other.potential;
    }

    /** @return a copy of the position */
    public double[] position() {
        return q.clone();
    }

    /** @return a copy of the momentum */
    public double[] momentum() {
        return p.clone();
    }

    /** @return {@code U(q)} */
    public double potential() {
        return potential;
    }

    /** @return the dimension */
    public int dimension() {
        return q.length;
    }
}
