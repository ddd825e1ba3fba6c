package dev.surrogate.uq.conformal;

import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import dev.surrogate.operators.metrics.EnsembleScores;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Any probabilistic forecaster with its spread rescaled by a split-conformal {@link Calibration}, itself a
 * {@link ProbabilisticForecaster}, so every score can be computed after calibration as before.
 *
 * <p>Members come in blocks of the calibration's ensemble size {@code K}: member {@code m} belongs to block
 * {@code b = floor(m / K)}, whose members are the inner forecaster's members {@code bK .. bK + K - 1} (same input
 * indices, same seed). At every value, with {@code q50} the median of the block's {@code K} inner values (numpy's
 * linear quantile), member {@code m} is {@code q50 + lambda (x_m - q50)}, {@code x_m} the inner member {@code m}. So
 * {@code K} members are exactly the calibrated ensemble of {@link ConformalCalibrator} (their central interval at
 * the calibrated level holds with the conformal guarantee), and member {@code m} of input {@code i} is still a
 * function of {@code (seed, i, m)} alone. Rollouts are calibrated after the fact: the inner members' trajectories
 * are drawn as the inner forecaster draws them (each step fed back), then every value of every step is scaled about
 * the median of its block.
 *
 * <p>Cost: the first member of a block draws the whole block ({@code K} inner forecasts); the block is kept, so the
 * other {@code K - 1} members of the same inputs (equal input values, indices, seed and steps) cost nothing more.
 * Not thread-safe.
 */
public final class ConformalForecaster implements ProbabilisticForecaster {
    private final ProbabilisticForecaster inner;
    private final Calibration calibration;
    private final int block;

    /** The block drawn last, reused while the same inputs ask for its members. */
    private float[] cachedInput;
    private long[] cachedShape;
    private long[] cachedIndices;
    private long cachedSeed;
    private int cachedBlock = -1;
    private int cachedSteps;
    private float[][] blockValues;
    private double[] medians;
    private long[] outShape;

    /**
     * @param inner       the forecaster to calibrate
     * @param calibration its calibration (scale and ensemble size)
     */
    public ConformalForecaster(ProbabilisticForecaster inner, Calibration calibration) {
        this.inner = inner;
        this.calibration = calibration;
        this.block = calibration.members();
    }

    /** @return the inner method's name with {@code "+conformal"} */
    @Override
    public String method() {
        return inner.method() + "+conformal";
    }

    /** @return the calibration applied */
    public Calibration calibration() {
        return calibration;
    }

    /** @return the uncalibrated forecaster */
    public ProbabilisticForecaster inner() {
        return inner;
    }

    /** {@inheritDoc} */
    @Override
    public INDArray forecast(INDArray input, long[] inputIndices, int member, long seed) {
        return member(input, inputIndices, member, 0, seed);
    }

    /** {@inheritDoc} */
    @Override
    public INDArray rollout(INDArray window, long[] inputIndices, int member, int steps, long seed) {
        if (steps < 1) {
            throw new IllegalArgumentException("rollout needs steps >= 1, got " + steps);
        }
        return member(window, inputIndices, member, steps, seed);
    }

    /** @param steps 0 for a one-step forecast, else the rollout length */
    private INDArray member(INDArray input, long[] inputIndices, int member, int steps, long seed) {
        if (member < 0) {
            throw new IllegalArgumentException("member number must be >= 0, got " + member);
        }
        int b = member / block;
        float[] in = input.dup('c').data().asFloat();
        if (!(b == cachedBlock && steps == cachedSteps && seed == cachedSeed
                && Arrays.equals(inputIndices, cachedIndices) && Arrays.equals(input.shape(), cachedShape)
                && Arrays.equals(in, cachedInput))) {
            drawBlock(input, inputIndices, b, steps, seed);
            cachedInput = in;
            cachedShape = input.shape();
            cachedIndices = inputIndices.clone();
            cachedSeed = seed;
            cachedBlock = b;
            cachedSteps = steps;
        }
        float[] x = blockValues[member - b * block];
        float[] out = new float[x.length];
        double lambda = calibration.scale();
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (medians[j] + lambda * ((double) x[j] - medians[j]));
        }
        return Nd4j.create(out, outShape, 'c');
    }

    private void drawBlock(INDArray input, long[] inputIndices, int b, int steps, long seed) {
        blockValues = new float[block][];
        for (int r = 0; r < block; r++) {
            INDArray y = steps == 0 ? inner.forecast(input, inputIndices, b * block + r, seed)
                    : inner.rollout(input, inputIndices, b * block + r, steps, seed);
            if (r == 0) {
                outShape = y.shape();
            }
            blockValues[r] = y.dup('c').data().asFloat();
        }
        int n = blockValues[0].length;
        medians = new double[n];
        double[] sorted = new double[block];
        for (int j = 0; j < n; j++) {
            for (int r = 0; r < block; r++) {
                sorted[r] = blockValues[r][j];
            }
            Arrays.sort(sorted);
            medians[j] = EnsembleScores.quantile(sorted, 0.5);
        }
    }
}
