package dev.surrogate.operators.physics;

import dev.surrogate.pde.residual.OperatorMatrices;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Spectral derivatives, dealiasing and diffusion of physical fields in a SameDiff graph, as exact DFT operators
 * written out as real matrices (ND4J has no FFT): for a 1-D grid an {@code [n, n]} matrix, for a 2-D grid one
 * matrix along x and one along y (every operator used here has a symbol that is a product or a sum of
 * one-axis symbols).
 *
 * <p>The matrices are those of {@code pde}'s own operators ({@link OperatorMatrices} applies
 * {@link SpectralGrid1D#derivative}, {@link SpectralGrid1D#dealias}, an equation's {@code linearDiagonal()} to every
 * unit vector), so they carry its conventions: mode j of a grid of n points on {@code [0, L)} has angular
 * wavenumber {@code k_j = 2 pi j / L}, {@code d/dx} multiplies it by {@code i k_j} and zeroes the Nyquist mode; the
 * 2/3 rule keeps {@code |j| <= (n - 1) / 3}; {@code -k^2} acts on every mode. A dense product costs
 * {@code n} multiply-adds per point, cheaper than it sounds at the grid sizes of these datasets (n up to a few
 * hundred), and its gradient is another matrix product.
 *
 * <p>Matrices are built in double precision and become graph constants in the data type of the field they meet.
 */
public final class SpectralDerivatives {
    private final String key;
    private final int nx;
    private final int ny;
    private final double[][] byName;
    private final String[] names;

    private SpectralDerivatives(String key, int nx, int ny, String[] names, double[][] matrices) {
        this.key = key;
        this.nx = nx;
        this.ny = ny;
        this.names = names;
        this.byName = matrices;
    }

    /** Operator names of a 1-D grid, each an {@code [n, n]} matrix along x. */
    public enum Op1D {
        /** {@code d/dx}: {@code i k}, Nyquist mode zero. */
        DX,
        /** {@code d/dx} then the 2/3 rule (the order Burgers' nonlinear term uses). */
        DEALIASED_DX,
        /** the 2/3 rule alone. */
        DEALIAS,
        /** {@code d^2/dx^2}: {@code -k^2} on every mode. */
        DXX
    }

    /** Operator names of a 2-D grid: {@code _X} act along x ({@code [nx, nx]}), {@code _Y} along y. */
    public enum Op2D {
        /** {@code d/dx}, x-Nyquist column zero. */
        DX,
        /** {@code d/dy}, y-Nyquist row zero. */
        DY,
        /** {@code d^2/dx^2}: {@code -kx^2} on every mode. */
        DXX,
        /** {@code d^2/dy^2}: {@code -ky^2} on every mode. */
        DYY,
        /** the x-factor of the (separable) 2/3 mask. */
        DEALIAS_X,
        /** the y-factor of the 2/3 mask. */
        DEALIAS_Y
    }

    /**
     * @param grid          the 1-D grid
     * @param laplaceSymbol the diagonal of {@code d^2/dx^2} in the half-complex layout, e.g. the
     *                      {@code linearDiagonal()} of the equation with unit viscosity; null for {@code -k^2} from
     *                      the grid's wavenumbers
     * @return the operators of that grid
     */
    public static SpectralDerivatives of(SpectralGrid1D grid, double[] laplaceSymbol) {
        double[] lap = laplaceSymbol != null ? laplaceSymbol.clone() : grid.diagonal(k -> -k * k);
        double[][] m = new double[Op1D.values().length][];
        m[Op1D.DX.ordinal()] = OperatorMatrices.of(grid, h -> grid.derivative(h, h));
        m[Op1D.DEALIASED_DX.ordinal()] = OperatorMatrices.of(grid, h -> {
            grid.derivative(h, h);
            grid.dealias(h);
        });
        m[Op1D.DEALIAS.ordinal()] = OperatorMatrices.of(grid, grid::dealias);
        m[Op1D.DXX.ordinal()] = OperatorMatrices.of(grid, multiply(lap));
        String[] names = new String[m.length];
        for (Op1D op : Op1D.values()) {
            names[op.ordinal()] = op.name().toLowerCase(Locale.ROOT);
            m[op.ordinal()] = GraphConstants.transpose(m[op.ordinal()], grid.n(), grid.n());
        }
        String key = "grid1d_n" + grid.n() + "_L" + Double.doubleToLongBits(grid.length())
                + (laplaceSymbol == null ? "" : "_lap" + Arrays.hashCode(lap));
        return new SpectralDerivatives(key, grid.n(), 0, names, m);
    }

    /**
     * @param grid          the 2-D grid
     * @param laplaceSymbol the diagonal of the Laplacian in the half-complex layout (e.g. an equation's
     *                      {@code linearDiagonal()} with unit diffusion and no decay); its x- and y-parts are read on
     *                      fields constant in the other direction; null for {@code -(kx^2 + ky^2)}
     * @return the operators of that grid
     */
    public static SpectralDerivatives of(SpectralGrid2D grid, double[] laplaceSymbol) {
        double[] lap = laplaceSymbol != null ? laplaceSymbol.clone()
                : grid.diagonal((kx, ky) -> -(kx * kx + ky * ky));
        int nx = grid.nx();
        int ny = grid.ny();
        double[] mask = grid.dealiasMask();
        double[][] m = new double[Op2D.values().length][];
        m[Op2D.DX.ordinal()] = OperatorMatrices.alongX(grid, h -> grid.derivativeX(h, h));
        m[Op2D.DY.ordinal()] = OperatorMatrices.alongY(grid, h -> grid.derivativeY(h, h));
        m[Op2D.DXX.ordinal()] = OperatorMatrices.alongX(grid, multiply(lap));
        m[Op2D.DYY.ordinal()] = OperatorMatrices.alongY(grid, multiply(lap));
        m[Op2D.DEALIAS_X.ordinal()] = OperatorMatrices.alongX(grid, multiply(mask));
        m[Op2D.DEALIAS_Y.ordinal()] = OperatorMatrices.alongY(grid, multiply(mask));
        String[] names = new String[m.length];
        for (Op2D op : Op2D.values()) {
            int n = op.name().endsWith("X") ? nx : ny;
            names[op.ordinal()] = op.name().toLowerCase(Locale.ROOT);
            m[op.ordinal()] = GraphConstants.transpose(m[op.ordinal()], n, n);
        }
        String key = "grid2d_" + nx + "x" + ny + "_L" + Double.doubleToLongBits(grid.lx()) + "x"
                + Double.doubleToLongBits(grid.ly()) + (laplaceSymbol == null ? "" : "_lap"
                + Arrays.hashCode(lap));
        return new SpectralDerivatives(key, nx, ny, names, m);
    }

    private static Consumer<double[]> multiply(double[] symbol) {
        return h -> {
            for (int i = 0; i < h.length; i++) {
                h[i] *= symbol[i];
            }
        };
    }

    /**
     * Applies a 1-D operator along the last axis.
     *
     * @param sd the graph
     * @param op the operator
     * @param u  field {@code [rows, nx]}
     * @return {@code [rows, nx]}
     */
    public SDVariable apply(SameDiff sd, Op1D op, SDVariable u) {
        requireDims(1);
        return u.mmul(constant(sd, op.ordinal(), u, nx));
    }

    /**
     * Applies a 2-D operator along its axis.
     *
     * @param sd the graph
     * @param op the operator
     * @param u  field {@code [m, ny, nx]}
     * @return {@code [m, ny, nx]}
     */
    public SDVariable apply(SameDiff sd, Op2D op, SDVariable u) {
        requireDims(2);
        if (op.name().endsWith("X")) {
            return u.reshape(-1, nx).mmul(constant(sd, op.ordinal(), u, nx)).reshape(-1, ny, nx);
        }
        SDVariable columns = u.permute(0, 2, 1).reshape(-1, ny);
        return columns.mmul(constant(sd, op.ordinal(), u, ny)).reshape(-1, nx, ny).permute(0, 2, 1);
    }

    /**
     * The Laplacian {@code d_xx + d_yy} of 2-D fields.
     *
     * @param sd the graph
     * @param u  {@code [m, ny, nx]}
     * @return {@code [m, ny, nx]}
     */
    public SDVariable laplacian(SameDiff sd, SDVariable u) {
        return apply(sd, Op2D.DXX, u).add(apply(sd, Op2D.DYY, u));
    }

    private SDVariable constant(SameDiff sd, int index, SDVariable like, int n) {
        double[] values = byName[index];
        return GraphConstants.get(sd, "spectral/" + key + "/" + names[index], like.dataType(), () -> values, n, n);
    }

    private void requireDims(int dims) {
        if ((ny == 0 ? 1 : 2) != dims) {
            throw new IllegalArgumentException("a " + dims + "-D operator on the " + (ny == 0 ? 1 : 2)
                    + "-D grid " + key);
        }
    }
}
