package dev.surrogate.operators.physics;

import dev.surrogate.pde.equations.Forcing2D;
import dev.surrogate.pde.equations.NavierStokes2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Incompressible Navier-Stokes in vorticity form, {@code w_t + (u . grad) w = nu lap(w) + f}, as
 * {@link NavierStokes2D} discretises it: {@code F(w) = nu lap(w) - P[(d_xx - d_yy)(u v) + d_xy(v^2 - u^2)] + f},
 * the velocity {@code u = i ky / |k|^2 Pw}, {@code v = -i kx / |k|^2 Pw} recovered from the dealiased vorticity,
 * the advection term in Basdevant's form and dealiased ({@code P} the 2/3 rule), the forcing on every mode.
 *
 * <p>The velocity and advection multipliers are the equation's own ({@link NavierStokes2D#velocityMultipliers()},
 * {@link NavierStokes2D#advectionMultipliers()}), applied on the kept modes by a {@link TruncatedDft2D}; the
 * viscous term uses the separable Laplacian of {@link SpectralDerivatives}, the forcing
 * {@link NavierStokes2D#forcingField()}. Parameter: {@code nu} per sample.
 */
public final class NavierStokesResidual implements PdeResidual {
    private final SpectralGrid2D grid;
    private final String forcingExpression;
    private final double[] forcing;
    private final boolean forced;
    private final SpectralDerivatives ops;
    private final TruncatedDft2D dft;
    private final double[] velocityTable;
    private final double[] advectionTable;
    private final String key;

    /**
     * @param grid    the periodic grid of the data
     * @param forcing the body force (its expression is what datasets store in the attribute {@code forcing})
     */
    public NavierStokesResidual(SpectralGrid2D grid, Forcing2D forcing) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.forcingExpression = forcing.expression();
        NavierStokes2D eq = new NavierStokes2D(grid, 1.0, forcing);
        this.forcing = eq.forcingField();
        boolean any = false;
        for (double f : this.forcing) {
            any |= f != 0;
        }
        this.forced = any;
        this.ops = SpectralDerivatives.of(grid, eq.linearDiagonal());
        this.dft = new TruncatedDft2D(grid);
        int mx = dft.modesX();
        int my = dft.modesY();
        int half = grid.nx() / 2 + 1;
        double[][] vel = eq.velocityMultipliers();
        double[][] adv = eq.advectionMultipliers();
        // velocity: uhat = i my what, vhat = -i mx what; multiplying by i c maps (re, im) to (-c im, c re), so
        // the table multiplies the swapped spectrum (im, re) by (-c, c)
        velocityTable = new double[2 * mx * 2 * my];
        advectionTable = new double[2 * mx * my];
        for (int j = 0; j < mx; j++) {
            for (int q = 0; q < my; q++) {
                int m = dft.row(q) * half + j;
                double cu = vel[1][m];
                double cv = -vel[0][m];
                velocityTable[((0 * mx + j) * 2) * my + q] = -cu;
                velocityTable[((0 * mx + j) * 2 + 1) * my + q] = cu;
                velocityTable[((mx + j) * 2) * my + q] = -cv;
                velocityTable[((mx + j) * 2 + 1) * my + q] = cv;
                advectionTable[j * my + q] = -adv[0][m];
                advectionTable[(mx + j) * my + q] = -adv[1][m];
            }
        }
        key = "navier_stokes/" + grid.nx() + "x" + grid.ny() + "_L" + Double.doubleToLongBits(grid.lx()) + "x"
                + Double.doubleToLongBits(grid.ly()) + "_f" + forcingExpression.hashCode();
    }

    @Override
    public String equation() {
        return "navier-stokes";
    }

    @Override
    public List<String> fieldNames() {
        return List.of("vorticity");
    }

    @Override
    public List<String> parameterNames() {
        return List.of("nu");
    }

    @Override
    public int[] spatialShape() {
        return new int[] {grid.ny(), grid.nx()};
    }

    @Override
    public String spatialDiscretisation() {
        return "Fourier pseudo-spectral on " + grid.nx() + "x" + grid.ny() + ", L = " + grid.lx() + "x" + grid.ly()
                + ", velocity from the 2/3-dealiased vorticity, advection in Basdevant form dealiased by the 2/3 "
                + "rule (as the solver), forcing " + forcingExpression;
    }

    @Override
    public SDVariable rightHandSide(SameDiff sd, SDVariable state, SDVariable params) {
        int nx = grid.nx();
        int ny = grid.ny();
        int mx = dft.modesX();
        int my = dft.modesY();
        SDVariable w = state.reshape(-1, ny, nx);
        SDVariable nu = params.get(SDIndex.all(), SDIndex.interval(0, 1)).reshape(-1, 1, 1);
        SDVariable viscous = ops.laplacian(sd, w).mul(nu);

        SDVariable spectrum = dft.forward(sd, w);
        SDVariable velTable = GraphConstants.get(sd, key + "/velocity", w.dataType(), () -> velocityTable, 2, mx,
                2, my);
        // both velocity components from one product: the spectrum is stacked twice rather than broadcast against
        // the table, because SameDiff's gradient of a product broadcast in both operands (here [B, 1, ...] against
        // [2, ...]) keeps the broadcast axis at run time and training then fails (batch from a placeholder)
        // i times the spectrum needs its real and imaginary parts swapped: two slices rather than sd.reverse, whose
        // gradient held memory on every training step (measured: 0.5 GB per epoch at 64^2, level with slices)
        SDVariable swapped = sd.concat(2,
                spectrum.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(1, 2), SDIndex.all()),
                spectrum.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all()));
        SDVariable reversed = swapped.reshape(-1, 1, mx, 2, my);
        SDVariable velocitySpectra = sd.concat(1, reversed, reversed).mul(velTable).reshape(-1, mx, 2, my);
        SDVariable velocity = dft.inverse(sd, velocitySpectra).reshape(-1, 2, ny, nx);
        SDVariable u = velocity.get(SDIndex.all(), SDIndex.point(0));
        SDVariable v = velocity.get(SDIndex.all(), SDIndex.point(1));
        SDVariable products = sd.stack(1, u.mul(v), v.mul(v).sub(u.mul(u))).reshape(-1, ny, nx);
        SDVariable advTable = GraphConstants.get(sd, key + "/advection", w.dataType(), () -> advectionTable, 2, mx,
                1, my);
        SDVariable advSpectrum = dft.forward(sd, products).reshape(-1, 2, mx, 2, my).mul(advTable).sum(1);
        SDVariable f = viscous.add(dft.inverse(sd, advSpectrum));
        if (forced) {
            f = f.add(GraphConstants.get(sd, key + "/forcing", w.dataType(), () -> forcing, 1, ny, nx));
        }
        return f.reshape(-1, 1, ny, nx);
    }
}
