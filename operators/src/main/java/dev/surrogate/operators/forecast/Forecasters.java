package dev.surrogate.operators.forecast;

import dev.surrogate.operators.training.Predictor;

/** Picks the probabilistic forecaster a trained model supports. */
public final class Forecasters {
    private Forecasters() {
    }

    /**
     * @param predictor a trained model
     * @return whether {@link #of} can draw forecasts from it (a heteroscedastic head or dropout)
     */
    public static boolean isProbabilistic(Predictor predictor) {
        return predictor.heteroscedastic() || predictor.hasDropout();
    }

    /**
     * A heteroscedastic model gives a {@link HeteroscedasticForecaster} (with Monte Carlo dropout too if it has
     * dropout), a model with dropout only an {@link McDropoutForecaster}.
     *
     * @param predictor a trained model
     * @return its forecaster
     * @throws IllegalArgumentException if the model is deterministic (no variance head, no dropout), naming it
     */
    public static ProbabilisticForecaster of(Predictor predictor) {
        if (predictor.heteroscedastic()) {
            return new HeteroscedasticForecaster(predictor);
        }
        if (predictor.hasDropout()) {
            return new McDropoutForecaster(predictor);
        }
        throw new IllegalArgumentException("the " + predictor.config().modelType() + " model is deterministic "
                + "(no heteroscedastic head, no dropout): it has no distribution to draw forecasts from; train it with "
                + "a heteroscedastic head or dropout");
    }
}
