package dev.surrogate.operators.forecast;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model that answers any number of forecasts ("members") per input: a heteroscedastic network, Monte Carlo
 * dropout, a deep ensemble, posterior samples, a generative model.
 *
 * <p>Reproducibility contract: member {@code m} of the input with global index {@code i} is a function of the
 * input, {@code (seed, i, m)} and the model only (derive every random draw with {@link ForecastSeeds}), never of the
 * batch it is computed in, the other inputs, the batch size or the thread count. Inputs and outputs are physical,
 * channels first, on any grid the model supports. Implementations need not be thread-safe.
 */
public interface ProbabilisticForecaster {

    /** @return short name of the method, e.g. {@code "heteroscedastic"} or {@code "mc_dropout"} */
    String method();

    /**
     * Member {@code member} of every input of a batch.
     *
     * @param input        physical input {@code [batch, inChannels, *space]}
     * @param inputIndices global index of each input, {@code [batch]}
     * @param member       member number, {@code >= 0}
     * @param seed         the user's seed
     * @return one forecast per input {@code [batch, outChannels, *space]}
     */
    INDArray forecast(INDArray input, long[] inputIndices, int member, long seed);

    /**
     * Member {@code member} of the autoregressive rollout of every window of a batch ({@code next} models): each
     * step's draw is fed back as input, so the uncertainty propagates along the trajectory.
     *
     * @param window       first {@code k} snapshots {@code [batch, k * fields, *space]}
     * @param inputIndices global index of each input, {@code [batch]}
     * @param member       member number, {@code >= 0}
     * @param steps        predicted snapshots, {@code >= 1}
     * @param seed         the user's seed
     * @return one trajectory per input {@code [batch, steps, fields, *space]}
     */
    INDArray rollout(INDArray window, long[] inputIndices, int member, int steps, long seed);

    /**
     * Members {@code 0 .. members-1} of every input, stacked (convenient for small batches; {@code evaluate} and
     * {@code predict} consume one member at a time instead).
     *
     * @param input        physical input {@code [batch, inChannels, *space]}
     * @param inputIndices global index of each input, {@code [batch]}
     * @param members      number of members K, {@code >= 1}
     * @param seed         the user's seed
     * @return {@code [batch, K, outChannels, *space]}
     */
    default INDArray members(INDArray input, long[] inputIndices, int members, long seed) {
        if (members < 1) {
            throw new IllegalArgumentException("number of members must be >= 1, got " + members);
        }
        INDArray[] each = new INDArray[members];
        for (int m = 0; m < members; m++) {
            each[m] = forecast(input, inputIndices, m, seed);
        }
        return Nd4j.stack(1, each);
    }
}
