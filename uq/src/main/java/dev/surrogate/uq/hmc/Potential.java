package dev.surrogate.uq.hmc;

/**
 * The potential energy of Hamiltonian Monte Carlo: {@code U(q) = -log pi(q) + const} of a target density
 * {@code pi} over a flat parameter vector {@code q}, with its gradient. The target knows nothing about the sampler
 * (as an ODE knows nothing about its integrator).
 *
 * <p>Implementations need not be thread-safe: a sampler calls one instance from one thread.
 */
public interface Potential {

    /** @return length of the parameter vector {@code q} */
    int dimension();

    /**
     * @param q        position, {@code [dimension]}; not modified
     * @param gradient receives {@code dU/dq}, {@code [dimension]}; modified
     * @return {@code U(q)}; {@code +infinity} (or NaN) outside the support, which the sampler treats as a
     *         divergence
     */
    double valueAndGradient(double[] q, double[] gradient);

    /**
     * @param q position; not modified
     * @return {@code U(q)}; the default computes the gradient too and discards it
     */
    default double value(double[] q) {
        return valueAndGradient(q, new double[dimension()]);
    }
}
