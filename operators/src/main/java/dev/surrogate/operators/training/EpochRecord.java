package dev.surrogate.operators.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of the training history.
 *
 * @param epoch           1-based epoch number
 * @param trainLoss       mean training loss over the epoch's batches (weighted by batch size), before each update:
 *                        the minimised weighted sum for fixed weights, the plain sum of the terms for a gradient rule
 * @param validationLoss  the same on the validation examples after the epoch, NaN when there is no validation set
 * @param learningRate    learning rate used during the epoch
 * @param seconds         wall time of the epoch including validation, in seconds
 * @param trainTerms      mean of each loss term over the epoch, by term name; empty for an objective with one term
 *                        (its value is {@code trainLoss})
 * @param validationTerms each term on the validation examples; empty for one term or without validation
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double learningRate, double seconds,
        Map<String, Double> trainTerms, Map<String, Double> validationTerms) {

    /** CSV header of the columns every history has; objectives with several terms append theirs. */
    public static final String CSV_HEADER = "epoch,train_loss,val_loss,lr,seconds";

    /** Copies the maps, keeping their order. */
    public EpochRecord {
        trainTerms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(trainTerms));
        validationTerms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(validationTerms));
    }

    /**
     * A record of an objective with a single loss term.
     *
     * @param epoch          1-based epoch
     * @param trainLoss      mean training loss
     * @param validationLoss validation loss or NaN
     * @param learningRate   learning rate
     * @param seconds        wall time
     */
    public EpochRecord(int epoch, double trainLoss, double validationLoss, double learningRate, double seconds) {
        this(epoch, trainLoss, validationLoss, learningRate, seconds, Map.of(), Map.of());
    }

    /**
     * @param terms the objective's term names when it has several, else empty
     * @return the CSV header: {@link #CSV_HEADER}, then {@code train_<term>} and {@code val_<term>} per term
     */
    public static String csvHeader(List<String> terms) {
        StringBuilder s = new StringBuilder(CSV_HEADER);
        for (String t : terms) {
            s.append(",train_").append(t).append(",val_").append(t);
        }
        return s.toString();
    }

    /** @return one CSV line (no newline) in the order of {@link #csvHeader}; a missing value is an empty field */
    public String toCsv() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d,%.8g,%s,%.6g,%.3f", epoch, trainLoss,
                number(validationLoss), learningRate, seconds));
        for (Map.Entry<String, Double> e : trainTerms.entrySet()) {
            s.append(',').append(number(e.getValue()));
            s.append(',').append(number(validationTerms.getOrDefault(e.getKey(), Double.NaN)));
        }
        return s.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.8g", v);
    }

    /** @return plain values for JSON (exact doubles, so a resumed history is bit-identical) */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("train_loss", trainLoss);
        m.put("val_loss", Double.isNaN(validationLoss) ? null : validationLoss);
        m.put("lr", learningRate);
        m.put("seconds", seconds);
        if (!trainTerms.isEmpty()) {
            m.put("train_terms", jsonTerms(trainTerms));
        }
        if (!validationTerms.isEmpty()) {
            m.put("val_terms", jsonTerms(validationTerms));
        }
        return m;
    }

    private static Map<String, Object> jsonTerms(Map<String, Double> terms) {
        Map<String, Object> out = new LinkedHashMap<>();
        terms.forEach((k, v) -> out.put(k, Double.isNaN(v) ? null : v));
        return out;
    }

    /**
     * @param m a map written by {@link #toMap()}
     * @return the record
     */
    public static EpochRecord fromMap(Map<String, ?> m) {
        Object val = m.get("val_loss");
        return new EpochRecord(((Number) m.get("epoch")).intValue(), ((Number) m.get("train_loss")).doubleValue(),
                val == null ? Double.NaN : ((Number) val).doubleValue(), ((Number) m.get("lr")).doubleValue(),
                ((Number) m.get("seconds")).doubleValue(), terms(m.get("train_terms")), terms(m.get("val_terms")));
    }

    private static Map<String, Double> terms(Object o) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(e.getKey().toString(), e.getValue() instanceof Number n ? n.doubleValue() : Double.NaN);
            }
        }
        return out;
    }
}
