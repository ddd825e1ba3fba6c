package dev.surrogate.operators.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Two-dimensional spectral convolution of the Fourier neural operator: keeps real-FFT modes {@code kx = 0 ..
 * modesX-1} along x and the two-sided wavenumbers {@code ky = 0 .. modesY-1} and {@code -modesY .. -1} along y
 * (the reference code's weights1 and weights2), multiplies each kept mode by its own complex {@code [in, out]}
 * matrix and transforms back.
 *
 * <p>Weight: {@code name/weight [modesX, 2 modesY, 2 in, out]}, the second index in
 * {@link FourierBasis#signedWavenumber} order, the third holding the real part in rows {@code 0..in-1} and the
 * imaginary part in rows {@code in..2in-1}; initialised {@code U(0, 1/(in out))} like the reference.
 *
 * <p>Layout: rows of {@code [nx * ny * batch, channels]} ordered {@code (x, y, b)}, x outermost. The transform is
 * separable and done x first, because truncating x early shrinks the data ({@code nx -> 2 modesX} rows) before the
 * more expensive complex y pass: (1) one GEMM {@code Fx[2Mx, nx] x h[nx, ny*batch*in]}; (2) a batched matmul over
 * {@code kx} with the complex y basis {@code [2K, 2ny]} (tiled over kx, it is a small constant), which lands the
 * spectrum in {@code (kx, ky, re|im)} row order; (3) the complex product ({@link ComplexModes}); (4, 5) the inverse
 * passes in reverse order. No permute of the big activation tensor anywhere.
 */
public final class SpectralConv2d {
    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final int modesY;
    private final int modesX;
    private final long seed;

    /**
     * @param name        variable-name prefix
     * @param inChannels  input channels, {@code >= 1}
     * @param outChannels output channels, {@code >= 1}
     * @param modesY      kept y wavenumbers per sign, {@code >= 1}
     * @param modesX      kept real-FFT x modes, {@code >= 1}
     * @param seed        initialisation seed
     */
    public SpectralConv2d(String name, int inChannels, int outChannels, int modesY, int modesX, long seed) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(name + ": channels must be >= 1, got in = " + inChannels + ", out = "
                    + outChannels);
        }
        if (modesY < 1 || modesX < 1) {
            throw new IllegalArgumentException(name + ": modes must be >= 1, got modesY = " + modesY
                    + ", modesX = " + modesX);
        }
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.modesY = modesY;
        this.modesX = modesX;
        this.seed = seed;
    }

    /**
     * Adds the layer to {@code sd}.
     *
     * @param sd the graph
     * @param x  {@code [nx * ny * batch, inChannels]}, rows ordered {@code (x, y, b)}
     * @param ny grid points along y; needs {@code 2 modesY <= ny}
     * @param nx grid points along x; needs {@code modesX <= nx/2 + 1}
     * @return {@code [nx * ny * batch, outChannels]}, same row order
     */
    public SDVariable apply(SameDiff sd, SDVariable x, int ny, int nx) {
        return apply(sd, x, ny, nx, null);
    }

    /**
     * Adds the layer plus a constant field to {@code sd}: the constant is added to the zero mode's coefficient
     * before the inverse transforms, which costs an add on the small spectrum instead of a pass over the output
     * (the FNO puts its pointwise path's bias here).
     *
     * @param sd       the graph
     * @param x        {@code [nx * ny * batch, inChannels]}, rows ordered {@code (x, y, b)}
     * @param ny       grid points along y; needs {@code 2 modesY <= ny}
     * @param nx       grid points along x; needs {@code modesX <= nx/2 + 1}
     * @param constant {@code [outChannels]} added at every grid point, or {@code null} for none
     * @return {@code [nx * ny * batch, outChannels]}, same row order
     */
    public SDVariable apply(SameDiff sd, SDVariable x, int ny, int nx, SDVariable constant) {
        FourierBasis.checkReal(nx, modesX);
        FourierBasis.checkComplex(ny, modesY);
        DataType dt = x.dataType();
        long kk = 2L * modesY;
        SDVariable w = Weights.uniform(sd, name + "/weight", dt, seed, 0, initScale(), modesX, kk, 2L * inChannels,
                outChannels);
        String xb = "fourier/real_nx" + nx + "_m" + modesX;
        String yb = "fourier/complex_ny" + ny + "_m" + modesY + "_x" + modesX;
        SDVariable fx = Constants.getOrCreate(sd, xb + "/forwardInterleaved", dt,
                () -> FourierBasis.realForward(nx, modesX, true), 2L * modesX, nx);
        SDVariable gx = Constants.getOrCreate(sd, xb + "/inverseInterleaved", dt,
                () -> FourierBasis.realInverse(nx, modesX, true), nx, 2L * modesX);
        SDVariable fy = Constants.getOrCreate(sd, yb + "/forwardInterleaved", dt,
                () -> tile(FourierBasis.complexForward(ny, modesY, true), modesX), modesX, 2 * kk, 2L * ny);
        SDVariable gy = Constants.getOrCreate(sd, yb + "/inverseInterleaved", dt,
                () -> tile(FourierBasis.complexInverse(ny, modesY, true), modesX), modesX, 2L * ny, 2 * kk);

        SDVariable alongX = fx.mmul(x.reshape(nx, -1)).reshape(modesX, 2L * ny, -1);
        SDVariable spectrum = fy.mmul(alongX).reshape(modesX * 2 * kk, -1, inChannels);
        SDVariable mixed = ComplexModes.multiply(sd, spectrum, modesX * kk, inChannels, outChannels, w, constant);
        SDVariable backY = gy.mmul(mixed.reshape(modesX, 2 * kk, -1)).reshape(2L * modesX, -1);
        return gx.mmul(backY).reshape(-1, outChannels);
    }

    /** @return {@code copies} concatenated copies of {@code a} (the batch axis of a batched matmul) */
    private static double[] tile(double[] a, int copies) {
        double[] t = new double[a.length * copies];
        for (int c = 0; c < copies; c++) {
            System.arraycopy(a, 0, t, c * a.length, a.length);
        }
        return t;
    }

    /** @return initial scale {@code 1 / (in out)} of both weight parts */
    double initScale() {
        return 1.0 / ((double) inChannels * outChannels);
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

    /** @return kept y wavenumbers per sign */
    public int modesY() {
        return modesY;
    }

    /** @return kept real-FFT x modes */
    public int modesX() {
        return modesX;
    }
}
