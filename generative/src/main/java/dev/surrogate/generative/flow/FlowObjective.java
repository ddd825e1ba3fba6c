package dev.surrogate.generative.flow;

import dev.surrogate.operators.training.Objective;
import java.util.Set;

/**
 * A training objective whose model is a flow: a network of a {@link FlowLayout} that carries noise to the task's
 * targets, either a velocity ({@link FlowMatchingObjective}) or an average velocity over intervals
 * ({@link MeanFlowObjective}); {@link FlowModel} draws from either.
 */
public interface FlowObjective extends Objective {
    /** Objective types that are flows. */
    Set<String> TYPES = Set.of(FlowMatchingObjective.TYPE, MeanFlowObjective.TYPE);

    /** @return the method's choices (noise, path, training times) */
    FlowSettings settings();

    /** @return the network's input layout and statistics */
    FlowLayout layout();
}
