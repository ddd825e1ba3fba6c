package dev.surrogate.generative;

import dev.surrogate.generative.flow.FlowMatchingObjective;
import dev.surrogate.generative.flow.MeanFlowObjective;
import dev.surrogate.operators.training.Objective;

/** The module's registrations in the open registries of {@code operators}. */
public final class Generative {
    private static boolean registered;

    private Generative() {
    }

    /**
     * Registers the {@code flow} and {@code meanflow} training objectives (idempotent). Call it before reading a
     * model directory that may hold a flow model ({@link dev.surrogate.generative.flow.FlowModel#load} does).
     */
    public static synchronized void register() {
        if (registered) {
            return;
        }
        Objective.register(FlowMatchingObjective.TYPE, FlowMatchingObjective::fromConfig);
        Objective.register(MeanFlowObjective.TYPE, MeanFlowObjective::fromConfig);
        registered = true;
    }
}
