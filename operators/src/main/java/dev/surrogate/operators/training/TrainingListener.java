package dev.surrogate.operators.training;

/**
 * Observer of a training run (progress bars, logging, early plots). Every hook defaults to doing nothing.
 * Hooks run on the training thread between steps; keep them cheap.
 */
public interface TrainingListener {

    /**
     * @param epoch   1-based epoch about to start
     * @param epochs  total epochs of the run
     * @param batches mini-batches in this epoch
     */
    default void epochStarted(int epoch, int epochs, int batches) {
    }

    /**
     * @param epoch 1-based epoch
     * @param batch 1-based batch number within the epoch
     * @param loss  training loss of this batch (before the update)
     */
    default void batchDone(int epoch, int batch, double loss) {
    }

    /**
     * Called after the epoch's checkpoint is safely on disk.
     *
     * @param record the epoch's history line
     */
    default void epochDone(EpochRecord record) {
    }
}
