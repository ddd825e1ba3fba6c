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
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, double weightDecay,
        LrSchedule schedule, long seed) {

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

    /** @return a copy with another number of epochs (used to extend a resumed run) */
    public TrainingSettings withEpochs(int newEpochs) {
        return new TrainingSettings(newEpochs, batchSize, learningRate, weightDecay, schedule, seed);
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
                    LrSchedule.fromMap((Map<String, ?>) m.get("schedule")), ((Number) m.get("seed")).longValue());
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("incomplete training settings " + m, e);
        }
    }
}
