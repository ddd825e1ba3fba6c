package dev.surrogate.operators.physics;

import dev.surrogate.pde.equations.FitzHughNagumo2D;
import dev.surrogate.pde.equations.GrayScott2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The two-species reaction-diffusion systems of {@code pde}, as {@link GrayScott2D} and {@link FitzHughNagumo2D}
 * discretise them: spectral diffusion {@code D lap} (symbol {@code -(kx^2 + ky^2)} on every mode) plus the
 * reaction evaluated pointwise on the grid, no dealiasing. Fields {@code [u, v]}.
 * <ul>
 *   <li>Gray-Scott: {@code u_t = Du lap(u) - u v^2 + F (1 - u)}, {@code v_t = Dv lap(v) + u v^2 - (F + k) v};
 *       parameters {@code [diffusion_u, diffusion_v, feed_rate, kill_rate]}.</li>
 *   <li>FitzHugh-Nagumo: {@code u_t = Du lap(u) + u - u^3 - k - v}, {@code v_t = Dv lap(v) + u - v};
 *       parameters {@code [diffusion_u, diffusion_v, k]}.</li>
 * </ul>
 */
public final class ReactionDiffusionResidual implements PdeResidual {

    /** The reaction terms. */
    public enum Reaction {
        /** Gray-Scott. */
        GRAY_SCOTT("gray-scott", List.of("diffusion_u", "diffusion_v", "feed_rate", "kill_rate")),
        /** FitzHugh-Nagumo in PDEBench's form. */
        FITZHUGH_NAGUMO("fitzhugh-nagumo", List.of("diffusion_u", "diffusion_v", "k"));

        private final String equation;
        private final List<String> parameters;

        Reaction(String equation, List<String> parameters) {
            this.equation = equation;
            this.parameters = parameters;
        }

        /** @return the equation's name as in the dataset attribute {@code equation} */
        public String equation() {
            return equation;
        }

        /** @return its parameters, in the order of the params' columns */
        public List<String> parameters() {
            return parameters;
        }
    }

    private final SpectralGrid2D grid;
    private final Reaction reaction;
    private final SpectralDerivatives ops;

    /**
     * @param grid     the periodic grid of the data
     * @param reaction which system
     */
    public ReactionDiffusionResidual(SpectralGrid2D grid, Reaction reaction) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.reaction = Objects.requireNonNull(reaction, "reaction");
        // the Laplacian symbol is the equation's own linear part for u at unit diffusion and no decay
        double[] lin = reaction == Reaction.GRAY_SCOTT ? new GrayScott2D(grid, 1, 1, 0, 0).linearDiagonal()
                : new FitzHughNagumo2D(grid, 1, 1, 0).linearDiagonal();
        this.ops = SpectralDerivatives.of(grid, Arrays.copyOf(lin, grid.spectralSize()));
    }

    @Override
    public String equation() {
        return reaction.equation;
    }

    @Override
    public List<String> fieldNames() {
        return List.of("u", "v");
    }

    @Override
    public List<String> parameterNames() {
        return reaction.parameters;
    }

    @Override
    public int[] spatialShape() {
        return new int[] {grid.ny(), grid.nx()};
    }

    @Override
    public String spatialDiscretisation() {
        return "Fourier pseudo-spectral on " + grid.nx() + "x" + grid.ny() + ", L = " + grid.lx() + "x" + grid.ly()
                + ", spectral diffusion, reaction on the grid, no dealiasing (as the solver)";
    }

    @Override
    public SDVariable rightHandSide(SameDiff sd, SDVariable state, SDVariable params) {
        int nx = grid.nx();
        int ny = grid.ny();
        SDVariable s = state.reshape(-1, 2, ny, nx);
        SDVariable diffusivity = params.get(SDIndex.all(), SDIndex.interval(0, 2)).reshape(-1, 2, 1, 1);
        SDVariable diffusion = ops.laplacian(sd, s.reshape(-1, ny, nx)).reshape(-1, 2, ny, nx).mul(diffusivity);
        SDVariable u = s.get(SDIndex.all(), SDIndex.point(0));
        SDVariable v = s.get(SDIndex.all(), SDIndex.point(1));
        SDVariable ru;
        SDVariable rv;
        if (reaction == Reaction.GRAY_SCOTT) {
            SDVariable feed = column(params, 2);
            SDVariable kill = column(params, 3);
            SDVariable uvv = u.mul(v).mul(v);
            ru = feed.sub(feed.mul(u)).sub(uvv);
            rv = uvv.sub(feed.add(kill).mul(v));
        } else {
            SDVariable k = column(params, 2);
            ru = u.sub(u.mul(u).mul(u)).sub(k).sub(v);
            rv = u.sub(v);
        }
        return diffusion.add(sd.stack(1, ru, rv));
    }

    /** @return parameter column {@code c} shaped {@code [n, 1, 1]} to broadcast over a field {@code [n, ny, nx]} */
    private static SDVariable column(SDVariable params, int c) {
        return params.get(SDIndex.all(), SDIndex.interval(c, c + 1)).reshape(-1, 1, 1);
    }
}
