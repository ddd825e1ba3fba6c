package dev.surrogate.operators.training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One line of the training history.
 *
 * @param epoch          1-based epoch number
 * @param trainLoss      mean training loss over the epoch's batches (weighted by batch size), before each update
 * @param validationLoss loss on the validation pairs after the epoch, NaN when there is no validation set
 * @param learningRate   learning rate used during the epoch
 * @param seconds        wall time of the epoch including validation, in seconds
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double learningRate, double seconds) {

    /** CSV header matching {@link #toCsv()}. */
    public static final String CSV_HEADER = "epoch,train_loss,val_loss,lr,seconds";

    /** @return one CSV line (no newline); a missing validation loss is an empty field */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%.8g,%s,%.6g,%.3f", epoch, trainLoss,
                Double.isNaN(validationLoss) ? "" : String.format(Locale.ROOT, "%.8g", validationLoss),
                learningRate, seconds);
    }

    /** @return plain values for JSON (exact doubles, so a resumed history is bit-identical) */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("train_loss", trainLoss);
        m.put("val_loss", Double.isNaN(validationLoss) ? null : validationLoss);
        m.put("lr", learningRate);
        m.put("seconds", seconds);
        return m;
    }

    /**
     * @param m a map written by {@link #toMap()}
     * @return the record
     */
    public static EpochRecord fromMap(Map<String, ?> m) {
        Object val = m.get("val_loss");
        return new EpochRecord(((Number) m.get("epoch")).intValue(), ((Number) m.get("train_loss")).doubleValue(),
                val == null ? Double.NaN : ((Number) val).doubleValue(), ((Number) m.get("lr")).doubleValue(),
                ((Number) m.get("seconds")).doubleValue());
    }
}
