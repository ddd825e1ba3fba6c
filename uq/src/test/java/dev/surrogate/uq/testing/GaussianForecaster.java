package dev.surrogate.uq.testing;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.forecast.ForecastSeeds;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A synthetic forecaster without a network: member {@code m} of input {@code x} is {@code x + sigma z}, with
 * independent standard normal {@code z} per value keyed by {@code (seed, i, m)} as the forecast interface demands.
 * For data whose truth is {@code x + sigmaTrue eps}, {@code sigma < sigmaTrue} is over-confident and
 * {@code sigma > sigmaTrue} under-confident.
 */
public final class GaussianForecaster implements ProbabilisticForecaster {
    private final double sigma;

    /** @param sigma the forecast's standard deviation */
    public GaussianForecaster(double sigma) {
        this.sigma = sigma;
    }

    @Override
    public String method() {
        return "gaussian";
    }

    @Override
    public INDArray forecast(INDArray input, long[] inputIndices, int member, long seed) {
        float[] x = input.dup('c').data().asFloat();
        int perRow = x.length / inputIndices.length;
        for (int b = 0; b < inputIndices.length; b++) {
            Xoshiro256StarStar rng = new Xoshiro256StarStar(ForecastSeeds.draw(ForecastSeeds.member(seed,
                    inputIndices[b], member), 0, ForecastSeeds.GAUSSIAN));
            for (int j = b * perRow; j < (b + 1) * perRow; j++) {
                x[j] += (float) (sigma * rng.nextGaussian());
            }
        }
        return Nd4j.create(x, input.shape(), 'c');
    }

    @Override
    public INDArray rollout(INDArray window, long[] inputIndices, int member, int steps, long seed) {
        throw new UnsupportedOperationException("one-step forecasts only");
    }
}
