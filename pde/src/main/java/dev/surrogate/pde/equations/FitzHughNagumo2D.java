package dev.surrogate.pde.equations;

import dev.surrogate.pde.spectral.SpectralGrid2D;

/**
 * The FitzHugh-Nagumo system in the form of PDEBench's 2-D diffusion-reaction benchmark (Takamoto et al. 2022):
 * <pre>
 *   u_t = Du lap(u) + u - u^3 - k - v
 *   v_t = Dv lap(v) + u - v
 * </pre>
 * Linear part: diffusion and the decay {@code -v} of the inhibitor; nonlinear part: {@code u - u^3 - k - v} and
 * {@code u}. The growth term {@code +u} stays in the nonlinear part so that the linear operator is dissipative
 * (all its eigenvalues {@code <= 0}); only decay is worth integrating exactly.
 *
 * <p>Defaults are PDEBench's: {@code Du = 1e-3}, {@code Dv = 5e-3}, {@code k = 5e-3} on {@code [-1, 1]^2}, i.e. a
 * square of side {@code L = 2} (coordinates here run over {@code [0, 2)}; PDEBench uses no-flux boundaries, this
 * solver is periodic). The uniform steady state is {@code u = v = -cbrt(k)}.
 */
public final class FitzHughNagumo2D extends ReactionDiffusion2D {
    /** PDEBench's diffusion coefficient of the activator u. */
    public static final double DEFAULT_DU = 1e-3;
    /** PDEBench's diffusion coefficient of the inhibitor v. */
    public static final double DEFAULT_DV = 5e-3;
    /** PDEBench's threshold constant k. */
    public static final double DEFAULT_K = 5e-3;
    /** PDEBench's domain side ([-1, 1]). */
    public static final double DEFAULT_LENGTH = 2.0;

    private final double k;

    /**
     * @param grid the periodic grid
     * @param du   diffusion coefficient of u, {@code >= 0} (L^2 / time)
     * @param dv   diffusion coefficient of v, {@code >= 0}
     * @param k    the constant k, finite
     */
    public FitzHughNagumo2D(SpectralGrid2D grid, double du, double dv, double k) {
        super(grid, du, dv, 0, 1);
        if (!Double.isFinite(k)) {
            throw new IllegalArgumentException("FitzHugh-Nagumo constant k must be finite, got " + k);
        }
        this.k = k;
    }

    /** @return the constant k */
    public double k() {
        return k;
    }

    /** @return the uniform steady state {@code u = v = -cbrt(k)} */
    public double uniformSteadyState() {
        return -Math.cbrt(k);
    }

    @Override
    protected void react(double[] u, double[] v) {
        double c = k;
        for (int i = 0; i < u.length; i++) {
            double ui = u[i];
            double vi = v[i];
            u[i] = ui - ui * ui * ui - c - vi;
            v[i] = ui;
        }
    }

    @Override
    public String describe() {
        return "fitzhugh-nagumo Du=" + diffusionU() + " Dv=" + diffusionV() + " k=" + k + " L=" + grid().lx() + "x"
                + grid().ly() + " grid=" + grid().nx() + "x" + grid().ny();
    }
}
