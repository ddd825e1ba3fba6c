package dev.surrogate.operators.training;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Adapts an {@link LrSchedule} to ND4J's {@link ISchedule}: SameDiff passes its training config's epoch counter,
 * which the {@link Trainer} keeps equal to the 0-based epoch (also across a resume).
 */
final class EpochSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private final double base;
    private final LrSchedule schedule;

    EpochSchedule(double base, LrSchedule schedule) {
        this.base = base;
        this.schedule = schedule;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return schedule.at(base, epoch);
    }

    /** Immutable, so a clone is the same object. */
    @Override
    public ISchedule clone() {
        return this;
    }
}
