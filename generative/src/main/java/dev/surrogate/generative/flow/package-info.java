/**
 * Conditional flow matching on the toolkit's neural operators (Lipman et al. 2023, "Flow matching for generative
 * modeling"; the flow part of PBFM, Baldan et al., tum-pbs/PBFM).
 *
 * <p>The method: a {@link dev.surrogate.generative.flow.ProbabilityPath} from noise
 * ({@link dev.surrogate.generative.flow.FlowNoise}, white or a Gaussian random field) at {@code t = 0} to the
 * normalised targets at {@code t = 1}, times drawn from a {@link dev.surrogate.generative.flow.TimeDistribution},
 * together the {@link dev.surrogate.generative.flow.FlowSettings}. Training is one more objective of the
 * {@code operators} trainer, {@link dev.surrogate.generative.flow.FlowMatchingObjective} (draws per
 * {@code (seed, epoch, example)}, so resuming is exact), on a velocity network whose input channels
 * {@link dev.surrogate.generative.flow.FlowLayout} lays out: the state, the time, the task's given snapshots and
 * parameters. A trained {@link dev.surrogate.generative.flow.FlowModel} draws targets with any sampler of
 * {@link dev.surrogate.generative.sampling}; {@link dev.surrogate.generative.flow.FlowForecaster} makes it a
 * {@link dev.surrogate.operators.forecast.ProbabilisticForecaster} (members seeded per input, member and step; a
 * {@code next} flow rolls out), counting velocity evaluations and time.
 */
package dev.surrogate.generative.flow;
