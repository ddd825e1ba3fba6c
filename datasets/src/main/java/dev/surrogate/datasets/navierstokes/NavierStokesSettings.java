package dev.surrogate.datasets.navierstokes;

import dev.surrogate.datasets.generate.ProblemSettings;
import dev.surrogate.datasets.generate.TimeStepping.Solver;
import dev.surrogate.datasets.grf.GrfSpec;
import dev.surrogate.pde.equations.CflGuard;
import dev.surrogate.pde.equations.Forcing2D;
import java.util.List;
import java.util.Locale;

/**
 * Everything that defines a Navier-Stokes dataset except the seed and sample count.
 *
 * @param nx        grid points in x, even, {@code >= 4}
 * @param ny        grid points in y, even, {@code >= 4}
 * @param length    side L of the square domain, positive
 * @param nu        viscosity, positive (the value when not swept)
 * @param forcing   the body force f(x, y), recorded as attribute {@code forcing}
 * @param tFinal    final time, positive
 * @param snapshots output times {@code t_j = tFinal j / (snapshots - 1)}, {@code >= 2}
 * @param solver    time integration scheme, one of {@link #SOLVERS}
 * @param dt        largest step (intervals between outputs are split evenly), positive
 * @param cflLimit  largest CFL number {@code dt max(|u|/dx + |v|/dy)} allowed in any step, positive; a larger one
 *                  stops the sample with an error naming step, time and a smaller step to use
 * @param grf       the Gaussian random field of the initial vorticity
 */
public record NavierStokesSettings(int nx, int ny, double length, double nu, Forcing2D forcing, double tFinal,
                                   int snapshots, Solver solver, double dt, double cflLimit, GrfSpec grf) {

    /**
     * Default ETDRK4 step. For the FNO problem at nx = 64 (nu = 1e-3, t-final 50, the FNO GRF) the CFL number stays
     * near 0.2 at this step, and the final vorticity agreed with a run at dt = 0.005 to 1e-8 (and with the FNO
     * scheme at its dt = 1e-4 to 1e-4, that scheme's own error) when the default was chosen;
     * {@code NavierStokesProblemTest} checks it against dt / 4.
     */
    public static final double DEFAULT_DT = 1e-2;
    /** Default step of the first-order Crank-Nicolson/Euler scheme: the FNO generator's. */
    public static final double FNO_DT = 1e-4;

    /** The schemes Navier-Stokes offers: fixed-step ones, since every step is checked against the CFL limit. */
    public static final List<Solver> SOLVERS = List.of(Solver.ETDRK4, Solver.IFRK4, Solver.CN_EULER);

    /**
     * @param solver one of {@link #SOLVERS}
     * @return its default step: {@link #FNO_DT} for the first-order CN-Euler scheme, else {@link #DEFAULT_DT}
     */
    public static double defaultDt(Solver solver) {
        return solver == Solver.CN_EULER ? FNO_DT : DEFAULT_DT;
    }

    /** Validates every value with a message naming it. */
    public NavierStokesSettings {
        ProblemSettings.requireEvenGrid("nx", nx);
        ProblemSettings.requireEvenGrid("ny", ny);
        ProblemSettings.requirePositive("domain length", length);
        ProblemSettings.requirePositive("nu", nu);
        ProblemSettings.requireTimes(tFinal, snapshots);
        ProblemSettings.requirePositive("dt", dt);
        ProblemSettings.requirePositive("cfl limit", cflLimit);
        if (solver == null || forcing == null || grf == null) {
            throw new IllegalArgumentException("solver, forcing and GRF must be given");
        }
        Solver.requireOffered(solver, SOLVERS);
    }

    /**
     * @return the FNO benchmark problem: 64 x 64 on L = 1, nu 1e-3, the FNO forcing, t-final 50 with 51 snapshots
     *         (t = 0, 1, ..., 50), ETDRK4 at dt 1e-2, CFL limit 1, GRF alpha 2.5, tau 7
     */
    public static NavierStokesSettings defaults() {
        return new NavierStokesSettings(64, 64, 1.0, 1e-3, Forcing2D.fno(1.0), 50, 51, Solver.ETDRK4, DEFAULT_DT,
                CflGuard.DEFAULT_LIMIT, GrfSpec.fnoNavierStokes());
    }

    /**
     * Parses a forcing name: {@code fno} (the FNO benchmark's, for side L), {@code none}, or
     * {@code kolmogorov[:AMPLITUDE[:MODE]]} ({@code AMPLITUDE sin(2 pi MODE y / L)}, default 0.1 and 4).
     *
     * @param text   the name
     * @param length side L of the domain
     * @return the forcing
     * @throws IllegalArgumentException naming the text if it is not understood
     */
    public static Forcing2D parseForcing(String text, double length) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("fno")) {
            return Forcing2D.fno(length);
        }
        if (t.equals("none") || t.equals("0")) {
            return Forcing2D.NONE;
        }
        if (t.startsWith("kolmogorov")) {
            String[] p = t.split(":", -1);
            try {
                double amp = p.length > 1 ? Double.parseDouble(p[1]) : 0.1;
                int mode = p.length > 2 ? Integer.parseInt(p[2]) : 4;
                if (p.length > 3 || !Double.isFinite(amp)) {
                    throw new NumberFormatException();
                }
                return Forcing2D.kolmogorov(amp, mode, length);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("invalid --forcing '" + text
                        + "': expected kolmogorov[:AMPLITUDE[:MODE]]");
            }
        }
        throw new IllegalArgumentException("--forcing must be fno, none or kolmogorov[:AMPLITUDE[:MODE]], got '"
                + text + "'");
    }

    /** @param n points in x and y @return a copy */
    public NavierStokesSettings withGrid(int n) {
        return withGrid(n, n);
    }

    /** @param x points in x @param y points in y @return a copy */
    public NavierStokesSettings withGrid(int x, int y) {
        return new NavierStokesSettings(x, y, length, nu, forcing, tFinal, snapshots, solver, dt, cflLimit, grf);
    }

    /** @param v viscosity @return a copy */
    public NavierStokesSettings withNu(double v) {
        return new NavierStokesSettings(nx, ny, length, v, forcing, tFinal, snapshots, solver, dt, cflLimit, grf);
    }

    /** @param f forcing @return a copy */
    public NavierStokesSettings withForcing(Forcing2D f) {
        return new NavierStokesSettings(nx, ny, length, nu, f, tFinal, snapshots, solver, dt, cflLimit, grf);
    }

    /** @param t final time @param k number of snapshots @return a copy */
    public NavierStokesSettings withTimes(double t, int k) {
        return new NavierStokesSettings(nx, ny, length, nu, forcing, t, k, solver, dt, cflLimit, grf);
    }

    /** @param s scheme @param step largest step @return a copy */
    public NavierStokesSettings withSolver(Solver s, double step) {
        return new NavierStokesSettings(nx, ny, length, nu, forcing, tFinal, snapshots, s, step, cflLimit, grf);
    }

    /** @param limit CFL limit @return a copy */
    public NavierStokesSettings withCflLimit(double limit) {
        return new NavierStokesSettings(nx, ny, length, nu, forcing, tFinal, snapshots, solver, dt, limit, grf);
    }

    /** @param g random field @return a copy */
    public NavierStokesSettings withGrf(GrfSpec g) {
        return new NavierStokesSettings(nx, ny, length, nu, forcing, tFinal, snapshots, solver, dt, cflLimit, g);
    }

    /** @param l domain side (the forcing is not changed) @return a copy */
    public NavierStokesSettings withLength(double l) {
        return new NavierStokesSettings(nx, ny, l, nu, forcing, tFinal, snapshots, solver, dt, cflLimit, grf);
    }

    /** @return the output times {@code [snapshots]}, first 0, last exactly t-final */
    public double[] outputTimes() {
        return ProblemSettings.outputTimes(tFinal, snapshots);
    }
}
