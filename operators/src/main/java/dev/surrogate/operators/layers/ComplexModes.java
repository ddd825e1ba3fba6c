package dev.surrogate.operators.layers;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The per-mode complex product of the spectral layers as one batched real matmul that uses the weight as stored.
 *
 * <p>The spectrum comes mode-major with the real and imaginary part adjacent: rows {@code (mode, part)}, then
 * batch, then channel, {@code part = 0} real. Each mode's complex weight is one real block
 * {@code V = [Wr; Wi] : [2 in, out]}. Per mode, the input rows are widened to
 * {@code A = [[zr, -zi], [zi, zr]] : [2 batch, 2 in]}, and {@code A V} is {@code zr Wr - zi Wi} in its first
 * {@code batch} rows and {@code zi Wr + zr Wi} in the others: the complex product, again rows
 * {@code (mode, part, batch)}, ready for an inverse transform with interleaved columns. The sign and the widening
 * act on the small spectrum ({@code 2 modes batch in} values) rather than on the weight (measured: building a
 * conjugated copy of an FNO-1D layer's weight cost more than the product itself), and the product's matrices have
 * twice the rows, which BLAS runs faster.
 */
final class ComplexModes {
    private ComplexModes() {
    }

    /**
     * @param z        {@code [modes * 2, batch, in]}, rows {@code (mode, part)}
     * @param modes    number of complex modes
     * @param in       input channels
     * @param out      output channels
     * @param weight   {@code [modes, 2 in, out]} or any shape with those elements in that order (e.g.
     *                 {@code [kx, ky, 2 in, out]}): real parts in rows {@code 0 .. in-1}, imaginary parts in rows
     *                 {@code in .. 2 in - 1}
     * @param constant {@code [out]} added to the real part of the first mode, which the inverse transforms of both
     *                 layers turn into the same constant at every grid point (the zero mode); or {@code null}
     * @return {@code [modes * 2, batch, out]}, rows {@code (mode, part)}
     */
    static SDVariable multiply(SameDiff sd, SDVariable z, long modes, long in, long out, SDVariable weight,
                               SDVariable constant) {
        SDVariable parts = z.reshape(modes, 2, -1, in);
        SDVariable re = parts.get(SDIndex.all(), SDIndex.interval(0, 1));
        SDVariable im = parts.get(SDIndex.all(), SDIndex.interval(1, 2));
        // [zr, zi] next to [-zi, zr] along channels: per mode and batch row, [zr, -zi] and [zi, zr]
        SDVariable rotated = sd.concat(1, im.neg(), re);
        SDVariable widened = sd.concat(3, parts, rotated).reshape(modes, -1, 2 * in);
        SDVariable w = weight.getShape() != null && weight.getShape().length == 3 ? weight
                : weight.reshape(modes, 2 * in, out);
        SDVariable mixed = widened.mmul(w).reshape(2 * modes, -1, out);
        if (constant == null) {
            return mixed;
        }
        // [rows, 1, 1] x [out] broadcasts to [rows, 1, out]: the constant in row 0, zeros elsewhere; then broadcast
        // over the batch. All small, and no reshape op (SameDiff's reshape copies and costs a shape op backwards).
        long rows = 2 * modes;
        SDVariable zeroMode = Constants.getOrCreate(sd, "fourier/zeroMode_" + rows, constant.dataType(), () -> {
            double[] e = new double[(int) rows];
            e[0] = 1;
            return e;
        }, rows, 1, 1);
        return mixed.add(zeroMode.mul(constant));
    }
}
