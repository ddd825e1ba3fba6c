package dev.surrogate.pde.equations;

import dev.surrogate.pde.spectral.RealFft2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.PseudoSpectralEquation;
import java.util.Objects;

/**
 * Incompressible Navier-Stokes in vorticity form on the periodic square (or rectangle) {@code [0, Lx) x [0, Ly)}:
 * <pre>
 *   w_t + (u . grad) w = nu lap(w) + f,     lap(psi) = -w,     u = psi_y,  v = -psi_x
 * </pre>
 * with vorticity {@code w = v_x - u_y}, stream function psi, velocity {@code (u, v)} and a time-independent forcing
 * field {@code f(x, y)}.
 *
 * <p>Split for the steppers: linear part {@code L = -nu |k|^2} (the stiff viscosity, integrated exactly by ETDRK4
 * or implicitly by Crank-Nicolson), nonlinear part {@code N = -(u . grad) w + f}. The advection term is evaluated
 * in Basdevant's (1983) form
 * <pre>
 *   (u . grad) w = (d_xx - d_yy)(u v) + d_xy (v^2 - u^2),
 * </pre>
 * which is algebraically identical for a divergence-free u but needs 4 FFTs per evaluation (inverse u and v,
 * forward {@code u v} and {@code v^2 - u^2}) instead of the 5 of the advective form {@code u w_x + v w_y}. Both the
 * input and the result are truncated by the 2/3 rule, so the evaluation is the exact Galerkin projection of the
 * advection term onto the retained modes: with {@code nu = 0} and {@code f = 0} the semi-discrete system conserves
 * energy and enstrophy exactly, and only the time stepping changes them. (The FNO benchmark generator truncates only
 * the product; it then also differs by aliasing from the high modes of its initial field.)
 *
 * <p>State: the vorticity spectrum {@code double[ny * (nx + 2)]} in the half-complex layout of
 * {@link SpectralGrid2D}. The mean vorticity (mode (0, 0)) is not advected and changes only by the mean of the
 * forcing; for a periodic velocity it must be zero, and the velocity recovered here ignores it.
 *
 * <p>Each nonlinear evaluation also records the largest advective rate {@code max(|u|/dx + |v|/dy)} it saw, so a
 * CFL check costs nothing extra (see {@link #takeMaxAdvectiveRate()} and {@link CflGuard}).
 *
 * <p>Not thread-safe (owns FFT buffers); {@link #nonlinear} allocates nothing.
 */
public final class NavierStokes2D implements PseudoSpectralEquation {
    /** The FNO benchmark's default viscosity. */
    public static final double DEFAULT_NU = 1e-3;

    private final SpectralGrid2D grid;
    private final double nu;
    private final String forcingExpression;
    private final double[] forcingHat;
    private final boolean forced;
    private final RealFft2D fft;
    private final double[] lin;
    // Per complex mode m (spectral index 2m): dealiased multipliers, zero for removed modes and for k = 0.
    private final double[] ax;
    private final double[] ay;
    private final double[] cA;
    private final double[] cB;
    private final double invDx;
    private final double invDy;
    private final double[] uh;
    private final double[] vh;
    private final double[] u;
    private final double[] v;
    private double maxRate;

    /**
     * @param grid    the periodic grid
     * @param nu      kinematic viscosity, {@code >= 0} and finite (units L^2 / time); 0 gives the Euler equations
     * @param forcing the forcing {@code f(x, y)}
     * @throws IllegalArgumentException for a negative or non-finite viscosity
     */
    public NavierStokes2D(SpectralGrid2D grid, double nu, Forcing2D forcing) {
        this(grid, nu, forcing.isNone() ? null : forcing.sample(grid), forcing.expression());
    }

    /**
     * @param grid       the periodic grid
     * @param nu         kinematic viscosity, {@code >= 0} and finite (units L^2 / time)
     * @param forcing    forcing field {@code [ny * nx]} (x fastest, units vorticity / time), not kept; or null for none
     * @param expression how the forcing field was made, for {@link #describe()} and metadata
     * @throws IllegalArgumentException for a negative or non-finite viscosity, or a forcing of the wrong length or
     *                                  with non-finite values
     */
    public NavierStokes2D(SpectralGrid2D grid, double nu, double[] forcing, String expression) {
        Objects.requireNonNull(grid, "grid");
        if (!(nu >= 0) || !Double.isFinite(nu)) {
            throw new IllegalArgumentException("viscosity nu must be >= 0 and finite, got " + nu);
        }
        this.grid = grid;
        this.nu = nu;
        this.fft = new RealFft2D(grid);
        int nx = grid.nx();
        int ny = grid.ny();
        int spec = grid.spectralSize();
        this.forcingHat = new double[spec];
        if (forcing != null) {
            if (forcing.length != grid.size()) {
                throw new IllegalArgumentException("forcing field has length " + forcing.length + ", expected ny*nx = "
                        + ny + "*" + nx + " = " + grid.size());
            }
            for (int i = 0; i < forcing.length; i++) {
                if (!Double.isFinite(forcing[i])) {
                    throw new IllegalArgumentException("forcing field has a non-finite value " + forcing[i]
                            + " at index " + i);
                }
            }
            fft.forward(forcing, forcingHat);
        }
        boolean any = false;
        for (double f : forcingHat) {
            any |= f != 0;
        }
        this.forced = any;
        this.forcingExpression = forcing == null ? "0" : (expression == null ? "user field" : expression);
        this.lin = grid.diagonal((kx, ky) -> -nu * (kx * kx + ky * ky));
        int modes = spec / 2;
        ax = new double[modes];
        ay = new double[modes];
        cA = new double[modes];
        cB = new double[modes];
        double[] mask = grid.dealiasMask();
        int half = nx / 2 + 1;
        for (int r = 0; r < ny; r++) {
            double ky = grid.ky(r);
            for (int j = 0; j < half; j++) {
                int m = r * half + j;
                if (mask[2 * m] == 0) {
                    continue;
                }
                double kx = grid.kx(j);
                double k2 = kx * kx + ky * ky;
                if (k2 > 0) {
                    ax[m] = kx / k2;
                    ay[m] = ky / k2;
                }
                cA[m] = ky * ky - kx * kx;
                cB[m] = -kx * ky;
            }
        }
        invDx = nx / grid.lx();
        invDy = ny / grid.ly();
        uh = new double[spec];
        vh = new double[spec];
        u = new double[grid.size()];
        v = new double[grid.size()];
    }

    /**
     * The FNO benchmark problem: viscosity nu and the forcing {@link Forcing2D#fno(double)} on the grid's domain.
     *
     * @param grid a square grid
     * @param nu   viscosity
     * @return the equation
     */
    public static NavierStokes2D fno(SpectralGrid2D grid, double nu) {
        if (grid.lx() != grid.ly()) {
            throw new IllegalArgumentException("the FNO forcing needs a square domain, got " + grid);
        }
        return new NavierStokes2D(grid, nu, Forcing2D.fno(grid.lx()));
    }

    /** @return the grid */
    public SpectralGrid2D grid() {
        return grid;
    }

    /** @return viscosity nu */
    public double nu() {
        return nu;
    }

    /** @return the forcing formula ({@code "0"} when unforced) */
    public String forcingExpression() {
        return forcingExpression;
    }

    /**
     * The forcing as the solver applies it: the inverse FFT of the spectrum it adds to every nonlinear evaluation
     * (all modes, not dealiased), i.e. the forcing field sampled on the grid up to round-off.
     *
     * @return a new {@code double[ny * nx]} (x fastest, units vorticity / time); zeros when unforced
     */
    public double[] forcingField() {
        double[] f = new double[grid.size()];
        fft.inverse(forcingHat, f);
        return f;
    }

    /**
     * The Fourier multipliers of the velocity recovered from the vorticity in {@link #nonlinear}, per complex mode
     * {@code m} of the half-complex layout (spectral index {@code 2m}; row {@code r}, x-mode {@code j},
     * {@code m = r * (nx/2 + 1) + j}): {@code uhat = i * my[m] * what} and {@code vhat = -i * mx[m] * what} with
     * {@code mx = kx / |k|^2}, {@code my = ky / |k|^2} on the modes the 2/3 rule keeps and 0 elsewhere and at
     * {@code k = 0}. Wavenumbers are angular, {@code 2 pi j / L}.
     *
     * @return {@code {mx, my}}, two new arrays of {@code ny * (nx/2 + 1)} values (units L)
     */
    public double[][] velocityMultipliers() {
        return new double[][] {ax.clone(), ay.clone()};
    }

    /**
     * The Fourier multipliers of the advection term in Basdevant's form as {@link #nonlinear} applies them, per
     * complex mode {@code m} (see {@link #velocityMultipliers()}): the nonlinear part is
     * {@code N = f - a[m] * FFT(u v) - b[m] * FFT(v^2 - u^2)} with {@code a = ky^2 - kx^2} (the symbol of
     * {@code d_xx - d_yy}) and {@code b = -kx ky} (that of {@code d_xy}) on the modes the 2/3 rule keeps, 0
     * elsewhere.
     *
     * @return {@code {a, b}}, two new arrays of {@code ny * (nx/2 + 1)} values (units 1 / L^2)
     */
    public double[][] advectionMultipliers() {
        return new double[][] {cA.clone(), cB.clone()};
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
        int modes = ax.length;
        // velocity spectra of the dealiased vorticity: u = i ky psi, v = -i kx psi, psi = w / |k|^2
        for (int m = 0; m < modes; m++) {
            double re = state[2 * m];
            double im = state[2 * m + 1];
            double a = ay[m];
            double b = ax[m];
            uh[2 * m] = -a * im;
            uh[2 * m + 1] = a * re;
            vh[2 * m] = b * im;
            vh[2 * m + 1] = -b * re;
        }
        fft.inverse(uh, u);
        fft.inverse(vh, v);
        double rate = 0;
        double sx = invDx;
        double sy = invDy;
        for (int i = 0; i < u.length; i++) {
            double ui = u[i];
            double vi = v[i];
            rate = Math.max(rate, Math.abs(ui) * sx + Math.abs(vi) * sy);
            u[i] = ui * vi;
            v[i] = vi * vi - ui * ui;
        }
        if (rate > maxRate) {
            maxRate = rate;
        }
        fft.forward(u, uh);
        fft.forward(v, vh);
        // N = -[(d_xx - d_yy)(uv) + d_xy (v^2 - u^2)] + f, dealiased
        if (forced) {
            for (int m = 0; m < modes; m++) {
                double a = cA[m];
                double b = cB[m];
                out[2 * m] = forcingHat[2 * m] - a * uh[2 * m] - b * vh[2 * m];
                out[2 * m + 1] = forcingHat[2 * m + 1] - a * uh[2 * m + 1] - b * vh[2 * m + 1];
            }
        } else {
            for (int m = 0; m < modes; m++) {
                double a = cA[m];
                double b = cB[m];
                out[2 * m] = -a * uh[2 * m] - b * vh[2 * m];
                out[2 * m + 1] = -a * uh[2 * m + 1] - b * vh[2 * m + 1];
            }
        }
    }

    /**
     * The largest advective rate {@code max over the grid of |u|/dx + |v|/dy} (units 1 / time) seen by
     * {@link #nonlinear} since the previous call, then resets it. Times the step size it is the CFL number of that
     * step, measured on the stage values the scheme actually advected; 0 if no evaluation happened.
     *
     * @return the rate, {@code >= 0}
     */
    public double takeMaxAdvectiveRate() {
        double r = maxRate;
        maxRate = 0;
        return r;
    }

    /**
     * Computes {@code max over the grid of |u|/dx + |v|/dy} (units 1 / time) of a state: a stable step for an
     * explicit advection scheme is {@code cfl / rate}. Costs two inverse FFTs.
     *
     * @param state vorticity spectrum, not modified
     * @return the rate, {@code >= 0}
     */
    public double advectiveRate(double[] state) {
        velocity(state, u, v);
        double rate = 0;
        for (int i = 0; i < u.length; i++) {
            rate = Math.max(rate, Math.abs(u[i]) * invDx + Math.abs(v[i]) * invDy);
        }
        return rate;
    }

    /**
     * Recovers the stream function: {@code lap(psi) = -w} with zero mean, from all modes of the state (no
     * truncation).
     *
     * @param state vorticity spectrum {@code [ny * (nx + 2)]}, not modified
     * @param psi   {@code [ny * nx]}, overwritten (units L^2 / time)
     */
    public void streamFunction(double[] state, double[] psi) {
        checkState(state);
        checkPhysical(psi, "psi");
        int half = grid.nx() / 2 + 1;
        for (int r = 0; r < grid.ny(); r++) {
            double ky = grid.ky(r);
            for (int j = 0; j < half; j++) {
                int m = r * half + j;
                double kx = grid.kx(j);
                double k2 = kx * kx + ky * ky;
                double s = k2 > 0 ? 1 / k2 : 0;
                uh[2 * m] = s * state[2 * m];
                uh[2 * m + 1] = s * state[2 * m + 1];
            }
        }
        fft.inverse(uh, psi);
    }

    /**
     * Recovers the velocity {@code u = psi_y, v = -psi_x} from all modes of the state (no truncation); the Nyquist
     * modes, whose derivative a real field cannot represent, contribute nothing. The result is divergence-free to
     * round-off and its curl {@code v_x - u_y} is the vorticity without its mean and Nyquist modes.
     *
     * @param state vorticity spectrum {@code [ny * (nx + 2)]}, not modified
     * @param uOut  x-velocity {@code [ny * nx]}, overwritten (units L / time)
     * @param vOut  y-velocity {@code [ny * nx]}, overwritten (units L / time)
     */
    public void velocity(double[] state, double[] uOut, double[] vOut) {
        checkState(state);
        checkPhysical(uOut, "u");
        checkPhysical(vOut, "v");
        int nx = grid.nx();
        int ny = grid.ny();
        int half = nx / 2 + 1;
        for (int r = 0; r < ny; r++) {
            double ky = r == ny / 2 ? 0 : grid.ky(r);
            double k2y = grid.ky(r) * grid.ky(r);
            for (int j = 0; j < half; j++) {
                int m = r * half + j;
                double kx = j == nx / 2 ? 0 : grid.kx(j);
                double k2 = grid.kx(j) * grid.kx(j) + k2y;
                double s = k2 > 0 ? 1 / k2 : 0;
                double re = s * state[2 * m];
                double im = s * state[2 * m + 1];
                uh[2 * m] = -ky * im;
                uh[2 * m + 1] = ky * re;
                vh[2 * m] = kx * im;
                vh[2 * m + 1] = -kx * re;
            }
        }
        fft.inverse(uh, uOut);
        fft.inverse(vh, vOut);
    }

    /**
     * Mean kinetic energy per unit area, {@code E = (1/2) <u^2 + v^2>}, computed spectrally (Parseval) from all
     * modes: {@code E = 1/(2 N^2) sum_k |w_k|^2 / |k|^2} with {@code N = nx * ny}.
     *
     * @param state vorticity spectrum, not modified
     * @return E (units L^2 / time^2)
     */
    public double energy(double[] state) {
        return spectralSum(state, true);
    }

    /**
     * Mean enstrophy per unit area, {@code Z = (1/2) <w^2>}, computed spectrally from all modes except the mean.
     *
     * @param state vorticity spectrum, not modified
     * @return Z (units 1 / time^2)
     */
    public double enstrophy(double[] state) {
        return spectralSum(state, false);
    }

    private double spectralSum(double[] state, boolean divideByK2) {
        checkState(state);
        int nx = grid.nx();
        int half = nx / 2 + 1;
        double sum = 0;
        for (int r = 0; r < grid.ny(); r++) {
            double ky = grid.ky(r);
            for (int j = 0; j < half; j++) {
                double kx = grid.kx(j);
                double k2 = kx * kx + ky * ky;
                if (k2 == 0) {
                    continue;
                }
                int m = r * half + j;
                double p = state[2 * m] * state[2 * m] + state[2 * m + 1] * state[2 * m + 1];
                // columns 0 and nx/2 are their own conjugate partners; the others stand for two modes
                double weight = (j == 0 || j == nx / 2) ? 1 : 2;
                sum += weight * (divideByK2 ? p / k2 : p);
            }
        }
        double n = (double) grid.size();
        return 0.5 * sum / (n * n);
    }

    private void checkState(double[] state) {
        if (state.length != grid.spectralSize()) {
            throw new IllegalArgumentException("vorticity spectrum has length " + state.length + ", expected "
                    + grid.spectralSize() + " for " + grid);
        }
    }

    private void checkPhysical(double[] field, String name) {
        if (field.length != grid.size()) {
            throw new IllegalArgumentException(name + " has length " + field.length + ", expected ny*nx = "
                    + grid.size());
        }
    }

    @Override
    public int physicalDimension() {
        return grid.size();
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
        return "navier-stokes-2d nu=" + nu + " forcing=" + forcingExpression + " L=" + grid.lx() + "x" + grid.ly()
                + " grid=" + grid.nx() + "x" + grid.ny();
    }
}
