/**
 * Bayesian inference of the viscosity of a Burgers run from sparse noisy observations
 * ({@link dev.surrogate.uq.inverse.Observations}): HMC on {@code (log nu, log sigma)}
 * ({@link dev.surrogate.uq.inverse.ViscosityPosterior}, {@link dev.surrogate.uq.inverse.ViscosityInference}) with a
 * {@link dev.surrogate.uq.inverse.ForwardModel} that is either the classical pseudo-spectral solver
 * ({@link dev.surrogate.uq.inverse.SolverForward}, derivative by a finite difference in nu) or a parametric neural
 * operator that takes nu as an input channel ({@link dev.surrogate.uq.inverse.SurrogateForward}, derivative by
 * SameDiff).
 */
package dev.surrogate.uq.inverse;
