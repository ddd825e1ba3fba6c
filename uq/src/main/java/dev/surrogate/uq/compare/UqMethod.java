package dev.surrogate.uq.compare;

import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One uncertainty-quantification method as {@code uq compare} runs it: it fits itself (trains, resumes, or loads a
 * finished fit) in its own directory and answers a {@link ProbabilisticForecaster}. Methods are built by name from
 * {@link UqMethods#REGISTRY} with the comparison's {@link MethodOptions}; a method reads all its options when it is
 * built, so bad values fail before anything trains.
 */
public interface UqMethod {

    /**
     * A fitted method.
     *
     * @param forecaster  its forecasts
     * @param trainSeconds seconds its training took (as the method measures it; see its documentation)
     * @param trainedNow  whether this call trained (fully or partly), false if it only loaded
     * @param details     method-specific facts for the comparison's row (members, dropout rate, ...)
     */
    record Fitted(ProbabilisticForecaster forecaster, double trainSeconds, boolean trainedNow,
            Map<String, Object> details) {
        /** Defensive copy. */
        public Fitted {
            details = new LinkedHashMap<>(details);
        }
    }

    /**
     * @return the values the method was built with (e.g. members, dropout rate), recorded with its fit so a later
     *         run with other values does not resume it
     */
    default Map<String, Object> settings() {
        return Map.of();
    }

    /**
     * Fits the method in {@code dir}: loads it if a finished fit is there, resumes an interrupted one, or trains
     * from scratch (the last two only if {@link CompareContext#trainingAllowed()}).
     *
     * @param context shared data, task, recipe and seed
     * @param dir     the method's directory
     * @return the fitted method
     * @throws IllegalArgumentException if {@code dir} holds something that does not fit the context, or nothing
     *                                  finished while training is not allowed
     */
    Fitted fit(CompareContext context, Path dir);

    /**
     * Extra diagnostics of one batch of test inputs, averaged over the test set by the comparison (weighted by
     * batch size) and reported in the method's row; e.g. a deep ensemble's aleatoric and epistemic variance. The
     * default has none.
     *
     * @param fitted the fitted method
     * @param input  physical test inputs {@code [batch, inChannels, *space]}
     * @return mean of each quantity over the batch's values
     */
    default Map<String, Double> diagnostics(Fitted fitted, INDArray input) {
        return Map.of();
    }
}
