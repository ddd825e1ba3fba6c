package dev.surrogate.operators.training;

/** Registers the toolkit's own operators with {@link ModelRegistry}. */
final class BuiltinModels {
    private BuiltinModels() {
    }

    static void registerAll() {
        // the models package registers its operators here once they exist (FNO 1-D/2-D, DeepONet)
    }
}
