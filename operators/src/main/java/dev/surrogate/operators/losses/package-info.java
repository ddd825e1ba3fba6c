/**
 * Training losses as SameDiff graph pieces: {@link dev.surrogate.operators.losses.LpLoss} (relative or absolute
 * L^p norm with quadrature weights, the neural-operator default) and {@link dev.surrogate.operators.losses.MseLoss}.
 * A model never sees a loss; the trainer joins them.
 */
package dev.surrogate.operators.losses;
