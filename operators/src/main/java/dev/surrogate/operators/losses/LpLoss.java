package dev.surrogate.operators.losses;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * L^p distance between functions sampled on a uniform periodic grid, per sample, averaged over the batch.
 *
 * <p>The absolute form approximates the function-space norm by the rectangle rule, which is spectrally accurate
 * for periodic functions: {@code ||e||_p ~ (sum_i w |e_i|^p)^(1/p)} with the quadrature weight
 * {@code w = prod_d L_d / n_d} (the cell volume). Channels are summed into the same norm. The relative form divides
 * by the target's norm, {@code ||pred - true||_p / ||true||_p}, where the weights cancel; it is the loss of the FNO
 * paper and neuraloperator's {@code LpLoss.rel}. Because the weights come from the graph's own grid, the same loss
 * means the same thing at every resolution.
 *
 * <p>A tiny constant ({@value #EPS}) under the root keeps the gradient finite when an error is exactly zero.
 */
public final class LpLoss implements Loss {
    /** Added to the p-th power sums before the root; far below any float32 norm of interest. */
    public static final double EPS = 1e-30;

    private final double p;
    private final boolean relative;
    private final double[] lengths;

    private LpLoss(double p, boolean relative, double[] lengths) {
        if (!(p >= 1) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("Lp loss needs a finite p >= 1, got " + p);
        }
        if (lengths.length < 1 || lengths.length > 3) {
            throw new IllegalArgumentException("domain lengths must have 1 to 3 entries, got "
                    + Arrays.toString(lengths));
        }
        for (double l : lengths) {
            if (!(l > 0) || !Double.isFinite(l)) {
                throw new IllegalArgumentException("domain length " + l + " must be positive and finite");
            }
        }
        this.p = p;
        this.relative = relative;
        this.lengths = lengths.clone();
    }

    /**
     * @param p       exponent, at least 1 (2 for the usual relative L2)
     * @param lengths domain lengths per spatial dimension (unit of x)
     * @return {@code mean_b ||pred_b - true_b||_p / ||true_b||_p}
     */
    public static LpLoss relative(double p, double[] lengths) {
        return new LpLoss(p, true, lengths);
    }

    /**
     * @param p       exponent, at least 1
     * @param lengths domain lengths per spatial dimension
     * @return {@code mean_b ||pred_b - true_b||_p}, in the field's unit times length^(d/p)
     */
    public static LpLoss absolute(double p, double[] lengths) {
        return new LpLoss(p, false, lengths);
    }

    /** @return the exponent p */
    public double p() {
        return p;
    }

    /** @return whether the norm is divided by the target's norm */
    public boolean isRelative() {
        return relative;
    }

    /**
     * @param spatialShape grid size per dimension
     * @return the rectangle-rule weight {@code prod L_d / n_d}
     */
    public double quadratureWeight(int[] spatialShape) {
        if (spatialShape.length != lengths.length) {
            throw new IllegalArgumentException("grid " + Arrays.toString(spatialShape) + " has "
                    + spatialShape.length + " dimensions but the loss was built for " + lengths.length);
        }
        double w = 1;
        for (int d = 0; d < lengths.length; d++) {
            w *= lengths[d] / spatialShape[d];
        }
        return w;
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable prediction, SDVariable target, int[] spatialShape) {
        double w = quadratureWeight(spatialShape);
        int[] dims = nonBatchDims(spatialShape.length);
        SDVariable errNorm = norm(sd, prediction.sub(target), dims, w);
        SDVariable perSample = relative ? errNorm.div(norm(sd, target, dims, w)) : errNorm;
        return perSample.mean();
    }

    /** {@code (w * sum |v|^p + eps)^(1/p)} over {@code dims}: one value per sample. */
    private SDVariable norm(SameDiff sd, SDVariable v, int[] dims, double w) {
        SDVariable powered = p == 2 ? v.mul(v) : sd.math().pow(sd.math().abs(v), p);
        SDVariable sum = powered.sum(dims).mul(w).add(EPS);
        return p == 2 ? sd.math().sqrt(sum) : sd.math().pow(sum, 1.0 / p);
    }

    static int[] nonBatchDims(int spatialDims) {
        int[] dims = new int[spatialDims + 1];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i + 1;
        }
        return dims;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("domain_lengths", Arrays.stream(lengths).boxed().toList());
        return m;
    }

    @Override
    public String name() {
        if (p == 2) {
            return relative ? "rel_l2" : "l2";
        }
        return (relative ? "rel_l" : "l") + p;
    }

    @Override
    public String toString() {
        return "LpLoss[p=" + p + ", relative=" + relative + ", lengths=" + Arrays.toString(lengths) + "]";
    }
}
