package dev.surrogate.generative;

import dev.surrogate.generative.flow.FilmFno;
import dev.surrogate.generative.flow.FlowMatchingObjective;
import dev.surrogate.generative.flow.MeanFlowObjective;
import dev.surrogate.operators.training.ModelRegistry;
import dev.surrogate.operators.training.Objective;

/** The module's registrations in the open registries of {@code operators}. */
public final class Generative {
    private static boolean registered;

    private Generative() {
    }

    /**
     * Registers the {@code flow} and {@code meanflow} training objectives and the {@code film_fno} velocity network
     * (idempotent). Call it before reading a model directory that may hold a flow model
     * ({@link dev.surrogate.generative.flow.FlowModel#load} does).
     */
    public static synchronized void register() {
        if (registered) {
            return;
        }
        Objective.register(FlowMatchingObjective.TYPE, FlowMatchingObjective::fromConfig);
        Objective.register(MeanFlowObjective.TYPE, MeanFlowObjective::fromConfig);
        ModelRegistry.register(FilmFno.MODEL, FilmFno.class, FilmFno::fromConfig);
        registered = true;
    }
}
