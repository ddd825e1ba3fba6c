package dev.surrogate.datasets.reactiondiffusion;

import dev.surrogate.datasets.generate.DatasetProblem;
import dev.surrogate.datasets.generate.PhysicalParameter;
import dev.surrogate.datasets.generate.SampleBuffer;
import dev.surrogate.datasets.generate.SampleContext;
import dev.surrogate.datasets.generate.SampleSolver;
import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.datasets.random.RandomStream;
import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.pde.equations.GrayScott2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gray-Scott system {@code u_t = Du lap(u) - u v^2 + F (1 - u)}, {@code v_t = Dv lap(v) + u v^2 - (F + k) v}
 * on the periodic square as a {@link DatasetProblem}: fields {@code u} and {@code v} {@code (sample, time, y, x)};
 * parameters {@code diffusion_u}, {@code diffusion_v}, {@code feed_rate}, {@code kill_rate} (each sweepable).
 * Initial condition: see {@link GrayScottSettings} and {@link #initialCondition}.
 */
public final class GrayScottProblem implements DatasetProblem {
    private final GrayScottSettings settings;

    /** @param settings grid, parameters, times, solver and initial condition */
    public GrayScottProblem(GrayScottSettings settings) {
        this.settings = settings;
    }

    /** @return the settings */
    public GrayScottSettings settings() {
        return settings;
    }

    @Override
    public String equation() {
        return "gray-scott";
    }

    @Override
    public DatasetLayout layout() {
        GrayScottSettings s = settings;
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("pde", "u_t = Du lap(u) - u v^2 + F (1 - u), v_t = Dv lap(v) + u v^2 - (F + k) v, periodic on "
                + "[0, L)^2");
        attrs.put("nx", s.nx());
        attrs.put("ny", s.ny());
        attrs.put("t_final", s.tFinal());
        attrs.put("spatial_discretisation", "Fourier pseudo-spectral, no dealiasing");
        s.stepping().describe(attrs);
        attrs.put("initial_condition", "random-squares");
        attrs.put("initial_condition_description", "(u, v) = (1, 0) with " + s.squares() + " squares of side "
                + s.squareSize() + " L at uniformly random centres set to (1/2, 1/4), then u and v multiplied by "
                + "1 + " + s.noise() + " * uniform(-1, 1) (Pearson 1993)");
        attrs.put("squares", s.squares());
        attrs.put("square_size", s.squareSize());
        attrs.put("noise", s.noise());
        return new DatasetLayout(s.length(), s.nx(), s.ny(), s.outputTimes(),
                List.of(new VariableSpec("u", "concentration of U (substrate)", "1"),
                        new VariableSpec("v", "concentration of V (autocatalyst)", "1")), List.of(), attrs);
    }

    @Override
    public List<PhysicalParameter> parameters() {
        GrayScottSettings s = settings;
        return List.of(
                new PhysicalParameter(new VariableSpec("diffusion_u", "diffusion coefficient of u", "1"), s.du(), true),
                new PhysicalParameter(new VariableSpec("diffusion_v", "diffusion coefficient of v", "1"), s.dv(), true),
                new PhysicalParameter(new VariableSpec("feed_rate", "feed rate F", "1"), s.feed(), true),
                new PhysicalParameter(new VariableSpec("kill_rate", "kill rate k", "1"), s.kill(), true));
    }

    @Override
    public SampleSolver newSolver() {
        return new Solver(settings);
    }

    /**
     * Draws the initial condition. Draw order: for each square its centre (x then y, uniform on [0, L)); then for
     * every grid point (x fastest) the noise of u, then of v.
     *
     * @param s      the settings
     * @param grid   the grid
     * @param random the sample's initial-condition stream
     * @param u      {@code [ny * nx]}, overwritten
     * @param v      {@code [ny * nx]}, overwritten
     */
    public static void initialCondition(GrayScottSettings s, SpectralGrid2D grid, RandomStream random, double[] u,
                                        double[] v) {
        int nx = grid.nx();
        int ny = grid.ny();
        double length = grid.lx();
        java.util.Arrays.fill(u, 1.0);
        java.util.Arrays.fill(v, 0.0);
        double half = 0.5 * s.squareSize() * length;
        for (int q = 0; q < s.squares(); q++) {
            double cx = random.nextDouble() * length;
            double cy = random.nextDouble() * length;
            for (int iy = 0; iy < ny; iy++) {
                if (periodicDistance(grid.y(iy), cy, length) > half) {
                    continue;
                }
                for (int ix = 0; ix < nx; ix++) {
                    if (periodicDistance(grid.x(ix), cx, length) <= half) {
                        u[iy * nx + ix] = 0.5;
                        v[iy * nx + ix] = 0.25;
                    }
                }
            }
        }
        for (int i = 0; i < u.length; i++) {
            u[i] *= 1 + s.noise() * (2 * random.nextDouble() - 1);
            v[i] *= 1 + s.noise() * (2 * random.nextDouble() - 1);
        }
    }

    private static double periodicDistance(double a, double b, double length) {
        double d = Math.abs(a - b) % length;
        return Math.min(d, length - d);
    }

    /** One worker's solver: the run's buffers and the equation (rebuilt when a parameter changes). */
    private static final class Solver implements SampleSolver {
        private final GrayScottSettings s;
        private final SystemRun run;
        private GrayScott2D equation;

        Solver(GrayScottSettings s) {
            this.s = s;
            this.run = new SystemRun(s.nx(), s.ny(), s.length(), s.outputTimes(), s.stepping());
        }

        @Override
        public void solve(SampleContext context, SampleBuffer out) {
            double du = context.parameter("diffusion_u");
            double dv = context.parameter("diffusion_v");
            double feed = context.parameter("feed_rate");
            double kill = context.parameter("kill_rate");
            if (equation == null || equation.diffusionU() != du || equation.diffusionV() != dv
                    || equation.feedRate() != feed || equation.killRate() != kill) {
                equation = new GrayScott2D(run.grid(), du, dv, feed, kill);
            }
            initialCondition(s, run.grid(), context.random(SampleSeeds.INITIAL_CONDITION), run.u0(), run.v0());
            run.run(equation, out);
        }
    }
}
