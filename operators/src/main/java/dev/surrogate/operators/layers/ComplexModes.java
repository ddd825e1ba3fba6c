package dev.surrogate.operators.layers;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The per-mode complex product of the spectral layers as one batched real matmul.
 *
 * <p>Mode rows are ordered {@code (outer, part, inner)} with {@code part = 0} the real and {@code 1} the imaginary
 * part; a 1-D layer has {@code outer = 1}, a 2-D layer {@code outer = kx}, {@code inner = ky}. Each mode's complex
 * weight is stored as one real block {@code V = [Wr; Wi]} of shape {@code [2 in, out]}. The spectrum {@code z} and
 * its part-swapped copy {@code z'} are concatenated along channels to {@code Z = [z, z'] : [rows, batch, 2 in]}, the
 * weight to {@code Wc = ([Wr; -Wi] for real rows, [Wr; Wi] for imaginary rows)}, and {@code Z Wc} is
 * {@code Re z Wr - Im z Wi} on real rows and {@code Im z Wr + Re z Wi} on imaginary rows: the complex product, in
 * the row order it came in, ready for the inverse transform. One matmul and few graph ops matter more than flops
 * here: every SameDiff op costs tens of microseconds of bookkeeping, comparable to the product itself.
 */
final class ComplexModes {
    private ComplexModes() {
    }

    /**
     * @param z      {@code [outer * 2 * inner, batch, in]}
     * @param outer  size of the outer mode axis
     * @param inner  size of the inner mode axis
     * @param in     input channels
     * @param out    output channels
     * @param weight {@code [outer * inner, 2 in, out]} or {@code [outer, inner, 2 in, out]}: real parts in rows
     *               {@code 0 .. in-1}, imaginary parts in rows {@code in .. 2 in - 1}
     * @param constant {@code [out]} added to the real part of the zero mode (row 0), which the inverse transforms
     *               of both layers turn into the same constant at every grid point; or {@code null}
     * @return {@code [outer * 2 * inner, batch, out]}
     */
    static SDVariable multiply(SameDiff sd, SDVariable z, long outer, long inner, long in, long out,
                               SDVariable weight, SDVariable constant) {
        long rows = outer * 2 * inner;
        long[] wShape = weight.getShape();
        // A sign array of the weight's full shape: a broadcast multiply's backward pass reduces over the broadcast
        // axes and was measured several times slower than this elementwise one.
        SDVariable sign = Constants.getOrCreate(sd, "fourier/conjugateSign_" + java.util.Arrays.toString(wShape),
                weight.dataType(), () -> {
                    int block = (int) (in * out);
                    double[] s = new double[(int) (outer * inner * 2 * block)];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = (i / block) % 2 == 0 ? 1 : -1;
                    }
                    return s;
                }, wShape);
        SDVariable conj = weight.mul(sign);
        SDVariable swapped;
        SDVariable wc;
        if (outer == 1 && wShape.length == 3) {
            swapped = sd.concat(0, z.get(SDIndex.interval(inner, 2 * inner)), z.get(SDIndex.interval(0L, inner)));
            wc = sd.concat(0, conj, weight);
        } else {
            SDVariable parts = z.reshape(outer, 2, -1);
            swapped = sd.concat(1, parts.get(SDIndex.all(), SDIndex.interval(1, 2)),
                    parts.get(SDIndex.all(), SDIndex.interval(0, 1))).reshape(rows, -1, in);
            wc = sd.concat(1, conj.reshape(outer, 1, -1), weight.reshape(outer, 1, -1)).reshape(rows, 2 * in, out);
        }
        SDVariable mixed = sd.concat(2, z, swapped).mmul(wc);
        if (constant == null) {
            return mixed;
        }
        // [rows, 1, 1] x [out] broadcasts to [rows, 1, out]: the constant in row 0, zeros elsewhere; then broadcast
        // over the batch. All small, and no reshape op (SameDiff's reshape copies and costs a shape op backwards).
        SDVariable zeroMode = Constants.getOrCreate(sd, "fourier/zeroMode_" + rows, constant.dataType(), () -> {
            double[] e = new double[(int) rows];
            e[0] = 1;
            return e;
        }, rows, 1, 1);
        return mixed.add(zeroMode.mul(constant));
    }
}
