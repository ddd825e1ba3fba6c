package dev.surrogate.cli;

import dev.surrogate.operators.forecast.Forecasters;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.uq.UqForecasters;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The probabilistic forecaster behind a model directory, for {@code predict --samples} and
 * {@code evaluate --samples}: a uq model (e.g. an HMC posterior) if the directory holds one, else the trained
 * model's own (heteroscedastic head or dropout).
 */
final class CliForecasters {
    private CliForecasters() {
    }

    /**
     * @param dir     the model directory
     * @param p       its trained model
     * @param samples the requested number of members (for the message)
     * @return the forecaster
     * @throws IllegalArgumentException if the model is deterministic
     */
    static ProbabilisticForecaster of(Path dir, Predictor p, int samples) {
        Optional<ProbabilisticForecaster> uq = UqForecasters.open(dir);
        if (uq.isPresent()) {
            return uq.get();
        }
        if (!Forecasters.isProbabilistic(p)) {
            throw new IllegalArgumentException("--samples " + samples + " needs a probabilistic model "
                    + "(heteroscedastic, with dropout, a flow, or an HMC posterior); " + dir + " is deterministic");
        }
        return Forecasters.of(p);
    }
}
