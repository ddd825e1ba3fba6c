/**
 * Differentiable PDE residuals for SameDiff graphs, and the residual of whole files.
 *
 * <p>{@link dev.surrogate.operators.physics.PdeResidual} evaluates {@code r = D_t u - F(u)} on a window of
 * snapshots {@code [batch, time, fields, *space]} with per-sample parameters {@code [batch, P]}: {@code F} is the
 * semi-discrete right-hand side of the {@code pde} solver (Burgers 1-D, Navier-Stokes 2-D in vorticity form with its
 * forcing, Gray-Scott and FitzHugh-Nagumo 2-D), built from the solver's own symbols and written out as DFT matrices
 * ({@link dev.surrogate.operators.physics.SpectralDerivatives}, a truncated 2-D DFT for the non-separable
 * Biot-Savart law); {@code D_t} is a {@link dev.surrogate.operators.physics.TimeDifference} of order 2, 4 or 6
 * over uniformly spaced snapshots. {@link dev.surrogate.operators.physics.DatasetPhysics} builds the right residual
 * from a file's attributes and parameters; {@link dev.surrogate.operators.physics.DatasetResidual} evaluates a whole
 * file with the {@code double[]} reference of {@code pde.residual}, which the SameDiff residual matches to
 * float32 round-off (tests).
 *
 * <p>Conventions (those of the solver; see {@code dev.surrogate.pde.residual}): mode j on {@code [0, L)} has
 * angular wavenumber {@code k = 2 pi j / L}, so {@code d/dx} is {@code i k} (the {@code 2 pi / L} lives in k;
 * forgetting it, or using integer j, scales every derivative by {@code L / 2 pi}); the Nyquist mode's first
 * derivative is zero; quadratic terms are dealiased exactly where the solver dealiases them (Burgers: the state
 * and the product's derivative; Navier-Stokes: the vorticity before the velocity and the advection term), the
 * reaction terms not at all.
 */
package dev.surrogate.operators.physics;
