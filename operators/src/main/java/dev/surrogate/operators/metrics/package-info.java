/**
 * Error metrics of predicted fields against the truth, accumulated sample by sample in double precision:
 * relative L2, nRMSE, RMSE, maximum error, PDEBench-style Fourier-band RMSE, and per-step errors of autoregressive
 * rollouts; plus the {@link dev.surrogate.operators.metrics.Evaluator} that runs a trained model over a dataset.
 * For probabilistic forecasts, {@link dev.surrogate.operators.metrics.EnsembleScores} (fair CRPS, Gaussian NLL,
 * central-interval coverage, spread-skill, sharpness) and the
 * {@link dev.surrogate.operators.metrics.EnsembleEvaluator} that draws K members per input from a
 * {@link dev.surrogate.operators.forecast.ProbabilisticForecaster} and scores them.
 */
package dev.surrogate.operators.metrics;
