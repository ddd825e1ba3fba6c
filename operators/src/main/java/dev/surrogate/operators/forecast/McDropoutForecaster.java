package dev.surrogate.operators.forecast;

import dev.surrogate.operators.training.Predictor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Monte Carlo dropout (Gal and Ghahramani 2016): every member is a forward pass with dropout switched on, row
 * {@code b}'s channel masks drawn from {@link ForecastSeeds#draw}{@code (member key, step, DROPOUT)} alone (see
 * {@link Predictor#predict(INDArray, long[])}), so members do not depend on the batching. Along a rollout every
 * step draws new masks and feeds its output back.
 */
public final class McDropoutForecaster extends PredictorForecaster {

    /**
     * @param predictor a model with dropout layers
     * @throws IllegalArgumentException if the model has no dropout
     */
    public McDropoutForecaster(Predictor predictor) {
        super(predictor);
        if (!predictor.hasDropout()) {
            throw new IllegalArgumentException("the " + predictor.config().modelType() + " model has no dropout "
                    + "layers (train it with a dropout rate above 0)");
        }
    }

    /** @return {@code "mc_dropout"} */
    @Override
    public String method() {
        return "mc_dropout";
    }

    @Override
    INDArray draw(INDArray input, long[] memberKeys, int step) {
        return predictor.predict(input, ForecastSeeds.draws(memberKeys, step, ForecastSeeds.DROPOUT));
    }
}
