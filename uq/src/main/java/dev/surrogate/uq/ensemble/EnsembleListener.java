package dev.surrogate.uq.ensemble;

import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.TrainingListener;
import java.util.List;

/**
 * Observer of an ensemble's training. Every hook defaults to doing nothing. When members train in parallel the
 * hooks (and the training listeners they hand out) are called from several threads at once: implementations must
 * be thread-safe then.
 */
public interface EnsembleListener {

    /**
     * Called before member {@code member} trains (from scratch or from its checkpoint).
     *
     * @param member     member number
     * @param members    ensemble size
     * @param epochsDone epochs already in its checkpoint (0 when it starts from scratch)
     * @param epochs     epochs it will have when done
     * @return the listener of that member's training run
     */
    default TrainingListener memberStarted(int member, int members, int epochsDone, int epochs) {
        return new TrainingListener() { };
    }

    /**
     * Called instead of {@link #memberStarted} for a member that has already trained all its epochs.
     *
     * @param member     member number
     * @param epochsDone epochs in its checkpoint
     */
    default void memberSkipped(int member, int epochsDone) {
    }

    /**
     * Called when a member has trained its last epoch.
     *
     * @param member  member number
     * @param history its full history, earlier sessions included
     */
    default void memberDone(int member, List<EpochRecord> history) {
    }
}
