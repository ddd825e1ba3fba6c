package dev.surrogate.operators.forecast;

import dev.surrogate.operators.training.Predictor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A forecaster built on one trained {@link Predictor} whose randomness lives in a single forward pass (noise of a
 * predictive distribution, dropout masks): a member is one draw per step, rollouts feed each draw back.
 */
abstract class PredictorForecaster implements ProbabilisticForecaster {
    /** The trained model. */
    final Predictor predictor;

    PredictorForecaster(Predictor predictor) {
        this.predictor = predictor;
    }

    /**
     * One draw for every row of a batch.
     *
     * @param input      physical input {@code [batch, inChannels, *space]}
     * @param memberKeys {@link ForecastSeeds#member} of every row
     * @param step       rollout step (0 for a one-step forecast)
     * @return {@code [batch, outChannels, *space]}
     */
    abstract INDArray draw(INDArray input, long[] memberKeys, int step);

    /** {@inheritDoc} */
    @Override
    public INDArray forecast(INDArray input, long[] inputIndices, int member, long seed) {
        return draw(input, keys(input, inputIndices, member, seed), 0);
    }

    /** {@inheritDoc} */
    @Override
    public INDArray rollout(INDArray window, long[] inputIndices, int member, int steps, long seed) {
        long[] keys = keys(window, inputIndices, member, seed);
        return predictor.rollout(window, steps, (w, s) -> draw(w, keys, s));
    }

    /** @return the trained model */
    public Predictor predictor() {
        return predictor;
    }

    private static long[] keys(INDArray input, long[] inputIndices, int member, long seed) {
        if (inputIndices.length != input.size(0)) {
            throw new IllegalArgumentException("got " + inputIndices.length + " input indices for a batch of "
                    + input.size(0));
        }
        if (member < 0) {
            throw new IllegalArgumentException("member number must be >= 0, got " + member);
        }
        return ForecastSeeds.members(seed, inputIndices, member);
    }
}
