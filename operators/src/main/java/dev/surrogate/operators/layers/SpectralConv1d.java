package dev.surrogate.operators.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One-dimensional spectral convolution of the Fourier neural operator (Li et al. 2021, eq. 5): transform to Fourier
 * space, keep the lowest {@code modes} real-FFT modes, multiply each kept mode by its own complex
 * {@code [in, out]} matrix, transform back.
 *
 * <p>The transforms are matrix products with {@link FourierBasis} matrices built for the graph's grid size, so the
 * same weights act on any resolution: the weights multiply Fourier coefficients (resolution-independent numbers),
 * not grid values. Weight: {@code name/weight [modes, 2 in, out]}, per mode the real part in rows {@code 0..in-1}
 * and the imaginary part in rows {@code in..2in-1}; initialised like the reference code, {@code U(0, 1/(in out))}
 * for both parts.
 *
 * <p>Input and output use the x-major layout of the models: a matrix {@code [nx * batch, channels]} whose row
 * {@code x * batch + b} holds point {@code x} of sample {@code b}. Viewed as {@code [nx, batch * channels]} the
 * forward transform is one GEMM {@code F[2M, nx] x h[nx, batch*in]}, with no permute, giving rows
 * {@code (k, re|im)}. The complex product over modes is one batched matmul over the {@code M} modes
 * ({@link ComplexModes}) whose output is already in the row order the inverse GEMM
 * {@code G[nx, 2M] x out[2M, batch*out]} needs.
 */
public final class SpectralConv1d {
    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final int modes;
    private final long seed;

    /**
     * @param name        variable-name prefix, e.g. {@code "fno/layer0/spectral"}
     * @param inChannels  input channels, {@code >= 1}
     * @param outChannels output channels, {@code >= 1}
     * @param modes       kept real-FFT modes {@code k = 0 .. modes-1}, {@code >= 1}
     * @param seed        initialisation seed
     */
    public SpectralConv1d(String name, int inChannels, int outChannels, int modes, long seed) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(name + ": channels must be >= 1, got in = " + inChannels + ", out = "
                    + outChannels);
        }
        if (modes < 1) {
            throw new IllegalArgumentException(name + ": modes must be >= 1, got " + modes);
        }
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.modes = modes;
        this.seed = seed;
    }

    /**
     * Adds the layer to {@code sd}.
     *
     * @param sd the graph
     * @param x  {@code [nx * batch, inChannels]}, x-major rows
     * @param nx grid points of this graph; needs {@code modes <= nx/2 + 1}
     * @return {@code [nx * batch, outChannels]}, x-major rows
     */
    public SDVariable apply(SameDiff sd, SDVariable x, int nx) {
        return apply(sd, x, nx, null);
    }

    /**
     * Adds the layer plus a constant field to {@code sd}: the constant is added to the zero mode's coefficient
     * before the inverse transform, which costs an add on the small spectrum instead of a pass over the output
     * (the FNO puts its pointwise path's bias here).
     *
     * @param sd       the graph
     * @param x        {@code [nx * batch, inChannels]}, x-major rows
     * @param nx       grid points of this graph; needs {@code modes <= nx/2 + 1}
     * @param constant {@code [outChannels]} added at every grid point, or {@code null} for none
     * @return {@code [nx * batch, outChannels]}, x-major rows
     */
    public SDVariable apply(SameDiff sd, SDVariable x, int nx, SDVariable constant) {
        FourierBasis.checkReal(nx, modes);
        DataType dt = x.dataType();
        SDVariable w = Weights.uniform(sd, name + "/weight", dt, seed, 0, initScale(), modes, 2L * inChannels,
                outChannels);
        String basis = "fourier/real_nx" + nx + "_m" + modes;
        SDVariable fwd = Constants.getOrCreate(sd, basis + "/forwardInterleaved", dt,
                () -> FourierBasis.realForward(nx, modes, true), 2L * modes, nx);
        SDVariable inv = Constants.getOrCreate(sd, basis + "/inverseInterleaved", dt,
                () -> FourierBasis.realInverse(nx, modes, true), nx, 2L * modes);

        SDVariable spectrum = fwd.mmul(x.reshape(nx, -1)).reshape(2L * modes, -1, inChannels);
        SDVariable mixed = ComplexModes.multiply(sd, spectrum, modes, inChannels, outChannels, w, constant);
        return inv.mmul(mixed.reshape(2L * modes, -1)).reshape(-1, outChannels);
    }

    /** @return the reference code's initial scale {@code 1 / (in out)} of both weight parts */
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

    /** @return kept modes */
    public int modes() {
        return modes;
    }
}
