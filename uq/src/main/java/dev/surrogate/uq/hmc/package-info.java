/**
 * Hamiltonian Monte Carlo over a flat parameter vector, independent of what the parameters mean.
 *
 * <p>The target is a {@link dev.surrogate.uq.hmc.Potential} ({@code U = -log density} and its gradient); the
 * {@link dev.surrogate.uq.hmc.LeapfrogStepper} integrates Hamilton's equations; the
 * {@link dev.surrogate.uq.hmc.HamiltonianMonteCarlo} sampler runs seeded chains of fixed-length trajectories with
 * a Metropolis correction, tunes the step size by {@link dev.surrogate.uq.hmc.DualAveraging} and, optionally, a
 * diagonal mass matrix in Stan's {@link dev.surrogate.uq.hmc.WarmupSchedule} windows. Observers
 * ({@link dev.surrogate.uq.hmc.HmcObserver}) see every transition; the run returns thinned draws with
 * {@link dev.surrogate.uq.hmc.ConvergenceDiagnostics} (rank-normalised split R-hat, bulk ESS), acceptance and
 * divergences per chain.
 */
package dev.surrogate.uq.hmc;
