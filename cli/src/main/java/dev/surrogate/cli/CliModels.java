package dev.surrogate.cli;

import dev.surrogate.operators.models.NeuralOperator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model names {@code train MODEL} accepts and how command-line options become a model. Other modules (and
 * tests) add names with {@link #register}.
 */
public final class CliModels {

    /** Builds a model from the command line's options. */
    @FunctionalInterface
    public interface Builder {
        /**
         * @param options     architecture options
         * @param inChannels  input channels the task needs
         * @param outChannels output channels the task needs
         * @param spatialDims 1 or 2 (from the data)
         * @param seed        run seed (for the model's own initialisation)
         * @return the model
         * @throws IllegalArgumentException if the options do not fit this model
         */
        NeuralOperator build(ModelOptions options, int inChannels, int outChannels, int spatialDims, long seed);
    }

    private static final Map<String, Builder> BUILDERS = new ConcurrentHashMap<>();

    static {
        BuiltinCliModels.registerAll();
    }

    private CliModels() {
    }

    /**
     * @param name    name on the command line (e.g. {@code fno})
     * @param builder how to build it
     */
    public static void register(String name, Builder builder) {
        BUILDERS.put(name, builder);
    }

    /** @return known names, sorted */
    public static Set<String> names() {
        return new TreeSet<>(BUILDERS.keySet());
    }

    static NeuralOperator build(String name, ModelOptions options, int in, int out, int dims, long seed) {
        Builder b = BUILDERS.get(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + names());
        }
        return b.build(options, in, out, dims, seed);
    }
}
