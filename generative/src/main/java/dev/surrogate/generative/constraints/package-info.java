/**
 * Hard constraints on drawn forecasts, PCFM's way (cpfpengfei/PCFM): a
 * {@link dev.surrogate.generative.constraints.Constraint} gives values {@code h(x)} and Jacobian rows on a drawn
 * target in physical units ({@link dev.surrogate.generative.constraints.SnapshotMean},
 * {@link dev.surrogate.generative.constraints.PointValues}, the nonlinear
 * {@link dev.surrogate.generative.constraints.EnergyBalance} of Burgers);
 * {@link dev.surrogate.generative.constraints.GaussNewtonProjection} projects a normalised state onto them;
 * {@link dev.surrogate.generative.constraints.ConstraintSet} binds the kinds to the forecast data and
 * {@link dev.surrogate.generative.constraints.ConstraintErrorMetric} measures forecasts and truth against them. The
 * sampler that projects at every step is {@link dev.surrogate.generative.sampling.ProjectedSampler}.
 */
package dev.surrogate.generative.constraints;
