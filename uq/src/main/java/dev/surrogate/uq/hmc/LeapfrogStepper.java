package dev.surrogate.uq.hmc;

/**
 * The leapfrog (Stoermer-Verlet) integrator of Hamilton's equations for {@code H(q, p) = U(q) + p^T M^-1 p / 2}
 * with a diagonal mass matrix {@code M}: half a momentum kick, a full drift, half a kick,
 * <pre>  p -= (eps / 2) dU/dq(q);  q += eps M^-1 p;  p -= (eps / 2) dU/dq(q)</pre>
 * Second order, symplectic (so volume-preserving) and time-reversible (negating {@code p} and stepping again
 * retraces the path), which is what makes the Metropolis correction of HMC exact; its energy error is
 * {@code O(eps^2)} and does not drift (Leimkuhler and Reich 2004; Neal 2011, "MCMC using Hamiltonian dynamics").
 * One gradient evaluation per step: the gradient at the end of a step is kept for the start of the next.
 *
 * <p>A stepper is built from {@code (potential, inverse mass)}, as the PDE steppers are from
 * {@code (equation, dt)}; the step size is an argument, since warm-up changes it. Not thread-safe.
 */
public final class LeapfrogStepper {
    private final Potential potential;
    private final double[] inverseMass;

    /**
     * @param potential   the target's potential energy
     * @param inverseMass diagonal of {@code M^-1}, {@code [dimension]}, every entry positive and finite; kept by
     *                    reference (warm-up adapts it in place)
     * @throws IllegalArgumentException if the dimensions differ or an entry is not positive and finite
     */
    public LeapfrogStepper(Potential potential, double[] inverseMass) {
        if (inverseMass.length != potential.dimension()) {
            throw new IllegalArgumentException("inverse mass has " + inverseMass.length + " entries, the potential "
                    + "has dimension " + potential.dimension());
        }
        for (int i = 0; i < inverseMass.length; i++) {
            if (!(inverseMass[i] > 0) || !Double.isFinite(inverseMass[i])) {
                throw new IllegalArgumentException("inverse mass entry " + i + " must be positive and finite, got "
                        + inverseMass[i]);
            }
        }
        this.potential = potential;
        this.inverseMass = inverseMass;
    }

    /**
     * Advances {@code x} by one leapfrog step in place.
     *
     * @param x   the phase point, its gradient and potential current; modified
     * @param eps step size (negative integrates backwards in time)
     */
    public void step(PhasePoint x, double eps) {
        double[] q = x.q;
        double[] p = x.p;
        double[] g = x.gradient;
        double half = 0.5 * eps;
        for (int i = 0; i < q.length; i++) {
            p[i] -= half * g[i];
            q[i] += eps * inverseMass[i] * p[i];
        }
        x.potential = potential.valueAndGradient(q, g);
        for (int i = 0; i < q.length; i++) {
            p[i] -= half * g[i];
        }
    }

    /**
     * @param p momentum
     * @return kinetic energy {@code p^T M^-1 p / 2}
     */
    public double kinetic(double[] p) {
        double k = 0;
        for (int i = 0; i < p.length; i++) {
            k += inverseMass[i] * p[i] * p[i];
        }
        return 0.5 * k;
    }

    /**
     * @param x a phase point
     * @return the Hamiltonian {@code U(q) + K(p)}
     */
    public double hamiltonian(PhasePoint x) {
        return x.potential + kinetic(x.p);
    }

    /** @return the diagonal of {@code M^-1} (the live array) */
    double[] inverseMass() {
        return inverseMass;
    }

    /** @return the potential */
    public Potential potential() {
        return potential;
    }
}
