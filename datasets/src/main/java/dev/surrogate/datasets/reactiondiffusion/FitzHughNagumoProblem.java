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
import dev.surrogate.pde.equations.FitzHughNagumo2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FitzHugh-Nagumo in PDEBench's form, {@code u_t = Du lap(u) + u - u^3 - k - v}, {@code v_t = Dv lap(v) + u - v},
 * on the periodic square as a {@link DatasetProblem}: fields {@code u} (activator) and {@code v} (inhibitor)
 * {@code (sample, time, y, x)}; parameters {@code diffusion_u}, {@code diffusion_v} and {@code k} (each sweepable).
 * Initial condition: independent normal values at every grid point (PDEBench), see {@link #initialCondition}.
 */
public final class FitzHughNagumoProblem implements DatasetProblem {
    private final FitzHughNagumoSettings settings;

    /** @param settings grid, parameters, times, solver and initial amplitude */
    public FitzHughNagumoProblem(FitzHughNagumoSettings settings) {
        this.settings = settings;
    }

    /** @return the settings */
    public FitzHughNagumoSettings settings() {
        return settings;
    }

    @Override
    public String equation() {
        return "fitzhugh-nagumo";
    }

    @Override
    public DatasetLayout layout() {
        FitzHughNagumoSettings s = settings;
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("pde", "u_t = Du lap(u) + u - u^3 - k - v, v_t = Dv lap(v) + u - v, periodic on [0, L)^2 "
                + "(PDEBench form; PDEBench itself uses no-flux boundaries on [-1, 1]^2)");
        attrs.put("nx", s.nx());
        attrs.put("ny", s.ny());
        attrs.put("t_final", s.tFinal());
        attrs.put("spatial_discretisation", "Fourier pseudo-spectral, no dealiasing");
        s.stepping().describe(attrs);
        attrs.put("initial_condition", "normal");
        attrs.put("initial_condition_description", "u and v independent N(0, " + s.amplitude() + "^2) at every grid "
                + "point (PDEBench)");
        attrs.put("amplitude", s.amplitude());
        return new DatasetLayout(s.length(), s.nx(), s.ny(), s.outputTimes(),
                List.of(new VariableSpec("u", "activator u", "1"), new VariableSpec("v", "inhibitor v", "1")),
                List.of(), attrs);
    }

    @Override
    public List<PhysicalParameter> parameters() {
        FitzHughNagumoSettings s = settings;
        return List.of(
                new PhysicalParameter(new VariableSpec("diffusion_u", "diffusion coefficient of u", "1"), s.du(), true),
                new PhysicalParameter(new VariableSpec("diffusion_v", "diffusion coefficient of v", "1"), s.dv(), true),
                new PhysicalParameter(new VariableSpec("k", "FitzHugh-Nagumo constant k", "1"), s.k(), false));
    }

    @Override
    public SampleSolver newSolver() {
        return new Solver(settings);
    }

    /**
     * Draws the initial condition: every value of u (x fastest), then every value of v, each
     * {@code amplitude * N(0, 1)}.
     *
     * @param s      the settings
     * @param random the sample's initial-condition stream
     * @param u      {@code [ny * nx]}, overwritten
     * @param v      {@code [ny * nx]}, overwritten
     */
    public static void initialCondition(FitzHughNagumoSettings s, RandomStream random, double[] u, double[] v) {
        for (int i = 0; i < u.length; i++) {
            u[i] = s.amplitude() * random.nextGaussian();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = s.amplitude() * random.nextGaussian();
        }
    }

    /** One worker's solver: the run's buffers and the equation (rebuilt when a parameter changes). */
    private static final class Solver implements SampleSolver {
        private final FitzHughNagumoSettings s;
        private final SystemRun run;
        private FitzHughNagumo2D equation;

        Solver(FitzHughNagumoSettings s) {
            this.s = s;
            this.run = new SystemRun(s.nx(), s.ny(), s.length(), s.outputTimes(), s.stepping());
        }

        @Override
        public void solve(SampleContext context, SampleBuffer out) {
            double du = context.parameter("diffusion_u");
            double dv = context.parameter("diffusion_v");
            double k = context.parameter("k");
            if (equation == null || equation.diffusionU() != du || equation.diffusionV() != dv || equation.k() != k) {
                equation = new FitzHughNagumo2D(run.grid(), du, dv, k);
            }
            initialCondition(s, context.random(SampleSeeds.INITIAL_CONDITION), run.u0(), run.v0());
            run.run(equation, out);
        }
    }
}
