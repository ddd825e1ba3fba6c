/**
 * Samplers of a flow: integrators of {@code dz/dt = v(t, z)} from noise at {@code t = 0} to a sample at
 * {@code t = 1}, for a batch of independent rows.
 *
 * <p>{@link dev.surrogate.generative.sampling.VelocityField} is the problem (it knows nothing about the solver,
 * as Hipparchus' {@code OrdinaryDifferentialEquation}); a {@link dev.surrogate.generative.sampling.Sampler}
 * integrates it and reports every row's number of velocity evaluations (NFE):
 * {@link dev.surrogate.generative.sampling.FixedStepSampler} (Euler, Heun, classical Runge-Kutta at any step
 * count), {@link dev.surrogate.generative.sampling.DormandPrinceSampler} (adaptive, Hipparchus' Dormand-Prince
 * 5(4) or 8(5,3) per row, rows evaluated together) and {@link dev.surrogate.generative.sampling.StochasticSampler}
 * (PBFM's re-noising sampler). Rows never interact: a row's result depends on its own state and noise only, not on
 * the batch it is integrated in.
 */
package dev.surrogate.generative.sampling;
