/**
 * Error metrics of predicted fields against the truth, accumulated sample by sample in double precision:
 * relative L2, nRMSE, RMSE, maximum error, PDEBench-style Fourier-band RMSE, and per-step errors of autoregressive
 * rollouts; plus the {@link dev.surrogate.operators.metrics.Evaluator} that runs a trained model over a dataset.
 */
package dev.surrogate.operators.metrics;
