package dev.surrogate.operators.forecast;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.training.Predictor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws from the Gaussian a heteroscedastic model predicts at every value: {@code mean + exp(logVar / 2) z} with
 * independent standard normal {@code z} (xoshiro256** with Marsaglia's polar method, keyed by
 * {@link ForecastSeeds#draw}{@code (member key, step, GAUSSIAN)}, row by row in {@code [channel, *space]} order).
 * If the model also has dropout, the mean and variance of each draw come from a Monte Carlo dropout pass (per-row
 * masks keyed by {@code (member key, step, DROPOUT)}), which adds the model's epistemic spread to the predicted
 * aleatoric one (Kendall and Gal 2017). Along a rollout each step's draw is fed back as input.
 */
public final class HeteroscedasticForecaster extends PredictorForecaster {
    private final boolean dropout;

    /**
     * @param predictor a heteroscedastic model
     * @throws IllegalArgumentException if the model has no variance head
     */
    public HeteroscedasticForecaster(Predictor predictor) {
        super(predictor);
        if (!predictor.heteroscedastic()) {
            throw new IllegalArgumentException("the " + predictor.config().modelType() + " model has no "
                    + "heteroscedastic (variance) head");
        }
        this.dropout = predictor.hasDropout();
    }

    /** @return {@code "heteroscedastic"}, or {@code "heteroscedastic+mc_dropout"} for a model with dropout */
    @Override
    public String method() {
        return dropout ? "heteroscedastic+mc_dropout" : "heteroscedastic";
    }

    @Override
    INDArray draw(INDArray input, long[] memberKeys, int step) {
        INDArray[] mv = dropout
                ? predictor.predictMeanAndLogVariance(input, ForecastSeeds.draws(memberKeys, step,
                        ForecastSeeds.DROPOUT))
                : predictor.predictMeanAndLogVariance(input);
        float[] mean = mv[0].dup('c').data().asFloat();
        float[] logVar = mv[1].dup('c').data().asFloat();
        int perRow = mean.length / memberKeys.length;
        for (int b = 0; b < memberKeys.length; b++) {
            Xoshiro256StarStar rng = new Xoshiro256StarStar(ForecastSeeds.draw(memberKeys[b], step,
                    ForecastSeeds.GAUSSIAN));
            for (int j = b * perRow; j < (b + 1) * perRow; j++) {
                mean[j] += (float) (Math.exp(0.5 * logVar[j]) * rng.nextGaussian());
            }
        }
        return Nd4j.create(mean, mv[0].shape(), 'c');
    }
}
