package dev.surrogate.generative.flow;

/**
 * One training batch of flow matching, as flat float32 arrays (batch-major, then channels, then points): what
 * {@link FlowMatchingObjective} feeds the graph, and what an objective built on it (e.g. a physics residual on the
 * predicted clean sample) can reuse.
 *
 * @param size     examples in the batch
 * @param points   grid points per channel
 * @param t        path time per example {@code [size]}
 * @param input    the velocity network's input {@code [size, layout.inputChannels(), points]}
 * @param z0       noise {@code [size, targetChannels, points]}
 * @param z1       normalised target {@code [size, targetChannels, points]}
 * @param velocity target velocity {@code [size, targetChannels, points]}
 */
public record FlowBatch(int size, int points, double[] t, float[] input, float[] z0, float[] z1, float[] velocity) {
}
