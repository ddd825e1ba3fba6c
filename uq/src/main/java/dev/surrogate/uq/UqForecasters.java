package dev.surrogate.uq;

import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import dev.surrogate.uq.bnn.PosteriorDirectory;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the probabilistic forecaster of a model directory written by this module, for the commands that draw
 * forecasts ({@code predict --samples}, {@code evaluate --samples}): a sampled Bayesian operator
 * ({@link PosteriorDirectory}). A plain model directory gives nothing here (its forecaster, if any, comes from
 * {@code operators}' {@code Forecasters}).
 */
public final class UqForecasters {
    private UqForecasters() {
    }

    /**
     * @param dir a model directory
     * @return its forecaster if the directory holds a uq model, else empty
     * @throws IllegalArgumentException if it is a uq model directory with missing or malformed files
     */
    public static Optional<ProbabilisticForecaster> open(Path dir) {
        if (PosteriorDirectory.isPosterior(dir)) {
            return Optional.of(new PosteriorDirectory(dir).load());
        }
        return Optional.empty();
    }
}
