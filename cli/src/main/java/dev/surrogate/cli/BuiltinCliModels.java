package dev.surrogate.cli;

/** The toolkit's own {@code train MODEL} names. */
final class BuiltinCliModels {
    private BuiltinCliModels() {
    }

    static void registerAll() {
        // fno and deeponet are registered here once the models package provides them
    }
}
