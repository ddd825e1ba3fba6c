package dev.surrogate.uq.bnn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Gaussian likelihood's noise scale {@code sigma} (physical units of the predicted field): fixed, or sampled
 * with the weights as one more coordinate {@code log sigma} under the Jeffreys prior {@code p(sigma) ~ 1/sigma}
 * (flat in {@code log sigma}; the posterior is proper once there is any misfit).
 *
 * @param sampled whether {@code log sigma} is sampled
 * @param sigma   the fixed scale, or the starting scale when sampled; NaN: the RMS error of the starting weights
 *                on the training data
 */
public record NoiseModel(boolean sampled, double sigma) {

    /** Validates the scale. */
    public NoiseModel {
        if (!Double.isNaN(sigma) && !(sigma > 0 && Double.isFinite(sigma))) {
            throw new IllegalArgumentException("noise scale must be positive and finite, got " + sigma);
        }
    }

    /**
     * @param sigma fixed noise scale, positive
     * @return a fixed noise model
     */
    public static NoiseModel fixed(double sigma) {
        return new NoiseModel(false, sigma);
    }

    /** @return a noise scale fixed at the starting weights' RMS training error */
    public static NoiseModel fixedAtTrainingError() {
        return new NoiseModel(false, Double.NaN);
    }

    /** @return a sampled noise scale, started at the starting weights' RMS training error */
    public static NoiseModel sampledFromTrainingError() {
        return new NoiseModel(true, Double.NaN);
    }

    /**
     * Parses the command-line form: {@code sampled}, {@code fixed} (the training error) or a positive number (fixed
     * at that value).
     *
     * @param text the option value
     * @return the model
     * @throws IllegalArgumentException naming the text if it is none of these
     */
    public static NoiseModel parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("sampled")) {
            return sampledFromTrainingError();
        }
        if (t.equalsIgnoreCase("fixed")) {
            return fixedAtTrainingError();
        }
        try {
            return fixed(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("noise scale must be 'sampled', 'fixed' or a positive number, got '"
                    + text + "'");
        }
    }

    /** @return plain values for JSON */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampled", sampled);
        m.put("sigma", Double.isNaN(sigma) ? "training_rmse" : sigma);
        if (sampled) {
            m.put("prior", "Jeffreys, p(sigma) ~ 1/sigma");
        }
        return m;
    }
}
