package dev.surrogate.operators.layers;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Output head of a Gaussian predictive distribution (Lakshminarayanan et al. 2017, deep ensembles): from
 * {@code 2C} raw channels it returns the mean ({@code C} channels, unchanged) and the log-variance
 * {@code log(softplus(s) + floor)} ({@code C} channels). The floor keeps the Gaussian negative log-likelihood
 * bounded when a model becomes over-confident; softplus keeps the variance positive with a gradient everywhere.
 */
public final class HeteroscedasticHead {
    /** Default variance floor, in squared (normalised) target units. */
    public static final double DEFAULT_VARIANCE_FLOOR = 1e-6;

    private final int channels;
    private final double varianceFloor;

    /**
     * @param channels      predicted channels C, {@code >= 1}
     * @param varianceFloor smallest variance, {@code > 0}
     */
    public HeteroscedasticHead(int channels, double varianceFloor) {
        if (channels < 1) {
            throw new IllegalArgumentException("heteroscedastic head: channels must be >= 1, got " + channels);
        }
        if (!(varianceFloor > 0) || !Double.isFinite(varianceFloor)) {
            throw new IllegalArgumentException("variance floor must be positive and finite, got " + varianceFloor);
        }
        this.channels = channels;
        this.varianceFloor = varianceFloor;
    }

    /**
     * @param sd   the graph
     * @param raw  {@code 2C} channels along {@code axis}: mean channels then raw variance channels
     * @param rank rank of {@code raw}
     * @param axis channel axis
     * @return same shape: mean channels then log-variance channels
     */
    public SDVariable apply(SameDiff sd, SDVariable raw, int rank, int axis) {
        if (axis < 0 || axis >= rank) {
            throw new IllegalArgumentException("channel axis " + axis + " outside rank " + rank);
        }
        SDVariable mean = raw.get(range(rank, axis, 0, channels));
        SDVariable s = raw.get(range(rank, axis, channels, 2 * channels));
        return sd.concat(axis, mean, logVariance(sd, s));
    }

    /**
     * @param sd the graph
     * @param s  raw variance values, any shape
     * @return {@code log(softplus(s) + floor)}, same shape
     */
    public SDVariable logVariance(SameDiff sd, SDVariable s) {
        return sd.math().log(sd.nn().softplus(s).add(varianceFloor));
    }

    private static SDIndex[] range(int rank, int axis, long from, long to) {
        SDIndex[] idx = new SDIndex[rank];
        for (int d = 0; d < rank; d++) {
            idx[d] = d == axis ? SDIndex.interval(from, to) : SDIndex.all();
        }
        return idx;
    }

    /** @return predicted channels C */
    public int channels() {
        return channels;
    }

    /** @return variance floor */
    public double varianceFloor() {
        return varianceFloor;
    }
}
