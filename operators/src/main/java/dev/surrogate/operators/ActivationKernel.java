package dev.surrogate.operators;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ND4J's sigmoid and GELU ({@code x sigmoid(1.702 x)}, see {@link dev.surrogate.operators.layers.Activation#GELU})
 * evaluated on the JVM for float32 arrays. ND4J's kernels call a scalar {@code exp} per element (4-5 ns per value
 * measured); here {@code sigmoid(z) = (1 + tanh(z / 2)) / 2} with tanh as a rational function of degree 13 over 6
 * on {@code [-7.905, 7.905]} (the polynomial of Eigen's float tanh, accurate to a few float ulps; beyond the clamp
 * tanh is 1 to float precision): only multiplies, adds, one division and min/max, which HotSpot's C2 compiles to
 * vector instructions, about 1 ns per value including the copies to and from the heap. The values agree with ND4J's
 * to float round-off (absolute difference below {@code 1e-6 max(1, |x|)} for GELU and {@code 3e-7} for the sigmoid,
 * tested): far in the lower tail, where the exact sigmoid falls below {@code 1e-7}, this one stays at about that.
 */
public enum ActivationKernel {
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID {
        @Override
        void apply(float[] v, int n) {
            for (int i = 0; i < n; i++) {
                v[i] = 0.5f + 0.5f * tanh(0.5f * v[i]);
            }
        }
    },
    /** {@code x sigmoid(1.702 x)}, the coefficient as ND4J's kernel holds it (a float). */
    GELU {
        @Override
        void apply(float[] v, int n) {
            for (int i = 0; i < n; i++) {
                float x = v[i];
                v[i] = x * (0.5f + 0.5f * tanh(HALF_K * x));
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
        float p = A13;
        p = p * t2 + A11;
        p = p * t2 + A9;
        p = p * t2 + A7;
        p = p * t2 + A5;
        p = p * t2 + A3;
        p = p * t2 + A1;
        p = p * t;
        float q = B6;
        q = q * t2 + B4;
        q = q * t2 + B2;
        q = q * t2 + B0;
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
}
