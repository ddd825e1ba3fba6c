/**
 * Training and using neural operators: the {@link dev.surrogate.operators.training.Trainer} (Adam with weight
 * decay, LR schedules, validation, checkpoints with optimiser state and exact resume; its optimiser steps go through
 * a {@link dev.surrogate.operators.training.TrainingRun}, which does what SameDiff's {@code fit} does per batch
 * but keeps ND4J's native memory bounded), the on-disk {@link dev.surrogate.operators.training.ModelDirectory} and the
 * {@link dev.surrogate.operators.training.Predictor} that rebuilds a trained model for any grid size.
 *
 * <p>A model directory holds {@code config.json} (model, task, fields, normaliser and training settings, for
 * humans and for rebuilding the model), {@code weights.npz} (NumPy-readable float32 arrays by variable name),
 * {@code history.csv} (epoch, train loss, validation loss, learning rate, seconds) and {@code checkpoint.npz}
 * (weights, Adam moments and counters: everything a resumed run needs). Every file is written to a temporary
 * file and renamed ({@link dev.surrogate.datasets.io.AtomicFiles}).
 */
package dev.surrogate.operators.training;
