/**
 * Bayesian neural operators by Hamiltonian Monte Carlo over the weights: the
 * {@link dev.surrogate.uq.bnn.WeightPosterior} (Gaussian likelihood of the training pairs, Gaussian prior, fixed or
 * sampled noise scale; all weights or the last layers), {@link dev.surrogate.uq.bnn.WeightHmc} (chains started from
 * trained weights, resumable), the {@link dev.surrogate.uq.bnn.PosteriorPredictive} (a
 * {@code ProbabilisticForecaster}: each member one posterior draw plus its likelihood noise) and the
 * {@link dev.surrogate.uq.bnn.PosteriorDirectory} that holds a run.
 */
package dev.surrogate.uq.bnn;
