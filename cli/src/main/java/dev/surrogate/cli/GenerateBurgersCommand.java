package dev.surrogate.cli;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.datasets.grf.GrfSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surrogate generate burgers}: u_t + u u_x = nu u_xx on [0, L), GRF initial conditions (FNO benchmark). */
@Command(name = "burgers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Burgers' equation u_t + u u_x = nu u_xx, periodic on [0, L), pseudo-spectral in space.",
            "Initial condition: GRF N(0, sigma^2 (-Laplacian + tau^2 I)^(-alpha)) (FNO benchmark: sigma 25, tau 5,"
                + " alpha 2) or the Cole-Hopf exact solution.",
            "Writes u(sample, time, x); time index 0 is the initial condition."})
public final class GenerateBurgersCommand implements Callable<Integer>, GenerateSupport.ProblemCommand {

    @Spec
    private CommandSpec spec;

    @Mixin
    private GenerateOptions common;

    @Option(names = "--nx", paramLabel = "N", defaultValue = "256", description = "Grid points (even, >= 4). "
            + "Default: ${DEFAULT-VALUE}.")
    private int nx;

    @Option(names = "--length", paramLabel = "L", defaultValue = "1", description = "Domain length. Default: 1.")
    private double length;

    @Option(names = "--nu", paramLabel = "NU", defaultValue = "0.1", description = "Viscosity (> 0). "
            + "Default: ${DEFAULT-VALUE}.")
    private double nu;

    @Option(names = "--t-final", paramLabel = "T", defaultValue = "1", description = "Final time (> 0). "
            + "Default: ${DEFAULT-VALUE}.")
    private double tFinal;

    @Option(names = "--snapshots", paramLabel = "K", defaultValue = "11",
            description = "Output times, equally spaced from 0 to t-final inclusive (>= 2). Default: ${DEFAULT-VALUE}.")
    private int snapshots;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "etdrk4",
            description = "etdrk4 (fixed step --dt) or dopri853 (adaptive, --rtol/--atol). Default: ${DEFAULT-VALUE}.")
    private String solver;

    @Option(names = "--dt", paramLabel = "DT", defaultValue = "1e-3", description = "ETDRK4 time step (> 0). "
            + "Default: ${DEFAULT-VALUE}.")
    private double dt;

    @Option(names = "--rtol", paramLabel = "TOL", defaultValue = "1e-8",
            description = "dopri853 relative tolerance. Default: ${DEFAULT-VALUE}.")
    private double rtol;

    @Option(names = "--atol", paramLabel = "TOL", defaultValue = "1e-10",
            description = "dopri853 absolute tolerance on u. Default: ${DEFAULT-VALUE}.")
    private double atol;

    @Option(names = "--ic", paramLabel = "NAME", defaultValue = "grf",
            description = "Initial condition: grf or cole-hopf (exact solution). Default: ${DEFAULT-VALUE}.")
    private String ic;

    @Option(names = "--grf-sigma", paramLabel = "S", defaultValue = "25", description = "GRF amplitude sigma.")
    private double grfSigma;

    @Option(names = "--grf-tau", paramLabel = "T", defaultValue = "5", description = "GRF tau.")
    private double grfTau;

    @Option(names = "--grf-alpha", paramLabel = "A", defaultValue = "2", description = "GRF alpha.")
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
    public BurgersProblem problem() {
        BurgersSettings settings = new BurgersSettings(nx, length, nu, tFinal, snapshots,
                new TimeStepping(TimeStepping.Solver.parse(solver), dt, rtol, atol),
                BurgersSettings.InitialCondition.parse(ic), new GrfSpec(grfSigma, grfTau, grfAlpha));
        return new BurgersProblem(settings);
    }
}
