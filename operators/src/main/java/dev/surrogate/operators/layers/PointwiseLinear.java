package dev.surrogate.operators.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Affine map of the channel vector at every grid point, {@code y = x W + b}: the FNO's lifting, its "W" path and its
 * projection, and a dense layer of the DeepONet nets.
 *
 * <p>Works on channels-last matrices {@code [points * batch, channels]}, so it is one fused GEMM-plus-bias op
 * ({@code xw_plus_b}, measured about 10 % faster than {@code mmul} then {@code add} for {@code [5120, 64]}, one
 * op less). Measured on this project's FNO-1D: the same map as {@code conv1d} with kernel size 1 was about 5x
 * slower in SameDiff.
 * Weights {@code name/weight [in, out]} and {@code name/bias [out]}, initialised {@code U(-1/sqrt(in), 1/sqrt(in))}
 * (PyTorch's default for {@code nn.Linear} and {@code nn.Conv1d}).
 */
public final class PointwiseLinear {
    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final long seed;

    /**
     * @param name        variable-name prefix
     * @param inChannels  input channels, {@code >= 1}
     * @param outChannels output channels, {@code >= 1}
     * @param seed        initialisation seed
     */
    public PointwiseLinear(String name, int inChannels, int outChannels, long seed) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(name + ": channels must be >= 1, got in = " + inChannels + ", out = "
                    + outChannels);
        }
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.seed = seed;
    }

    /**
     * @param sd the graph
     * @param x  {@code [rows, inChannels]}
     * @return {@code [rows, outChannels]}
     */
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return sd.nn().linear(x, weight(sd, x), bias(sd, x));
    }

    /**
     * The same map as {@link #apply} as two ops ({@code mmul}, then a broadcast {@code add}), for inputs that may
     * have a single row: in ND4J 1.0.0-M2.1 the gradient of the fused {@code xw_plus_b} fails on a one-row input
     * (a null array inside its backward op). A DeepONet branch net sees one row per sample, so a batch of one.
     *
     * @param sd the graph
     * @param x  {@code [rows, inChannels]}, any number of rows
     * @return {@code [rows, outChannels]}
     */
    public SDVariable applyUnfused(SameDiff sd, SDVariable x) {
        return x.mmul(weight(sd, x)).add(bias(sd, x));
    }

    /**
     * The weight variable, created in {@code like}'s data type if missing.
     *
     * @param sd   the graph
     * @param like a variable of the graph's data type
     * @return {@code name/weight [in, out]}
     */
    public SDVariable weight(SameDiff sd, SDVariable like) {
        double b = Weights.fanInBound(inChannels);
        return Weights.uniform(sd, name + "/weight", like.dataType(), seed, -b, b, inChannels, outChannels);
    }

    /**
     * The bias variable, created in {@code like}'s data type if missing.
     *
     * @param sd   the graph
     * @param like a variable of the graph's data type
     * @return {@code name/bias [out]}
     */
    public SDVariable bias(SameDiff sd, SDVariable like) {
        double b = Weights.fanInBound(inChannels);
        return Weights.uniform(sd, name + "/bias", like.dataType(), seed, -b, b, outChannels);
    }

    /** @return variable-name prefix */
    public String name() {
        return name;
    }

    /** @return input channels */
    public int inChannels() {
        return inChannels;
    }

    /** @return output channels */
    public int outChannels() {
        return outChannels;
    }
}
