package dev.surrogate.datasets.generate;

/**
 * Receives progress of long work, e.g. to drive a progress bar; every hook defaults to a no-op. Called from the
 * thread that runs the work, in order.
 */
public interface ProgressListener {

    /** @param total units of work (e.g. samples) about to be done */
    default void started(long total) {
    }

    /**
     * @param done  units finished so far (e.g. samples written)
     * @param total units in all
     */
    default void progress(long done, long total) {
    }

    /**
     * Progress inside long units, e.g. samples that take minutes each: called about once a second while the work
     * waits for a unit to finish. The default forwards nothing (the integer {@link #progress} still comes when a
     * unit is done).
     *
     * @param done  units finished so far plus the fraction done of those under way (for a dataset: the simulated
     *              time reached in each running sample over its final time)
     * @param total units in all
     */
    default void partialProgress(double done, long total) {
    }

    /** Called once when the work ended, successfully or not. */
    default void finished() {
    }

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };
}
