package dev.surrogate.operators.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Affine map of the channel vector at every grid point, {@code y = x W + b}: the FNO's lifting, its "W" path and its
 * projection, and a dense layer of the DeepONet nets.
 *
 * <p>Works on channels-last matrices {@code [points * batch, channels]}, as a matrix product and a broadcast bias
 * add. Not ND4J's fused {@code xw_plus_b}: in ND4J 1.0.0-M2.1 that op writes its output in Fortran order, and every
 * later elementwise op that meets it together with a C-order array (the residual sum of a Fourier layer, the
 * activation's backward pass, the gradient sums) runs strided, measured up to 25x slower than on matching orders
 * (an add of two {@code [5120, 64]} arrays: 3.2 ms against 0.12 ms); in the FNO-1D training step that cost more
 * than the fused op saves. Measured on this project's FNO-1D: the same map as {@code conv1d} with kernel size 1 was
 * about 5x slower in SameDiff.
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
     * @param x  {@code [rows, inChannels]}, any number of rows
     * @return {@code [rows, outChannels]}, C order
     */
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return linear(sd, x).add(bias(sd, x));
    }

    /**
     * The same map as {@link #apply} as one matrix product {@code [x, 1] [W; b]}: the bias gradient is then a row of
     * the product's backward GEMM instead of a reduction over the rows of the output gradient, which ND4J M2.1 does
     * slowly on tall arrays (measured 89 ms for the FNO-2D projection's {@code [81920, 128] -> [128]}, against a few
     * ms for appending the ones column). The ones column comes from the shape of {@code x}, so it has no gradient.
     *
     * @param sd the graph
     * @param x  {@code [rows, inChannels]}
     * @return {@code [rows, outChannels]}, C order
     */
    public SDVariable applyAsOneProduct(SameDiff sd, SDVariable x) {
        SDVariable shape = sd.shape(x);
        SDVariable columnShape = shape.mul(sd.constant(Nd4j.createFromArray(1L, 0L).castTo(shape.dataType())))
                .add(sd.constant(Nd4j.createFromArray(0L, 1L).castTo(shape.dataType())));
        SDVariable ones = sd.fill(columnShape, x.dataType(), 1.0);
        SDVariable augmentedWeight = sd.concat(0, weight(sd, x), bias(sd, x).reshape(1, outChannels));
        return sd.concat(1, x, ones).mmul(augmentedWeight);
    }

    /**
     * The linear part {@code x W} alone, for a caller that adds the bias {@link #bias} where it is cheaper (the
     * FNO adds it to the spectral path's zero mode, see {@link SpectralConv1d#apply(SameDiff, SDVariable, int,
     * SDVariable)}).
     *
     * @param sd the graph
     * @param x  {@code [rows, inChannels]}
     * @return {@code [rows, outChannels]}, C order
     */
    public SDVariable linear(SameDiff sd, SDVariable x) {
        return x.mmul(weight(sd, x));
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
