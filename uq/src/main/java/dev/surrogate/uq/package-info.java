/**
 * Uncertainty quantification for neural-operator surrogates: deep ensembles ({@code ensemble}), Monte Carlo dropout
 * and split conformal calibration of any probabilistic forecaster ({@code conformal}), and the comparison of such
 * methods on one test set ({@code compare}, the {@code uq compare} command). Every method answers the
 * {@link dev.surrogate.operators.forecast.ProbabilisticForecaster} interface of {@code operators}, so the same
 * scores apply to all of them.
 */
package dev.surrogate.uq;
