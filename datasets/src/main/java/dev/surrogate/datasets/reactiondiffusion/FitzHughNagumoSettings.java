package dev.surrogate.datasets.reactiondiffusion;

import dev.surrogate.datasets.generate.ProblemSettings;
import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.pde.equations.FitzHughNagumo2D;

/**
 * Everything that defines a FitzHugh-Nagumo dataset except the seed and sample count.
 *
 * <p>Initial condition as in PDEBench's 2-D diffusion-reaction generator: u and v independent standard normal
 * values at every grid point (white noise, scaled by {@code amplitude}); diffusion smooths it within the first
 * time units.
 *
 * @param nx        grid points in x, even, {@code >= 4}
 * @param ny        grid points in y, even, {@code >= 4}
 * @param length    side L of the square domain, positive (PDEBench: [-1, 1], L = 2)
 * @param du        diffusion coefficient of u (when not swept), positive
 * @param dv        diffusion coefficient of v, positive
 * @param k         the constant k, finite
 * @param tFinal    final time, positive
 * @param snapshots output times {@code t_j = tFinal j / (snapshots - 1)}, {@code >= 2}
 * @param stepping  time integration
 * @param amplitude standard deviation of the initial values, positive (PDEBench: 1)
 */
public record FitzHughNagumoSettings(int nx, int ny, double length, double du, double dv, double k, double tFinal,
                                     int snapshots, TimeStepping stepping, double amplitude) {

    /**
     * Default ETDRK4 step. The white-noise start makes the cubic term stiff for the first steps. At this step the
     * default problem's final snapshot (t = 5) agreed with dt / 4 to 1.3e-6 when the default was chosen, and
     * {@code ReactionDiffusionProblemsTest} checks 64 x 64 to t = 1 against dt / 4 at float32 resolution.
     */
    public static final double DEFAULT_DT = 5e-3;

    /** Validates every value with a message naming it. */
    public FitzHughNagumoSettings {
        ProblemSettings.requireEvenGrid("nx", nx);
        ProblemSettings.requireEvenGrid("ny", ny);
        ProblemSettings.requirePositive("domain length", length);
        ProblemSettings.requirePositive("diffusion_u", du);
        ProblemSettings.requirePositive("diffusion_v", dv);
        if (!Double.isFinite(k)) {
            throw new IllegalArgumentException("k must be finite, got " + k);
        }
        ProblemSettings.requireTimes(tFinal, snapshots);
        if (stepping == null) {
            throw new IllegalArgumentException("time stepping must be given");
        }
        ProblemSettings.requirePositive("amplitude", amplitude);
    }

    /**
     * @return PDEBench's problem: 128 x 128 on L = 2, Du 1e-3, Dv 5e-3, k 5e-3, t-final 5 with 101 snapshots,
     *         standard normal initial fields; ETDRK4 at dt 5e-3
     */
    public static FitzHughNagumoSettings defaults() {
        return new FitzHughNagumoSettings(128, 128, FitzHughNagumo2D.DEFAULT_LENGTH, FitzHughNagumo2D.DEFAULT_DU,
                FitzHughNagumo2D.DEFAULT_DV, FitzHughNagumo2D.DEFAULT_K, 5, 101,
                new TimeStepping(TimeStepping.Solver.ETDRK4, DEFAULT_DT, 1e-8, 1e-10), 1.0);
    }

    /** @param n points in x and y @return a copy */
    public FitzHughNagumoSettings withGrid(int n) {
        return new FitzHughNagumoSettings(n, n, length, du, dv, k, tFinal, snapshots, stepping, amplitude);
    }

    /** @param t final time @param s number of snapshots @return a copy */
    public FitzHughNagumoSettings withTimes(double t, int s) {
        return new FitzHughNagumoSettings(nx, ny, length, du, dv, k, t, s, stepping, amplitude);
    }

    /** @param s time stepping @return a copy */
    public FitzHughNagumoSettings withStepping(TimeStepping s) {
        return new FitzHughNagumoSettings(nx, ny, length, du, dv, k, tFinal, snapshots, s, amplitude);
    }

    /** @return the output times {@code [snapshots]}, first 0, last exactly t-final */
    public double[] outputTimes() {
        return ProblemSettings.outputTimes(tFinal, snapshots);
    }
}
