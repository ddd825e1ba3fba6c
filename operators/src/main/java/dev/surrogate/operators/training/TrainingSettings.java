package dev.surrogate.operators.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to optimise: Adam with decoupled weight decay, learning-rate schedule, batching and seed. Stored in the
 * model's config JSON. (The loss is a separate collaborator of the {@link Trainer}.)
 *
 * @param epochs       number of passes over the training pairs, at least 1
 * @param batchSize    pairs per mini-batch, at least 1
 * @param learningRate Adam's initial step size, positive
 * @param weightDecay  decoupled weight decay per step, {@code w -= lr * weightDecay * w} (AdamW style), at least 0
 * @param schedule     learning rate per epoch
 * @param seed         seed of the weight initialisation, shuffling and dropout
 * @param combination  how the objective's loss terms become one update (irrelevant for a single term)
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, double weightDecay,
        LrSchedule schedule, long seed, LossCombination combination) {

    /** Validates the arguments. */
    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0 and finite, got " + weightDecay);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("a learning-rate schedule is required");
        }
        if (combination == null) {
            throw new IllegalArgumentException("a loss combination is required (LossCombination.sum())");
        }
    }

    /**
     * Settings whose loss terms are summed with unit weights (the usual case, and the only one for a single term).
     *
     * @param epochs       epochs
     * @param batchSize    batch size
     * @param learningRate initial learning rate
     * @param weightDecay  decoupled weight decay
     * @param schedule     learning-rate schedule
     * @param seed         seed
     */
    public TrainingSettings(int epochs, int batchSize, double learningRate, double weightDecay, LrSchedule schedule,
            long seed) {
        this(epochs, batchSize, learningRate, weightDecay, schedule, seed, LossCombination.sum());
    }

    /**
     * The FNO reference recipe scaled to {@code epochs}: batch 20, Adam lr 1e-3, weight decay 1e-4, step decay by
     * 0.5 every quarter of the run.
     *
     * @param epochs number of epochs
     * @param seed   seed
     * @return settings
     */
    public static TrainingSettings defaults(int epochs, long seed) {
        return new TrainingSettings(epochs, 20, 1e-3, 1e-4, LrSchedule.of("step", epochs), seed);
    }

    /**
     * Re-plans the run to another length, for resuming with a new total: the learning-rate schedule is re-planned
     * too ({@link LrSchedule#replan}), so the epochs after the resume point get the rates a run planned for
     * {@code newEpochs} from the start would use there.
     *
     * @param newEpochs the new total number of epochs
     * @return a copy with that length and the re-planned schedule
     */
    public TrainingSettings withEpochs(int newEpochs) {
        return new TrainingSettings(newEpochs, batchSize, learningRate, weightDecay,
                newEpochs == epochs ? schedule : schedule.replan(epochs, newEpochs), seed, combination);
    }

    /**
     * @param c how loss terms combine
     * @return a copy with that combination
     */
    public TrainingSettings withCombination(LossCombination c) {
        return new TrainingSettings(epochs, batchSize, learningRate, weightDecay, schedule, seed, c);
    }

    /** @return plain values for the config JSON */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", "adam");
        m.put("learning_rate", learningRate);
        m.put("weight_decay", weightDecay);
        m.put("schedule", schedule.toMap());
        m.put("seed", seed);
        m.put("combination", combination.toMap());
        return m;
    }

    /**
     * @param m a map written by {@link #toMap()}
     * @return the settings
     */
    @SuppressWarnings("unchecked")
    public static TrainingSettings fromMap(Map<String, ?> m) {
        try {
            return new TrainingSettings(((Number) m.get("epochs")).intValue(),
                    ((Number) m.get("batch_size")).intValue(), ((Number) m.get("learning_rate")).doubleValue(),
                    ((Number) m.get("weight_decay")).doubleValue(),
                    LrSchedule.fromMap((Map<String, ?>) m.get("schedule")), ((Number) m.get("seed")).longValue(),
                    LossCombination.fromMap((Map<String, ?>) m.get("combination")));
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("incomplete training settings " + m, e);
        }
    }
}
