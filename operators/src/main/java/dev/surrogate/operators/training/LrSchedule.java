package dev.surrogate.operators.training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Learning rate as a function of the epoch (0-based), constant within an epoch.
 *
 * <ul>
 *   <li>{@link Constant}: {@code lr0};</li>
 *   <li>{@link Step}: {@code lr0 * gamma^floor(epoch / every)}, the FNO reference setting (every 100 of 500 epochs,
 *       gamma 0.5);</li>
 *   <li>{@link Cosine}: {@code min + (lr0 - min) (1 + cos(pi epoch / epochs)) / 2}, annealed over the run.</li>
 * </ul>
 */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.Step, LrSchedule.Cosine {

    /**
     * @param base  initial learning rate
     * @param epoch epoch index, 0-based
     * @return learning rate of that epoch
     */
    double at(double base, int epoch);

    /** @return plain values for the config JSON, with key {@code type} */
    Map<String, Object> toMap();

    /**
     * The schedule of a run re-planned from {@code epochs} to {@code newEpochs} epochs: its decay points scale with
     * the run's length, so an extended run continues at the rates a run planned for the new length would use
     * (rather than at the old end's rate: 0 for a finished cosine), and a shortened one ends its decay earlier.
     *
     * @param epochs    length the schedule was planned for
     * @param newEpochs the new length
     * @return the re-planned schedule
     */
    LrSchedule replan(int epochs, int newEpochs);

    /**
     * @param m a map written by {@link #toMap()}
     * @return the schedule
     */
    static LrSchedule fromMap(Map<String, ?> m) {
        String type = String.valueOf(m.get("type"));
        switch (type) {
            case "constant":
                return new Constant();
            case "step":
                return new Step(((Number) m.get("every")).intValue(), ((Number) m.get("gamma")).doubleValue());
            case "cosine":
                return new Cosine(((Number) m.get("epochs")).intValue(), ((Number) m.get("min_lr")).doubleValue());
            default:
                throw new IllegalArgumentException("unknown learning-rate schedule '" + type + "' in " + m);
        }
    }

    /**
     * @param name   {@code constant}, {@code step} or {@code cosine}
     * @param epochs total epochs of the run (cosine length; the step interval is a quarter of it, at least 1)
     * @return a schedule with the toolkit's defaults
     */
    static LrSchedule of(String name, int epochs) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "constant":
                return new Constant();
            case "step":
                return new Step(Math.max(1, epochs / 4), 0.5);
            case "cosine":
                return new Cosine(epochs, 0);
            default:
                throw new IllegalArgumentException("unknown learning-rate schedule '" + name
                        + "': expected constant, step or cosine");
        }
    }

    /** No decay. */
    record Constant() implements LrSchedule {
        @Override
        public double at(double base, int epoch) {
            return base;
        }

        @Override
        public LrSchedule replan(int epochs, int newEpochs) {
            return this;
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "constant");
            return m;
        }
    }

    /**
     * Multiply by {@code gamma} every {@code every} epochs.
     *
     * @param every interval in epochs, at least 1
     * @param gamma factor in (0, 1]
     */
    record Step(int every, double gamma) implements LrSchedule {
        /** Validates the arguments. */
        public Step {
            if (every < 1 || !(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("step schedule needs every >= 1 and gamma in (0, 1], got every="
                        + every + ", gamma=" + gamma);
            }
        }

        @Override
        public double at(double base, int epoch) {
            return base * Math.pow(gamma, epoch / every);
        }

        @Override
        public LrSchedule replan(int epochs, int newEpochs) {
            return new Step(Math.max(1, (int) Math.round((double) every * newEpochs / epochs)), gamma);
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "step");
            m.put("every", every);
            m.put("gamma", gamma);
            return m;
        }
    }

    /**
     * Cosine annealing from the base rate to {@code minLr} over {@code epochs} epochs (then held at {@code minLr}).
     *
     * @param epochs annealing length, at least 1
     * @param minLr  final rate, at least 0
     */
    record Cosine(int epochs, double minLr) implements LrSchedule {
        /** Validates the arguments. */
        public Cosine {
            if (epochs < 1 || !(minLr >= 0)) {
                throw new IllegalArgumentException("cosine schedule needs epochs >= 1 and min_lr >= 0, got epochs="
                        + epochs + ", min_lr=" + minLr);
            }
        }

        @Override
        public double at(double base, int epoch) {
            int e = Math.min(epoch, epochs);
            return minLr + (base - minLr) * 0.5 * (1 + Math.cos(Math.PI * e / epochs));
        }

        @Override
        public LrSchedule replan(int oldEpochs, int newEpochs) {
            return new Cosine(Math.max(1, (int) Math.round((double) epochs * newEpochs / oldEpochs)), minLr);
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "cosine");
            m.put("epochs", epochs);
            m.put("min_lr", minLr);
            return m;
        }
    }
}
