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

    /** @return constructor arguments as plain values (numbers, strings, booleans), saved next to the weights */
    Map<String, Object> config();
}
