/**
 * Split conformal calibration of ensemble forecasts: {@link dev.surrogate.uq.conformal.ConformalCalibrator} finds,
 * on held-out data, the factor by which the members must be scaled about their median for their central interval
 * to hold its nominal coverage (with the finite-sample guarantee of split conformal prediction), and
 * {@link dev.surrogate.uq.conformal.ConformalForecaster} applies it to any
 * {@link dev.surrogate.operators.forecast.ProbabilisticForecaster}, giving another one.
 */
package dev.surrogate.uq.conformal;
