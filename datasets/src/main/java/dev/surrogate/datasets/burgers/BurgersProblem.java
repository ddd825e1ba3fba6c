package dev.surrogate.datasets.burgers;

import dev.surrogate.datasets.generate.DatasetProblem;
import dev.surrogate.datasets.generate.PhysicalParameter;
import dev.surrogate.datasets.generate.SampleBuffer;
import dev.surrogate.datasets.generate.SampleContext;
import dev.surrogate.datasets.generate.SampleSolver;
import dev.surrogate.datasets.grf.GaussianRandomField1D;
import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.pde.equations.Burgers1D;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.time.Integrator;
import dev.surrogate.pde.time.StepObserver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Burgers' equation {@code u_t + u u_x = nu u_xx} on [0, L) periodic as a {@link DatasetProblem}: field
 * {@code u(sample, time, x)}, parameter {@code nu} (sweepable), pseudo-spectral {@link Burgers1D} stepped by
 * ETDRK4 or adaptive Dormand-Prince 8(5,3). Snapshots are taken by a {@link StepObserver} at the output times.
 */
public final class BurgersProblem implements DatasetProblem {
    /** Name of the field variable. */
    public static final String FIELD = "u";
    private final BurgersSettings settings;

    /** @param settings grid, times, solver and initial condition */
    public BurgersProblem(BurgersSettings settings) {
        this.settings = settings;
    }

    /** @return the settings */
    public BurgersSettings settings() {
        return settings;
    }

    @Override
    public String equation() {
        return "burgers";
    }

    @Override
    public DatasetLayout layout() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("pde", "u_t + u u_x = nu u_xx, periodic on [0, L)");
        attrs.put("nx", settings.nx());
        attrs.put("t_final", settings.tFinal());
        attrs.put("spatial_discretisation", "Fourier pseudo-spectral, 2/3-rule dealiasing");
        settings.stepping().describe(attrs);
        attrs.put("initial_condition", settings.initialCondition().cliName());
        if (settings.initialCondition() == BurgersSettings.InitialCondition.GRF) {
            attrs.put("initial_condition_description", settings.grf().toString());
            attrs.put("grf_sigma", settings.grf().sigma());
            attrs.put("grf_tau", settings.grf().tau());
            attrs.put("grf_alpha", settings.grf().alpha());
        } else {
            attrs.put("initial_condition_description",
                    "Cole-Hopf exact solution u = -2 nu phi_x / phi, phi = a + b exp(-nu k^2 t) cos(k x), k = 2 pi / L");
            attrs.put("cole_hopf_a", ColeHopfSolution.DEFAULT_A);
            attrs.put("cole_hopf_b", ColeHopfSolution.DEFAULT_B);
        }
        return new DatasetLayout(settings.length(), settings.nx(), 0, settings.outputTimes(),
                List.of(new VariableSpec(FIELD, "velocity", "1")), List.of(), attrs);
    }

    @Override
    public List<PhysicalParameter> parameters() {
        return List.of(new PhysicalParameter(new VariableSpec("nu", "kinematic viscosity", "1"), settings.nu(), true));
    }

    @Override
    public SampleSolver newSolver() {
        return new Solver(settings);
    }

    /** One worker's solver: grid, random field, buffers and the current equation (rebuilt when nu changes). */
    private static final class Solver implements SampleSolver {
        private final BurgersSettings s;
        private final SpectralGrid1D grid;
        private final GaussianRandomField1D grf;
        private final ColeHopfSolution exact;
        private final double[] times;
        private final double[] u0;
        private final double[] state;
        private final Integrator integrator;
        private Burgers1D equation;

        Solver(BurgersSettings s) {
            this.s = s;
            this.grid = new SpectralGrid1D(s.nx(), s.length());
            this.grf = new GaussianRandomField1D(grid, s.grf());
            this.exact = new ColeHopfSolution(ColeHopfSolution.DEFAULT_A, ColeHopfSolution.DEFAULT_B, s.length());
            this.times = s.outputTimes();
            this.u0 = new double[s.nx()];
            this.state = new double[grid.spectralSize()];
            this.integrator = s.stepping().integrator(s.nx());
        }

        @Override
        public void solve(SampleContext context, SampleBuffer out) {
            double nu = context.parameter("nu");
            if (equation == null || equation.nu() != nu) {
                equation = new Burgers1D(grid, nu);
            }
            if (s.initialCondition() == BurgersSettings.InitialCondition.GRF) {
                grf.sample(context.random(SampleSeeds.INITIAL_CONDITION), u0);
            } else {
                for (int i = 0; i < u0.length; i++) {
                    u0[i] = exact.value(grid.x(i), 0, nu);
                }
            }
            equation.toSpectral(u0, state);
            integrator.integrate(equation, 0, state, times, out.recorder(equation));
        }
    }
}
