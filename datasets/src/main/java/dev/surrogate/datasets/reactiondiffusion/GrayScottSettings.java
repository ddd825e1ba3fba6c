package dev.surrogate.datasets.reactiondiffusion;

import dev.surrogate.datasets.generate.ProblemSettings;
import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.pde.equations.GrayScott2D;

/**
 * Everything that defines a Gray-Scott dataset except the seed and sample count.
 *
 * <p>Initial condition (Pearson 1993, with several squares at random places instead of one in the centre): the
 * uniform state {@code (u, v) = (1, 0)}, with {@code squares} squares of side {@code squareSize * L} set to
 * {@code (1/2, 1/4)}, centres uniform on the (periodic) domain; then every value of u and v is multiplied by
 * {@code 1 + noise * xi}, xi uniform on [-1, 1], to break the symmetry (Pearson: 1 %).
 *
 * @param nx         grid points in x, even, {@code >= 4}
 * @param ny         grid points in y, even, {@code >= 4}
 * @param length     side L of the square domain, positive
 * @param du         diffusion coefficient of u (when not swept), positive
 * @param dv         diffusion coefficient of v, positive
 * @param feed       feed rate F, positive
 * @param kill       kill rate k, positive
 * @param tFinal     final time, positive
 * @param snapshots  output times {@code t_j = tFinal j / (snapshots - 1)}, {@code >= 2}
 * @param stepping   time integration
 * @param squares    number of perturbed squares, {@code >= 1}
 * @param squareSize side of each square as a fraction of L, in (0, 1)
 * @param noise      relative amplitude of the multiplicative noise, in [0, 1)
 */
public record GrayScottSettings(int nx, int ny, double length, double du, double dv, double feed, double kill,
                                double tFinal, int snapshots, TimeStepping stepping, int squares, double squareSize,
                                double noise) {

    /**
     * Default ETDRK4 step (time units of the equation). Diffusion and decay are integrated exactly; the reaction
     * limits the step. The default problem's final snapshot (t = 4000) agreed with a run at dt = 0.25 to 2e-6 when
     * this default was chosen (the patterns' slow drift accumulates that much); {@code
     * ReactionDiffusionProblemsTest} checks 64 x 64 to t = 400 against dt / 4 at float32 resolution.
     */
    public static final double DEFAULT_DT = 1.0;

    /** Validates every value with a message naming it. */
    public GrayScottSettings {
        ProblemSettings.requireEvenGrid("nx", nx);
        ProblemSettings.requireEvenGrid("ny", ny);
        ProblemSettings.requirePositive("domain length", length);
        ProblemSettings.requirePositive("diffusion_u", du);
        ProblemSettings.requirePositive("diffusion_v", dv);
        ProblemSettings.requirePositive("feed_rate", feed);
        ProblemSettings.requirePositive("kill_rate", kill);
        ProblemSettings.requireTimes(tFinal, snapshots);
        if (stepping == null) {
            throw new IllegalArgumentException("time stepping must be given");
        }
        if (squares < 1) {
            throw new IllegalArgumentException("squares must be >= 1, got " + squares);
        }
        if (!(squareSize > 0 && squareSize < 1)) {
            throw new IllegalArgumentException("square size must be in (0, 1) (a fraction of L), got " + squareSize);
        }
        if (!(noise >= 0 && noise < 1)) {
            throw new IllegalArgumentException("noise must be in [0, 1), got " + noise);
        }
    }

    /**
     * @return Pearson's scaling and type theta: 128 x 128 on L = 2.5, Du 2e-5, Dv 1e-5, F 0.046, k 0.061,
     *         t-final 4000 with 41 snapshots (every 100 time units), ETDRK4 at dt 1, 8 squares of side 0.08 L, 1 %
     *         noise
     */
    public static GrayScottSettings defaults() {
        return new GrayScottSettings(128, 128, GrayScott2D.DEFAULT_LENGTH, GrayScott2D.DEFAULT_DU,
                GrayScott2D.DEFAULT_DV, GrayScott2D.DEFAULT_F, GrayScott2D.DEFAULT_K, 4000, 41,
                new TimeStepping(TimeStepping.Solver.ETDRK4, DEFAULT_DT, 1e-8, 1e-10), 8, 0.08, 0.01);
    }

    /** @param n points in x and y @return a copy */
    public GrayScottSettings withGrid(int n) {
        return new GrayScottSettings(n, n, length, du, dv, feed, kill, tFinal, snapshots, stepping, squares,
                squareSize, noise);
    }

    /** @param t final time @param k number of snapshots @return a copy */
    public GrayScottSettings withTimes(double t, int k) {
        return new GrayScottSettings(nx, ny, length, du, dv, feed, kill, t, k, stepping, squares, squareSize, noise);
    }

    /** @param s time stepping @return a copy */
    public GrayScottSettings withStepping(TimeStepping s) {
        return new GrayScottSettings(nx, ny, length, du, dv, feed, kill, tFinal, snapshots, s, squares, squareSize,
                noise);
    }

    /** @param f feed rate @param k kill rate @return a copy */
    public GrayScottSettings withRates(double f, double k) {
        return new GrayScottSettings(nx, ny, length, du, dv, f, k, tFinal, snapshots, stepping, squares, squareSize,
                noise);
    }

    /** @return the output times {@code [snapshots]}, first 0, last exactly t-final */
    public double[] outputTimes() {
        return ProblemSettings.outputTimes(tFinal, snapshots);
    }
}
