package dev.surrogate.operators.metrics;

/**
 * Receives every rollout an {@link Evaluator} makes, e.g. to measure more than the pointwise errors (the PDE
 * residual of the predicted trajectory, {@link PdeResidualMetric}).
 */
@FunctionalInterface
public interface RolloutListener {
    /** Ignores every rollout. */
    RolloutListener NONE = (sample, prediction, offset, steps) -> { };

    /**
     * One trajectory's rollout.
     *
     * @param sample     the trajectory's sample index in the evaluated data
     * @param prediction predicted snapshots {@code [steps, fields, points]} (the model's fields, in its order)
     *                   starting at {@code offset}; valid only during the call, not modified
     * @param offset     first value of this trajectory in {@code prediction}
     * @param steps      predicted snapshots; they follow the model's input window in time
     */
    void rollout(int sample, float[] prediction, int offset, int steps);
}
