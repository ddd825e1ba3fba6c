/**
 * Probabilistic forecasts: models that answer {@code K} forecasts ("members") per input.
 *
 * <p>{@link dev.surrogate.operators.forecast.ProbabilisticForecaster} is the one interface; heteroscedastic models
 * ({@link dev.surrogate.operators.forecast.HeteroscedasticForecaster}, Gaussian draws fed back along rollouts) and
 * Monte Carlo dropout ({@link dev.surrogate.operators.forecast.McDropoutForecaster}) implement it here, and
 * {@link dev.surrogate.operators.forecast.Forecasters#of} picks the one a trained model supports. Every random draw
 * of member {@code m} of the input with global index {@code i} comes from {@code (seed, i, m)} alone
 * ({@link dev.surrogate.operators.forecast.ForecastSeeds}), so a member is the same numbers whatever the batch size,
 * the other inputs of the batch or the thread count, and {@code predict --samples K} and
 * {@code evaluate --samples K} with the same seed draw the same members.
 */
package dev.surrogate.operators.forecast;
