package dev.surrogate.pde.time;

/**
 * An evolution equation {@code dv/dt = L v + N(v, t)} for a real state vector {@code v} with a
 * <em>real diagonal</em> linear part {@code L}, the form every pseudo-spectral solver here takes in Fourier
 * space: diffusion and viscosity are diagonal, advection and reaction go to {@code N}.
 *
 * <p>The equation knows nothing about how it is stepped (compare Hipparchus' {@code OrdinaryDifferentialEquation}
 * and jax-cfd's {@code ImplicitExplicitODE}). Implementations usually hold FFT buffers and are therefore not
 * thread-safe: use one instance per thread.
 */
public interface SemilinearEquation {

    /** @return length of the state vector */
    int dimension();

    /**
     * The diagonal of the linear operator L, one real entry per state component.
     *
     * @return {@code double[dimension()]}; callers must not modify it
     */
    double[] linearDiagonal();

    /**
     * Evaluates the nonlinear (explicit) part {@code N(v, t)}.
     *
     * @param t     time
     * @param state {@code v}, {@code [dimension()]}, not modified
     * @param out   {@code [dimension()]}, overwritten with {@code N(v, t)}; never the same array as {@code state}
     */
    void nonlinear(double t, double[] state, double[] out);
}
