/**
 * The comparison of uncertainty-quantification methods behind {@code uq compare}: an open list of methods by name
 * ({@link dev.surrogate.uq.compare.UqMethods#REGISTRY}; {@code ensemble} and {@code dropout} built in, other modules
 * register theirs, e.g. HMC and the flow-matching surrogate), each fitted in its own directory (resumable, or loaded
 * when finished), calibrated by split conformal prediction on a held-out part of the training data and scored on a
 * test set before and after calibration ({@link dev.surrogate.uq.compare.UqComparison}).
 *
 * <p>Adding a method: implement {@link dev.surrogate.uq.compare.UqMethod} (fit in a directory, answer a
 * probabilistic forecaster; read options from {@link dev.surrogate.uq.compare.MethodOptions} in the constructor)
 * and register a factory under its name.
 */
package dev.surrogate.uq.compare;
