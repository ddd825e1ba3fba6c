/**
 * Training data for neural operators: where fields come from ({@link dev.surrogate.operators.data.FieldSource}),
 * which input/output pairs a task cuts from them ({@link dev.surrogate.operators.data.Task}), how they are
 * normalised ({@link dev.surrogate.operators.data.Normalizer}) and how mini-batches are streamed
 * ({@link dev.surrogate.operators.data.BatchIterator}).
 *
 * <p>Layout everywhere: channels first, x fastest. One snapshot of one field is {@code float[points]} with
 * {@code points = nx} (1-D) or {@code ny * nx} (2-D); a batch is {@code [batch, channels, nx]} or
 * {@code [batch, channels, ny, nx]}.
 */
package dev.surrogate.operators.data;
