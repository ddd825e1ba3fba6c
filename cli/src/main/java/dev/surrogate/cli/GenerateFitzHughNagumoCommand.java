package dev.surrogate.cli;

import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.datasets.reactiondiffusion.FitzHughNagumoProblem;
import dev.surrogate.datasets.reactiondiffusion.FitzHughNagumoSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surrogate generate fitzhugh-nagumo}: PDEBench's 2-D diffusion-reaction problem, periodic. */
@Command(name = "fitzhugh-nagumo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"FitzHugh-Nagumo reaction-diffusion (PDEBench form): u_t = Du lap(u) + u - u^3 - k - v,",
            "v_t = Dv lap(v) + u - v, periodic on [0, L)^2 (PDEBench: no-flux on [-1, 1]^2), pseudo-spectral.",
            "Defaults: PDEBench's Du 1e-3, Dv 5e-3, k 5e-3, L 2, t-final 5 with 101 snapshots; initial u and v",
            "independent N(0, amplitude^2) at every grid point. Writes u and v (sample, time, y, x). Sweepable",
            "(--vary): diffusion_u, diffusion_v, k."})
public final class GenerateFitzHughNagumoCommand implements Callable<Integer>, GenerateSupport.ProblemCommand {

    @Spec
    private CommandSpec spec;

    @Mixin
    private GenerateOptions common;

    @Option(names = "--nx", paramLabel = "N", defaultValue = "128", description = "Grid points in x (even, >= 4). "
            + "Default: ${DEFAULT-VALUE}.")
    private int nx;

    @Option(names = "--ny", paramLabel = "N", description = "Grid points in y (even, >= 4). Default: --nx.")
    private Integer ny;

    @Option(names = "--length", paramLabel = "L", defaultValue = "2", description = "Side of the square domain. "
            + "Default: ${DEFAULT-VALUE}.")
    private double length;

    @Option(names = {"--du", "--diffusion-u"}, paramLabel = "D", defaultValue = "1e-3",
            description = "Diffusion coefficient of u (> 0). Default: ${DEFAULT-VALUE}.")
    private double du;

    @Option(names = {"--dv", "--diffusion-v"}, paramLabel = "D", defaultValue = "5e-3",
            description = "Diffusion coefficient of v (> 0). Default: ${DEFAULT-VALUE}.")
    private double dv;

    @Option(names = "--k", paramLabel = "K", defaultValue = "5e-3", description = "The constant k. "
            + "Default: ${DEFAULT-VALUE}.")
    private double k;

    @Option(names = "--t-final", paramLabel = "T", defaultValue = "5", description = "Final time (> 0). "
            + "Default: ${DEFAULT-VALUE}.")
    private double tFinal;

    @Option(names = "--snapshots", paramLabel = "K", defaultValue = "101",
            description = "Output times, equally spaced from 0 to t-final inclusive (>= 2). Default: ${DEFAULT-VALUE}.")
    private int snapshots;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "etdrk4",
            description = "etdrk4 (fixed step --dt) or dopri853 (adaptive, --rtol/--atol). Default: ${DEFAULT-VALUE}.")
    private String solver;

    @Option(names = "--dt", paramLabel = "DT", defaultValue = "5e-3", description = "ETDRK4 time step (> 0). "
            + "Default: ${DEFAULT-VALUE}.")
    private double dt;

    @Option(names = "--rtol", paramLabel = "TOL", defaultValue = "1e-8",
            description = "dopri853 relative tolerance. Default: ${DEFAULT-VALUE}.")
    private double rtol;

    @Option(names = "--atol", paramLabel = "TOL", defaultValue = "1e-10",
            description = "dopri853 absolute tolerance on u and v. Default: ${DEFAULT-VALUE}.")
    private double atol;

    @Option(names = "--amplitude", paramLabel = "A", defaultValue = "1",
            description = "Standard deviation of the initial values (> 0). Default: ${DEFAULT-VALUE}.")
    private double amplitude;

    @Override
    public Integer call() throws Exception {
        return GenerateSupport.run(spec, common, problem());
    }

    @Override
    public GenerateOptions options() {
        return common;
    }

    @Override
    public FitzHughNagumoProblem problem() {
        FitzHughNagumoSettings settings = new FitzHughNagumoSettings(nx, ny == null ? nx : ny, length, du, dv, k,
                tFinal, snapshots, new TimeStepping(TimeStepping.Solver.parse(solver), dt, rtol, atol), amplitude);
        return new FitzHughNagumoProblem(settings);
    }
}
