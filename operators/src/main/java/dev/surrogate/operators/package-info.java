/**
 * Neural-operator surrogates on ND4J/SameDiff (float32, CPU). {@link dev.surrogate.operators.Nd4jRuntime} holds the
 * process-wide ND4J settings (quiet start-up, thread count); the sub-packages hold the layers, the models, their
 * training, their metrics and probabilistic forecasts ({@code forecast}).
 */
package dev.surrogate.operators;
