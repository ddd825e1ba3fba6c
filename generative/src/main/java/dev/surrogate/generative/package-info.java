/**
 * Generative surrogates: conditional flow matching on the toolkit's neural operators.
 *
 * <p>{@link dev.surrogate.generative.flow} holds the method (probability path, noise, time distribution, the
 * training objective, the trained model that draws forecasts); {@link dev.surrogate.generative.sampling} the ODE
 * samplers that integrate a learned velocity field from noise at {@code t = 0} to data at {@code t = 1}.
 * {@link dev.surrogate.generative.Generative#register()} adds this module's objective to the registries of the
 * {@code operators} module, so that saved flow models can be resumed and loaded.
 */
package dev.surrogate.generative;
