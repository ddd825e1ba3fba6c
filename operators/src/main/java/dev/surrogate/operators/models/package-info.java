/**
 * Neural operators behind one interface, {@link dev.surrogate.operators.models.NeuralOperator}: the Fourier neural
 * operator in 1-D and 2-D ({@link dev.surrogate.operators.models.Fno1d}, {@link
 * dev.surrogate.operators.models.Fno2d}) and DeepONet ({@link dev.surrogate.operators.models.DeepOnet}). Each has
 * a config record, saved as a plain map ({@code config()}) and rebuilt by {@link
 * dev.surrogate.operators.training.ModelRegistry#create(java.util.Map)}; weights are loaded by variable name
 * into a graph built for any grid size.
 *
 * <p>At the boundary every model takes and returns channels-first tensors like the datasets
 * ({@code [batch, channels, nx]}, {@code [batch, channels, ny, nx]}); the FNOs permute once to their x-major inside
 * layout (see the {@code layers} package for the measurements behind it) and once back, and append the normalised
 * grid coordinates as input channels by splitting the lifting weight, so the coordinates are never tiled over the
 * batch.
 */
package dev.surrogate.operators.models;
