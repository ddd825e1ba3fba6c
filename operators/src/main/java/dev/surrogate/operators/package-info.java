/**
 * Neural-operator surrogates on ND4J/SameDiff (float32, CPU). {@link dev.surrogate.operators.Nd4jRuntime} holds the
 * process-wide ND4J settings (quiet start-up, thread count); the sub-packages hold the layers, the models and
 * their training.
 */
package dev.surrogate.operators;
