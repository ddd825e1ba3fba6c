/**
 * Training and using neural operators.
 *
 * <p>What is minimised and how are kept apart. An {@link dev.surrogate.operators.training.Objective} owns its
 * placeholders, how a batch of examples fills them, and its named scalar loss terms
 * ({@link dev.surrogate.operators.training.SupervisedObjective} is operator regression with one
 * {@link dev.surrogate.operators.losses.Loss}; flow matching and physics losses are further objectives, registered
 * in {@link dev.surrogate.operators.training.Objective#REGISTRY}). The one loop, the
 * {@link dev.surrogate.operators.training.Trainer}, runs every objective: Adam with decoupled weight decay, LR
 * schedules, validation, a checkpoint with optimiser state after every epoch and exact resume, progress, and
 * {@code history.csv} with a column per loss term. Terms combine by fixed weights or by a gradient rule that sees
 * each term's gradient ({@link dev.surrogate.operators.training.LossCombination},
 * {@link dev.surrogate.operators.training.ConflictFreeGradient}). Optimiser steps go through a
 * {@link dev.surrogate.operators.training.TrainingRun}, which does what SameDiff's {@code fit} does per batch but
 * keeps ND4J's native memory bounded, runs the step through {@link dev.surrogate.operators.ForwardExecutor} where it
 * can, and can also hand out gradients and apply a combined one.
 *
 * <p>A model directory ({@link dev.surrogate.operators.training.ModelDirectory}) holds {@code config.json} (model,
 * task, fields, normaliser, objective and training settings, for humans and for rebuilding everything),
 * {@code weights.npz} (NumPy-readable float32 arrays by variable name), {@code history.csv} (epoch, train loss,
 * validation loss, learning rate, seconds, then a training and a validation column per term when there are several)
 * and {@code checkpoint.npz} (weights, Adam moments and counters: everything a resumed run needs). Every file is
 * written to a temporary file and renamed ({@link dev.surrogate.datasets.io.AtomicFiles}). The
 * {@link dev.surrogate.operators.training.Predictor} rebuilds a trained model for any grid size.
 */
package dev.surrogate.operators.training;
