package dev.surrogate.uq.compare;

import dev.surrogate.operators.training.TrainingListener;

/**
 * Progress of a comparison (the command line prints it on stderr). Hooks default to doing nothing; methods that
 * train several models at once call them from several threads, so implementations must be thread-safe.
 */
public interface CompareListener {

    /**
     * @param line a progress or warning line (no trailing newline)
     */
    default void note(String line) {
    }

    /**
     * @param label what trains, e.g. {@code "ensemble member 2/5"} or {@code "dropout"}
     * @return the listener of that training run
     */
    default TrainingListener training(String label) {
        return new TrainingListener() { };
    }

    /**
     * @param label what is evaluated, e.g. {@code "ensemble: test"}
     * @param done  inputs done
     * @param total inputs in all
     */
    default void evaluated(String label, int done, int total) {
    }
}
