/**
 * Uncertainty quantification for neural-operator surrogates: deep ensembles ({@code ensemble}), Monte Carlo dropout
 * and split conformal calibration of any probabilistic forecaster ({@code conformal}), {@code hmc} (a generic
 * Hamiltonian Monte Carlo sampler and its diagnostics), {@code bnn} (HMC over an operator's weights and its posterior
 * predictive), {@code inverse} (Bayesian inference of a PDE parameter from sparse observations, with the classical
 * solver or a parametric surrogate as the forward model), and the comparison of such methods on one test set
 * ({@code compare}, the {@code uq compare} command). Every method answers the
 * {@link dev.surrogate.operators.forecast.ProbabilisticForecaster} interface of {@code operators}, so the same scores
 * apply to all of them; {@link dev.surrogate.uq.UqForecasters} opens the forecasters of the model directories written
 * here.
 */
package dev.surrogate.uq;
