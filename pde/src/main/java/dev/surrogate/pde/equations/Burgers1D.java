package dev.surrogate.pde.equations;

import dev.surrogate.pde.spectral.RealFft1D;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.time.PseudoSpectralEquation;

/**
 * Viscous Burgers equation on the periodic interval {@code [0, L)}:
 * <pre>  u_t + u u_x = nu u_xx</pre>
 * in Fourier space: linear part {@code L = -nu k^2} (stiff, treated exactly by ETDRK4), nonlinear part
 * {@code N = -(1/2) d/dx (u^2)} in conservation form, so the mean of u is conserved to round-off. The product is
 * formed on the grid and dealiased by the 2/3 rule.
 *
 * <p>State: the half-complex spectrum {@code [nx + 2]} of {@link SpectralGrid1D}. Not thread-safe (owns FFT
 * buffers); the nonlinear evaluation allocates nothing.
 */
public final class Burgers1D implements PseudoSpectralEquation {
    private final SpectralGrid1D grid;
    private final double nu;
    private final RealFft1D fft;
    private final double[] lin;
    private final double[] physical;
    private final double[] work;

    /**
     * @param grid the periodic grid
     * @param nu   kinematic viscosity, positive and finite (units L^2 / time)
     * @throws IllegalArgumentException for a non-positive or non-finite viscosity
     */
    public Burgers1D(SpectralGrid1D grid, double nu) {
        if (!(nu > 0) || !Double.isFinite(nu)) {
            throw new IllegalArgumentException("viscosity nu must be positive and finite, got " + nu);
        }
        this.grid = grid;
        this.nu = nu;
        this.fft = new RealFft1D(grid.n());
        this.lin = grid.diagonal(k -> -nu * k * k);
        this.physical = new double[grid.n()];
        this.work = new double[grid.spectralSize()];
    }

    /** @return the grid */
    public SpectralGrid1D grid() {
        return grid;
    }

    /** @return viscosity nu */
    public double nu() {
        return nu;
    }

    @Override
    public int dimension() {
        return grid.spectralSize();
    }

    @Override
    public double[] linearDiagonal() {
        return lin;
    }

    @Override
    public void nonlinear(double t, double[] state, double[] out) {
        System.arraycopy(state, 0, work, 0, work.length);
        grid.dealias(work);
        fft.inverse(work, physical);
        for (int i = 0; i < physical.length; i++) {
            double u = physical[i];
            physical[i] = -0.5 * u * u;
        }
        fft.forward(physical, work);
        grid.derivative(work, out);
        grid.dealias(out);
    }

    @Override
    public int physicalDimension() {
        return grid.n();
    }

    @Override
    public void toPhysical(double[] state, double[] physicalOut) {
        fft.inverse(state, physicalOut);
    }

    @Override
    public void toSpectral(double[] physicalIn, double[] state) {
        fft.forward(physicalIn, state);
    }

    @Override
    public String describe() {
        return "burgers nu=" + nu + " L=" + grid.length() + " nx=" + grid.n();
    }
}
