package dev.surrogate.operators.physics;

import dev.surrogate.operators.physics.SpectralDerivatives.Op1D;
import dev.surrogate.pde.equations.Burgers1D;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import java.util.List;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Viscous Burgers {@code u_t + u u_x = nu u_xx} on {@code [0, L)}, as {@link Burgers1D} discretises it:
 * {@code F(u) = nu D_xx u + P D_x (-(1/2) (P u)^2)} with {@code P} the 2/3-rule projection and {@code D_x},
 * {@code D_xx} the spectral derivatives ({@code i k}, {@code -k^2}, {@code k = 2 pi j / L}): the state is dealiased,
 * squared on the grid, transformed, differentiated and dealiased again, exactly the solver's sequence. Parameter:
 * {@code nu} per sample.
 */
public final class BurgersResidual implements PdeResidual {
    private final SpectralGrid1D grid;
    private final SpectralDerivatives ops;

    /** @param grid the periodic grid of the data */
    public BurgersResidual(SpectralGrid1D grid) {
        this.grid = grid;
        // the Laplacian symbol is the equation's own linear part at unit viscosity
        this.ops = SpectralDerivatives.of(grid, new Burgers1D(grid, 1.0).linearDiagonal());
    }

    @Override
    public String equation() {
        return "burgers";
    }

    @Override
    public List<String> fieldNames() {
        return List.of("u");
    }

    @Override
    public List<String> parameterNames() {
        return List.of("nu");
    }

    @Override
    public int[] spatialShape() {
        return new int[] {grid.n()};
    }

    @Override
    public String spatialDiscretisation() {
        return "Fourier pseudo-spectral on " + grid.n() + " points, L = " + grid.length() + ", conservative "
                + "nonlinear term -(1/2) d_x(u^2) with 2/3-rule dealiasing of u and of the term (as the solver)";
    }

    @Override
    public SDVariable rightHandSide(SameDiff sd, SDVariable state, SDVariable params) {
        int n = grid.n();
        SDVariable u = state.reshape(-1, n);
        SDVariable nu = params.get(SDIndex.all(), SDIndex.interval(0, 1));
        SDVariable pu = ops.apply(sd, Op1D.DEALIAS, u);
        SDVariable flux = pu.mul(pu).mul(-0.5);
        SDVariable advection = ops.apply(sd, Op1D.DEALIASED_DX, flux);
        SDVariable diffusion = ops.apply(sd, Op1D.DXX, u).mul(nu);
        return diffusion.add(advection).reshape(-1, 1, n);
    }
}
