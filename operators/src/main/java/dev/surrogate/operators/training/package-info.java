/**
 * Training and using neural operators: the {@link dev.surrogate.operators.training.Trainer} (Adam with weight
 * decay through SameDiff's {@code fit}, LR schedules, validation, checkpoints with optimiser state and exact
 * resume), the on-disk {@link dev.surrogate.operators.training.ModelDirectory} and the
 * {@link dev.surrogate.operators.training.Predictor} that rebuilds a trained model for any grid size.
 *
 * <p>A model directory holds {@code config.json} (model, task, fields, normaliser and training settings, for
 * humans and for rebuilding the model), {@code weights.npz} (NumPy-readable float32 arrays by variable name),
 * {@code history.csv} (epoch, train loss, validation loss, learning rate, seconds) and {@code checkpoint.npz}
 * (weights, Adam moments and counters: everything a resumed run needs). Every file is written to a temporary
 * file and renamed.
 */
package dev.surrogate.operators.training;
