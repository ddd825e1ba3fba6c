/**
 * Neural-operator surrogates on ND4J/SameDiff (float32, CPU). {@link dev.surrogate.operators.Nd4jRuntime} holds the
 * process-wide ND4J settings (quiet start-up, thread count); the sub-packages hold the layers, the models, their
 * training, their metrics and probabilistic forecasts ({@code forecast}).
 *
 * <p>How graphs run: models are SameDiff graphs, and the gradient graph is edited after SameDiff builds it
 * ({@link dev.surrogate.operators.GradientRewrites}: no gradients of constant factors, GELU's derivative from its
 * forward sigmoid, broadcast gradients by a sum). Forward passes and training steps then run through
 * {@link dev.surrogate.operators.ForwardExecutor}, which executes the same ops without SameDiff's per-op
 * bookkeeping, with buffers pooled by liveness and GELU and sigmoid on the JVM
 * ({@link dev.surrogate.operators.ActivationKernel}); graphs it does not support (random ops such as dropout, control
 * flow) and graphs with listeners run through SameDiff's own session, as does everything with
 * {@code -Dsurrogate.forward=samediff}.
 */
package dev.surrogate.operators;
