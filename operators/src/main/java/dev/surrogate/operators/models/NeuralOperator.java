package dev.surrogate.operators.models;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A neural operator that can add its forward pass to a SameDiff graph. Models only compose layers; they know
 * nothing about losses, optimisers or data (see the {@code training} package).
 *
 * <p>Shapes at the boundary are always channels-first, like the datasets: input
 * {@code [batch, inChannels, nx]} (1-D) or {@code [batch, inChannels, ny, nx]} (2-D), output the same with
 * {@code outChannels}. A model may use any layout inside. Trainable variables get stable names, so weights saved
 * from one graph load into a graph built for another grid size (resolution independence: FNO bases are built
 * for the {@code spatialShape} given here, the weights do not depend on it).
 *
 * <p>The batch dimension is dynamic (placeholders may use {@code -1}); trainable variables and constants are
 * created in the data type of {@code input}, so a {@code DOUBLE} graph serves gradient checks and a {@code FLOAT}
 * graph training. Calling {@code forward} twice on the same graph reuses the existing variables (weight sharing).
 *
 * <p>Stochastic layers: a model configured with dropout builds a graph whose dropout is ACTIVE (training mode)
 * right after {@link #forward}; call {@link #setDropoutActive(SameDiff, boolean) setDropoutActive(sd, false)} for
 * deterministic evaluation and {@code true} again for training or Monte Carlo dropout sampling. The masks come
 * from ND4J's random generator: seed it ({@code Nd4j.getRandom().setSeed}) for reproducible masks.
 */
public interface NeuralOperator {

    /**
     * Adds the model's trainable variables (created once per graph) and its forward pass.
     *
     * @param sd           the graph
     * @param input        {@code [batch, inChannels, *spatialShape]}
     * @param spatialShape grid size of this graph, {@code {nx}} or {@code {ny, nx}}
     * @return output variable {@code [batch, outChannels, *spatialShape]}
     */
    SDVariable forward(SameDiff sd, SDVariable input, int[] spatialShape);

    /** @return number of input channels */
    int inChannels();

    /** @return number of output channels */
    int outChannels();

    /** @return spatial dimensions, 1 or 2 */
    int spatialDims();

    /**
     * Whether the model predicts a Gaussian per output value (deep-ensemble style heteroscedastic head). If true,
     * {@link #forward} returns {@code [batch, 2 * outChannels, *spatialShape]}: channels {@code [0, outChannels)}
     * are the mean, channels {@code [outChannels, 2 outChannels)} the log-variance (already bounded below by the
     * model's variance floor), both in the units of the (normalised) targets.
     *
     * @return true for a mean plus log-variance output
     */
    default boolean heteroscedastic() {
        return false;
    }

    /**
     * Switches the dropout layers of a graph built by {@link #forward} on or off. No-op for a model without
     * dropout.
     *
     * @param sd     a graph on which {@link #forward} was called
     * @param active true: draw fresh channel masks on every execution (training, MC dropout); false: identity
     */
    default void setDropoutActive(SameDiff sd, boolean active) {
    }

    /** @return constructor arguments as plain values (numbers, strings, booleans), saved next to the weights */
    Map<String, Object> config();
}
