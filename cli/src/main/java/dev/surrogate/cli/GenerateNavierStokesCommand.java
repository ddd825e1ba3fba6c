package dev.surrogate.cli;

import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.datasets.grf.GrfSpec;
import dev.surrogate.datasets.navierstokes.NavierStokesProblem;
import dev.surrogate.datasets.navierstokes.NavierStokesSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surrogate generate navier-stokes}: 2-D vorticity form on [0, L)^2, FNO benchmark defaults. */
@Command(name = "navier-stokes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"2-D incompressible Navier-Stokes, vorticity form: w_t + (u . grad) w = nu lap(w) + f,",
            "lap(psi) = -w, u = psi_y, v = -psi_x, periodic on [0, L)^2; pseudo-spectral with 2/3 dealiasing.",
            "Defaults: the FNO benchmark (L 1, nu 1e-3, forcing 0.1 (sin(2 pi (x+y)) + cos(2 pi (x+y))), initial",
            "vorticity a GRF with alpha 2.5, tau 7). Writes vorticity(sample, time, y, x); time index 0 is the",
            "initial condition. Every step is checked against --cfl-limit."})
public final class GenerateNavierStokesCommand implements Callable<Integer>, GenerateSupport.ProblemCommand {

    @Spec
    private CommandSpec spec;

    @Mixin
    private GenerateOptions common;

    @Option(names = "--nx", paramLabel = "N", defaultValue = "64", description = "Grid points in x (even, >= 4). "
            + "Default: ${DEFAULT-VALUE}.")
    private int nx;

    @Option(names = "--ny", paramLabel = "N", description = "Grid points in y (even, >= 4). Default: --nx.")
    private Integer ny;

    @Option(names = "--length", paramLabel = "L", defaultValue = "1", description = "Side of the square domain. "
            + "Default: ${DEFAULT-VALUE}.")
    private double length;

    @Option(names = "--nu", paramLabel = "NU", defaultValue = "1e-3", description = "Viscosity (> 0). "
            + "Default: ${DEFAULT-VALUE}. Sweep with --vary nu=LO:HI[:log].")
    private double nu;

    @Option(names = "--forcing", paramLabel = "F", defaultValue = "fno",
            description = "fno (0.1 (sin(2 pi (x+y)/L) + cos(2 pi (x+y)/L))), none, or kolmogorov[:AMP[:MODE]] "
                    + "(AMP sin(2 pi MODE y / L), default 0.1 and 4). Default: ${DEFAULT-VALUE}.")
    private String forcing;

    @Option(names = "--t-final", paramLabel = "T", defaultValue = "50", description = "Final time (> 0). "
            + "Default: ${DEFAULT-VALUE}.")
    private double tFinal;

    @Option(names = "--snapshots", paramLabel = "K", defaultValue = "51",
            description = "Output times, equally spaced from 0 to t-final inclusive (>= 2). Default: ${DEFAULT-VALUE}.")
    private int snapshots;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "etdrk4",
            description = "etdrk4, ifrk4 or cn-euler (the FNO generator's Crank-Nicolson/forward-Euler scheme). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String solver;

    @Option(names = "--dt", paramLabel = "DT",
            description = "Largest time step (> 0). Default: 1e-2 for etdrk4 and ifrk4, 1e-4 (FNO's) for cn-euler.")
    private Double dt;

    @Option(names = "--cfl-limit", paramLabel = "C", defaultValue = "1",
            description = "Stop with an error if a step's CFL number dt max(|u|/dx + |v|/dy) exceeds C. "
                    + "Default: ${DEFAULT-VALUE}.")
    private double cflLimit;

    @Option(names = "--grf-sigma", paramLabel = "S", description = "GRF amplitude sigma. Default: 7^1.5 (FNO).")
    private Double grfSigma;

    @Option(names = "--grf-tau", paramLabel = "T", defaultValue = "7", description = "GRF tau. Default: 7.")
    private double grfTau;

    @Option(names = "--grf-alpha", paramLabel = "A", defaultValue = "2.5", description = "GRF alpha. Default: 2.5.")
    private double grfAlpha;

    @Override
    public Integer call() throws Exception {
        return GenerateSupport.run(spec, common, problem());
    }

    @Override
    public GenerateOptions options() {
        return common;
    }

    @Override
    public NavierStokesProblem problem() {
        TimeStepping.Solver s = TimeStepping.Solver.parse(solver, NavierStokesSettings.SOLVERS);
        double sigma = grfSigma != null ? grfSigma : GrfSpec.fnoNavierStokes().sigma();
        NavierStokesSettings settings = new NavierStokesSettings(nx, ny == null ? nx : ny, length, nu,
                NavierStokesSettings.parseForcing(forcing, length), tFinal, snapshots, s,
                dt == null ? NavierStokesSettings.defaultDt(s) : dt, cflLimit, new GrfSpec(sigma, grfTau, grfAlpha));
        return new NavierStokesProblem(settings);
    }
}
