/**
 * Uncertainty quantification for neural operators: {@code hmc} (a generic Hamiltonian Monte Carlo sampler and its
 * diagnostics), {@code bnn} (HMC over an operator's weights and its posterior predictive), {@code inverse}
 * (Bayesian inference of a PDE parameter from sparse observations, with the classical solver or a parametric
 * surrogate as the forward model). {@link dev.surrogate.uq.UqForecasters} opens the forecasters of the model
 * directories written here.
 */
package dev.surrogate.uq;
