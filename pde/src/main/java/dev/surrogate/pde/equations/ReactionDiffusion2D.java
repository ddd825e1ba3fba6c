package dev.surrogate.pde.equations;

import dev.surrogate.pde.spectral.RealFft2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.PseudoSpectralEquation;
import java.util.Objects;

/**
 * A two-species reaction-diffusion system on the periodic rectangle {@code [0, Lx) x [0, Ly)}:
 * <pre>
 *   u_t = Du lap(u) - a u + Ru(u, v)
 *   v_t = Dv lap(v) - b v + Rv(u, v)
 * </pre>
 * Linear part (diagonal in Fourier space): diffusion plus the linear decay terms {@code -a u}, {@code -b v} with
 * constant rates {@code a, b >= 0} that a subclass chooses to take out of its reaction; ETDRK4 integrates them
 * exactly, so fast decay does not limit the step. The reaction terms {@code Ru, Rv} (everything else: cross
 * coupling, polynomial terms, constants) form the nonlinear part and are evaluated pointwise on the grid
 * ({@link #react}).
 *
 * <p>No dealiasing: the reaction terms are cubic, for which the 2/3 rule is not alias-free anyway (that needs 1/2),
 * and diffusion keeps resolved solutions smooth, so their aliasing error is at the level of the truncation error;
 * truncating would only throw away resolution. Resolve the patterns (check the spectrum's tail) instead.
 *
 * <p>State: the spectrum of u followed by that of v, {@code [2 * ny * (nx + 2)]}, each in the half-complex layout of
 * {@link SpectralGrid2D}. Physical vector: u then v, {@code [2 * ny * nx]}, x fastest. One nonlinear evaluation is
 * 4 real 2-D FFTs (inverse u and v, forward both reactions). Not thread-safe; {@link #nonlinear} allocates nothing.
 */
public abstract class ReactionDiffusion2D implements PseudoSpectralEquation {
    private final SpectralGrid2D grid;
    private final double du;
    private final double dv;
    private final RealFft2D fft;
    private final double[] lin;
    private final double[] u;
    private final double[] v;
    private final double[] uh;
    private final double[] vh;

    /**
     * @param grid      the periodic grid
     * @param du        diffusion coefficient of u, {@code >= 0} (units L^2 / time)
     * @param dv        diffusion coefficient of v, {@code >= 0}
     * @param decayU    linear decay rate a of u taken into the linear part, {@code >= 0} (1 / time)
     * @param decayV    linear decay rate b of v taken into the linear part, {@code >= 0}
     */
    protected ReactionDiffusion2D(SpectralGrid2D grid, double du, double dv, double decayU, double decayV) {
        this.grid = Objects.requireNonNull(grid, "grid");
        requireNonNegative("diffusion_u", du);
        requireNonNegative("diffusion_v", dv);
        requireNonNegative("linear decay of u", decayU);
        requireNonNegative("linear decay of v", decayV);
        this.du = du;
        this.dv = dv;
        this.fft = new RealFft2D(grid);
        int spec = grid.spectralSize();
        double[] lu = grid.diagonal((kx, ky) -> -du * (kx * kx + ky * ky) - decayU);
        double[] lv = grid.diagonal((kx, ky) -> -dv * (kx * kx + ky * ky) - decayV);
        lin = new double[2 * spec];
        System.arraycopy(lu, 0, lin, 0, spec);
        System.arraycopy(lv, 0, lin, spec, spec);
        u = new double[grid.size()];
        v = new double[grid.size()];
        uh = new double[spec];
        vh = new double[spec];
    }

    /**
     * Checks a parameter for {@code >= 0} and finite.
     *
     * @param name  parameter name for the message
     * @param value the value
     * @throws IllegalArgumentException if it is negative, NaN or infinite
     */
    protected static void requireNonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + value);
        }
    }

    /**
     * Replaces, pointwise and in place, the fields by the nonlinear reaction terms: on return
     * {@code u[i] = Ru(u_i, v_i)} and {@code v[i] = Rv(u_i, v_i)}, with the linear decay rates passed to the
     * constructor already removed.
     *
     * @param u values of u {@code [ny * nx]}, overwritten with Ru
     * @param v values of v {@code [ny * nx]}, overwritten with Rv
     */
    protected abstract void react(double[] u, double[] v);

    /** @return the grid */
    public SpectralGrid2D grid() {
        return grid;
    }

    /** @return diffusion coefficient of u */
    public double diffusionU() {
        return du;
    }

    /** @return diffusion coefficient of v */
    public double diffusionV() {
        return dv;
    }

    @Override
    public int dimension() {
        return 2 * grid.spectralSize();
    }

    @Override
    public double[] linearDiagonal() {
        return lin;
    }

    @Override
    public void nonlinear(double t, double[] state, double[] out) {
        spectrumToGrid(state);
        react(u, v);
        gridToSpectrum(out);
    }

    @Override
    public int physicalDimension() {
        return 2 * grid.size();
    }

    @Override
    public void toPhysical(double[] state, double[] physical) {
        checkLengths(state, physical);
        spectrumToGrid(state);
        System.arraycopy(u, 0, physical, 0, u.length);
        System.arraycopy(v, 0, physical, u.length, v.length);
    }

    @Override
    public void toSpectral(double[] physical, double[] state) {
        checkLengths(state, physical);
        System.arraycopy(physical, 0, u, 0, u.length);
        System.arraycopy(physical, u.length, v, 0, v.length);
        gridToSpectrum(state);
    }

    /** Transforms the two halves of a state {@code [2 * spectralSize]} into the grid buffers u and v. */
    private void spectrumToGrid(double[] state) {
        System.arraycopy(state, 0, uh, 0, uh.length);
        System.arraycopy(state, uh.length, vh, 0, vh.length);
        fft.inverse(uh, u);
        fft.inverse(vh, v);
    }

    /** Transforms the grid buffers u and v into the two halves of {@code state} {@code [2 * spectralSize]}. */
    private void gridToSpectrum(double[] state) {
        fft.forward(u, uh);
        fft.forward(v, vh);
        System.arraycopy(uh, 0, state, 0, uh.length);
        System.arraycopy(vh, 0, state, uh.length, vh.length);
    }

    /**
     * Builds the spectral state of given fields.
     *
     * @param uField u on the grid {@code [ny * nx]}
     * @param vField v on the grid {@code [ny * nx]}
     * @return a new state {@code [2 * ny * (nx + 2)]}
     */
    public double[] state(double[] uField, double[] vField) {
        double[] state = new double[dimension()];
        toSpectral(uField, vField, state);
        return state;
    }

    /**
     * Writes the spectral state of given fields into a caller's buffer (no allocation).
     *
     * @param uField u on the grid {@code [ny * nx]}, not modified
     * @param vField v on the grid {@code [ny * nx]}, not modified
     * @param state  {@code [2 * ny * (nx + 2)]}, overwritten
     */
    public void toSpectral(double[] uField, double[] vField, double[] state) {
        if (uField.length != grid.size() || vField.length != grid.size() || state.length != dimension()) {
            throw new IllegalArgumentException("fields must have length ny*nx = " + grid.size() + " and the state "
                    + dimension() + ", got u " + uField.length + ", v " + vField.length + " and state "
                    + state.length);
        }
        System.arraycopy(uField, 0, u, 0, u.length);
        System.arraycopy(vField, 0, v, 0, v.length);
        gridToSpectrum(state);
    }

    private void checkLengths(double[] state, double[] physical) {
        if (state.length != dimension() || physical.length != physicalDimension()) {
            throw new IllegalArgumentException("expected state length " + dimension() + " and physical length "
                    + physicalDimension() + ", got " + state.length + " and " + physical.length);
        }
    }
}
