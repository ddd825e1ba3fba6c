/**
 * Physics in flow-matching training, PBFM's way (tum-pbs/PBFM):
 * {@link dev.surrogate.generative.physics.UnrolledResidual} adds the PDE residual of the clean sample that the velocity network reaches from {@code z_t} in unrolled Euler
 * steps as a second loss term, {@link dev.surrogate.generative.physics.ResidualSettings} holds its choices (time
 * weight, time-difference order, unrolling curriculum). The residual itself is the {@code operators} module's
 * differentiable one, built from the solver's own operators.
 */
package dev.surrogate.generative.physics;
