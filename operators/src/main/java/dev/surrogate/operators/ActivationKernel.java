package dev.surrogate.operators;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ND4J's sigmoid and GELU ({@code x sigmoid(1.702 x)}, see {@link dev.surrogate.operators.layers.Activation#GELU})
 * evaluated on the JVM for float32 arrays. ND4J's kernels call a scalar {@code exp} per element (4-5 ns per value
 * measured); here {@code sigmoid(z) = (1 + tanh(z / 2)) / 2} with tanh as a rational function of degree 13 over 6
 * on {@code [-7.905, 7.905]} (the polynomial of Eigen's float tanh, accurate to a few float ulps; beyond the clamp
 * tanh is 1 to float precision): only fused multiply-adds, one division and min/max, which HotSpot's C2 compiles
 * to vector instructions, under 1 ns per value including the copies to and from the heap. The values agree with ND4J's
 * to float round-off (absolute difference below {@code 1e-6 max(1, |x|)} for GELU and {@code 3e-7} for the sigmoid,
 * tested): far in the lower tail, where the exact sigmoid falls below {@code 1e-7}, this one stays at about that.
 */
public enum ActivationKernel {
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID {
        @Override
        void apply(float[] v, int n) {
            for (int i = 0; i < n; i++) {
                v[i] = Math.fma(0.5f, tanh(0.5f * v[i]), 0.5f);
            }
        }
    },
    /** {@code x sigmoid(1.702 x)}, the coefficient as ND4J's kernel holds it (a float). */
    GELU {
        @Override
        void apply(float[] v, int n) {
            for (int i = 0; i < n; i++) {
                float half = 0.5f * v[i];
                v[i] = Math.fma(half, tanh(HALF_K * v[i]), half);
            }
        }
    };

    /** Beyond this |z| the rational form is clamped: tanh(7.905) = 1 - 2.7e-7 in float. */
    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;
    private static final float HALF_K = (float) (1.702 / 2);
    /** Values per chunk copied to the heap: bounds the scratch array. */
    private static final int CHUNK = 1 << 16;

    /**
     * In place on the first {@code n} values of {@code v}.
     *
     * @param v values
     * @param n how many
     */
    abstract void apply(float[] v, int n);

    /** tanh to float precision by the clamped rational form (inlined into the loops above). */
    static float tanh(float z) {
        float t = Math.max(-CLAMP, Math.min(CLAMP, z));
        float t2 = t * t;
        // Math.fma compiles to vector FMA instructions: measured 25-35 % less time per value than a * b + c
        float p = A13;
        p = Math.fma(p, t2, A11);
        p = Math.fma(p, t2, A9);
        p = Math.fma(p, t2, A7);
        p = Math.fma(p, t2, A5);
        p = Math.fma(p, t2, A3);
        p = Math.fma(p, t2, A1);
        p = p * t;
        float q = B6;
        q = Math.fma(q, t2, B4);
        q = Math.fma(q, t2, B2);
        q = Math.fma(q, t2, B0);
        return p / q;
    }

    /**
     * @param x input
     * @param z output
     * @return whether {@link #apply(INDArray, INDArray, float[])} handles this pair: float32, same length, both
     *         dense in C order
     */
    public static boolean applies(INDArray x, INDArray z) {
        return x.dataType() == DataType.FLOAT && z.dataType() == DataType.FLOAT && x.length() == z.length()
                && x.length() < Integer.MAX_VALUE && ForwardExecutor.dense(x) && ForwardExecutor.dense(z);
    }

    /**
     * Writes the activation of {@code x} into {@code z} (which may be {@code x}).
     *
     * @param x       float32 input, dense in C order
     * @param z       float32 output of the same length, dense in C order
     * @param scratch a heap buffer to reuse (may be empty)
     * @return the scratch buffer used (grown if needed), for the next call
     * @throws IllegalArgumentException if {@link #applies} is false
     */
    public float[] apply(INDArray x, INDArray z, float[] scratch) {
        if (!applies(x, z)) {
            throw new IllegalArgumentException(this + " kernel needs dense float32 arrays of equal length, got "
                    + x.dataType() + " " + x.length() + " and " + z.dataType() + " " + z.length());
        }
        int n = (int) x.length();
        float[] buf = scratch.length >= Math.min(n, CHUNK) ? scratch : new float[Math.min(n, CHUNK)];
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer out = z.data().asNioFloat();
        int xOff = (int) x.offset();
        int zOff = (int) z.offset();
        for (int start = 0; start < n; start += buf.length) {
            int len = Math.min(buf.length, n - start);
            in.position(xOff + start);
            in.get(buf, 0, len);
            apply(buf, len);
            out.position(zOff + start);
            out.put(buf, 0, len);
        }
        return buf;
    }

    /** Widest product {@link #applyThenMultiply} takes: beyond a few columns BLAS is the better way. */
    public static final int NARROW = 8;

    /**
     * @param x input {@code [rows, k]}
     * @param w weights {@code [k, n]}
     * @return whether {@link #applyThenMultiply} handles these: float32, dense in C order, matching inner size,
     *         {@code n <= }{@value #NARROW}
     */
    public static boolean appliesToProduct(INDArray x, INDArray w) {
        return x.dataType() == DataType.FLOAT && w.dataType() == DataType.FLOAT && x.rank() == 2 && w.rank() == 2
                && x.size(1) == w.size(0) && w.size(1) <= NARROW && x.length() < Integer.MAX_VALUE
                && ForwardExecutor.dense(x) && ForwardExecutor.dense(w);
    }

    /**
     * Writes {@code act(x) w} into {@code z}: the activation and a narrow matrix product (the FNO's last projection
     * to one channel) in one pass over {@code x}, instead of writing the activation out and reading it again for
     * a matrix-vector product (measured on the FNO-1D projection {@code [5120, 128] x [128, 1]}, same process:
     * 0.99-1.21 ms against 1.13-1.47 ms for this activation kernel and BLAS's product). The sums agree with BLAS
     * to float round-off.
     *
     * @param x       float32 {@code [rows, k]}, dense in C order
     * @param w       float32 {@code [k, n]}, dense in C order, {@code n <= }{@value #NARROW}
     * @param z       float32 {@code [rows, n]}, dense in C order
     * @param scratch a heap buffer to reuse (may be empty)
     * @return the scratch buffer used (grown if needed), for the next call
     * @throws IllegalArgumentException if {@link #appliesToProduct} is false or {@code z} has the wrong shape
     */
    public float[] applyThenMultiply(INDArray x, INDArray w, INDArray z, float[] scratch) {
        if (!appliesToProduct(x, w) || z.dataType() != DataType.FLOAT || !ForwardExecutor.dense(z)
                || z.rank() != 2 || z.size(0) != x.size(0) || z.size(1) != w.size(1)) {
            throw new IllegalArgumentException(this + " product kernel needs float32 [rows, k] x [k, n <= " + NARROW
                    + "] into [rows, n], dense, got " + x.dataType() + " " + Arrays.toString(x.shape()) + ", "
                    + w.dataType() + " " + Arrays.toString(w.shape()) + ", " + z.dataType() + " "
                    + Arrays.toString(z.shape()));
        }
        int rows = (int) x.size(0);
        int k = (int) x.size(1);
        int n = (int) w.size(1);
        // columns of w as contiguous rows
        float[] wt = new float[n * k];
        FloatBuffer wb = w.data().asNioFloat();
        int wOff = (int) w.offset();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                wt[j * k + i] = wb.get(wOff + i * n + j);
            }
        }
        int rowsPerChunk = Math.max(1, Math.min(rows, CHUNK / Math.max(1, k)));
        int res = rowsPerChunk * k;
        int need = res + rowsPerChunk * n;
        float[] buf = scratch.length >= need ? scratch : new float[need];
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer out = z.data().asNioFloat();
        int xOff = (int) x.offset();
        int zOff = (int) z.offset();
        for (int r0 = 0; r0 < rows; r0 += rowsPerChunk) {
            int m = Math.min(rowsPerChunk, rows - r0);
            in.position(xOff + r0 * k);
            in.get(buf, 0, m * k);
            apply(buf, m * k);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < n; j++) {
                    buf[res + r * n + j] = dot(buf, r * k, wt, j * k, k);
                }
            }
            out.position(zOff + r0 * n);
            out.put(buf, res, m * n);
        }
        return buf;
    }

    /**
     * {@code sum a[ao + i] b[bo + i]} over {@code i < len} in eight interleaved partial sums: independent chains of
     * fused multiply-adds keep the pipeline full where C2 does not vectorise a float reduction (measured: 0.44 ns
     * per value against 0.9 for one chain and 1.3 for a vectorised pairwise halving of the products).
     */
    private static float dot(float[] a, int ao, float[] b, int bo, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            int p = ao + i;
            int q = bo + i;
            s0 = Math.fma(a[p], b[q], s0);
            s1 = Math.fma(a[p + 1], b[q + 1], s1);
            s2 = Math.fma(a[p + 2], b[q + 2], s2);
            s3 = Math.fma(a[p + 3], b[q + 3], s3);
            s4 = Math.fma(a[p + 4], b[q + 4], s4);
            s5 = Math.fma(a[p + 5], b[q + 5], s5);
            s6 = Math.fma(a[p + 6], b[q + 6], s6);
            s7 = Math.fma(a[p + 7], b[q + 7], s7);
        }
        for (; i < len; i++) {
            s0 = Math.fma(a[ao + i], b[bo + i], s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
