package dev.surrogate.datasets.navierstokes;

import dev.surrogate.datasets.generate.DatasetProblem;
import dev.surrogate.datasets.generate.PhysicalParameter;
import dev.surrogate.datasets.generate.SampleBuffer;
import dev.surrogate.datasets.generate.SampleContext;
import dev.surrogate.datasets.generate.SampleSolver;
import dev.surrogate.datasets.grf.GaussianRandomField2D;
import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.pde.equations.CflGuard;
import dev.surrogate.pde.equations.NavierStokes2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.FixedStepIntegrator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 2-D Navier-Stokes in vorticity form, {@code w_t + (u . grad) w = nu lap(w) + f} on the periodic square
 * {@code [0, L)^2}, as a {@link DatasetProblem}: field {@code vorticity(sample, time, y, x)}, parameter {@code nu}
 * (sweepable), forcing recorded as attribute {@code forcing}. Each sample starts from its own draw of the GRF
 * initial vorticity (FNO: alpha 2.5, tau 7) and is stepped by {@link NavierStokes2D} with a {@link CflGuard}.
 */
public final class NavierStokesProblem implements DatasetProblem {
    /** Name of the field variable. */
    public static final String FIELD = "vorticity";
    private final NavierStokesSettings settings;

    /** @param settings grid, times, solver, forcing and initial condition */
    public NavierStokesProblem(NavierStokesSettings settings) {
        this.settings = settings;
    }

    /** @return the settings */
    public NavierStokesSettings settings() {
        return settings;
    }

    @Override
    public String equation() {
        return "navier-stokes";
    }

    @Override
    public DatasetLayout layout() {
        NavierStokesSettings s = settings;
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("pde", "w_t + (u . grad) w = nu lap(w) + f, lap(psi) = -w, u = psi_y, v = -psi_x, periodic on "
                + "[0, L)^2");
        attrs.put("forcing", s.forcing().expression());
        attrs.put("nx", s.nx());
        attrs.put("ny", s.ny());
        attrs.put("t_final", s.tFinal());
        attrs.put("spatial_discretisation", "Fourier pseudo-spectral, 2/3-rule dealiasing, advection in "
                + "Basdevant form (d_xx - d_yy)(uv) + d_xy(v^2 - u^2)");
        attrs.put("solver", s.solver().cliName());
        attrs.put("time_step", s.dt());
        attrs.put("cfl_limit", s.cflLimit());
        attrs.put("initial_condition", "grf");
        attrs.put("initial_condition_description", "vorticity " + s.grf());
        attrs.put("grf_sigma", s.grf().sigma());
        attrs.put("grf_tau", s.grf().tau());
        attrs.put("grf_alpha", s.grf().alpha());
        return new DatasetLayout(s.length(), s.nx(), s.ny(), s.outputTimes(),
                List.of(new VariableSpec(FIELD, "vorticity", "1")), List.of(), attrs);
    }

    @Override
    public List<PhysicalParameter> parameters() {
        return List.of(new PhysicalParameter(new VariableSpec("nu", "kinematic viscosity", "1"), settings.nu(), true));
    }

    @Override
    public SampleSolver newSolver() {
        return new Solver(settings);
    }

    /** One worker's solver: grid, random field, buffers and the equation (rebuilt when nu changes). */
    private static final class Solver implements SampleSolver {
        private final NavierStokesSettings s;
        private final SpectralGrid2D grid;
        private final GaussianRandomField2D grf;
        private final double[] times;
        private final double[] w0;
        private final double[] state;
        private final double[] forcing;
        private final FixedStepIntegrator integrator;
        private NavierStokes2D equation;

        Solver(NavierStokesSettings s) {
            this.s = s;
            this.grid = new SpectralGrid2D(s.nx(), s.ny(), s.length(), s.length());
            this.grf = new GaussianRandomField2D(grid, s.grf());
            this.times = s.outputTimes();
            this.w0 = new double[grid.size()];
            this.state = new double[grid.spectralSize()];
            this.forcing = s.forcing().isNone() ? null : s.forcing().sample(grid);
            this.integrator = s.solver().fixedStep(s.dt());
        }

        @Override
        public void solve(SampleContext context, SampleBuffer out) {
            double nu = context.parameter("nu");
            if (equation == null || equation.nu() != nu) {
                equation = new NavierStokes2D(grid, nu, forcing, s.forcing().expression());
            }
            grf.sample(context.random(SampleSeeds.INITIAL_CONDITION), w0);
            equation.toSpectral(w0, state);
            integrator.integrate(equation, 0, state, times, new CflGuard(equation, s.cflLimit(),
                    out.recorder(equation)));
        }
    }
}
