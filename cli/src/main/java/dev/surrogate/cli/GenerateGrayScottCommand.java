package dev.surrogate.cli;

import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.datasets.reactiondiffusion.GrayScottProblem;
import dev.surrogate.datasets.reactiondiffusion.GrayScottSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surrogate generate gray-scott}: Pearson's scaling, random squares on the (1, 0) state. */
@Command(name = "gray-scott", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Gray-Scott reaction-diffusion: u_t = Du lap(u) - u v^2 + F (1 - u),",
            "v_t = Dv lap(v) + u v^2 - (F + k) v, periodic on [0, L)^2, pseudo-spectral in space.",
            "Defaults: Pearson (1993) scaling (Du 2e-5, Dv 1e-5, L 2.5) and pattern type theta (F 0.046, k 0.061):",
            "rings that merge into worms. Initial condition: (u, v) = (1, 0) with --squares random squares set to",
            "(1/2, 1/4), times 1 +- --noise. Writes u and v (sample, time, y, x). Sweepable (--vary): diffusion_u,",
            "diffusion_v, feed_rate, kill_rate."})
public final class GenerateGrayScottCommand implements Callable<Integer>, GenerateSupport.ProblemCommand {

    @Spec
    private CommandSpec spec;

    @Mixin
    private GenerateOptions common;

    @Option(names = "--nx", paramLabel = "N", defaultValue = "128", description = "Grid points in x (even, >= 4). "
            + "Default: ${DEFAULT-VALUE}.")
    private int nx;

    @Option(names = "--ny", paramLabel = "N", description = "Grid points in y (even, >= 4). Default: --nx.")
    private Integer ny;

    @Option(names = "--length", paramLabel = "L", defaultValue = "2.5", description = "Side of the square domain. "
            + "Default: ${DEFAULT-VALUE}.")
    private double length;

    @Option(names = {"--du", "--diffusion-u"}, paramLabel = "D", defaultValue = "2e-5",
            description = "Diffusion coefficient of u (> 0). Default: ${DEFAULT-VALUE}.")
    private double du;

    @Option(names = {"--dv", "--diffusion-v"}, paramLabel = "D", defaultValue = "1e-5",
            description = "Diffusion coefficient of v (> 0). Default: ${DEFAULT-VALUE}.")
    private double dv;

    @Option(names = {"--feed", "--feed-rate"}, paramLabel = "F", defaultValue = "0.046",
            description = "Feed rate F (> 0). Default: ${DEFAULT-VALUE}.")
    private double feed;

    @Option(names = {"--kill", "--kill-rate"}, paramLabel = "K", defaultValue = "0.061",
            description = "Kill rate k (> 0). Default: ${DEFAULT-VALUE}.")
    private double kill;

    @Option(names = "--t-final", paramLabel = "T", defaultValue = "4000", description = "Final time (> 0). "
            + "Default: ${DEFAULT-VALUE}.")
    private double tFinal;

    @Option(names = "--snapshots", paramLabel = "K", defaultValue = "41",
            description = "Output times, equally spaced from 0 to t-final inclusive (>= 2). Default: ${DEFAULT-VALUE}.")
    private int snapshots;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "etdrk4",
            description = "etdrk4 (fixed step --dt) or dopri853 (adaptive, --rtol/--atol). Default: ${DEFAULT-VALUE}.")
    private String solver;

    @Option(names = "--dt", paramLabel = "DT", defaultValue = "1", description = "ETDRK4 time step (> 0). "
            + "Default: ${DEFAULT-VALUE}.")
    private double dt;

    @Option(names = "--rtol", paramLabel = "TOL", defaultValue = "1e-8",
            description = "dopri853 relative tolerance. Default: ${DEFAULT-VALUE}.")
    private double rtol;

    @Option(names = "--atol", paramLabel = "TOL", defaultValue = "1e-10",
            description = "dopri853 absolute tolerance on u and v. Default: ${DEFAULT-VALUE}.")
    private double atol;

    @Option(names = "--squares", paramLabel = "N", defaultValue = "8",
            description = "Number of perturbed squares (>= 1). Default: ${DEFAULT-VALUE}.")
    private int squares;

    @Option(names = "--square-size", paramLabel = "S", defaultValue = "0.08",
            description = "Side of each square as a fraction of L, in (0, 1). Default: ${DEFAULT-VALUE}.")
    private double squareSize;

    @Option(names = "--noise", paramLabel = "E", defaultValue = "0.01",
            description = "Relative amplitude of the multiplicative noise, in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double noise;

    @Override
    public Integer call() throws Exception {
        return GenerateSupport.run(spec, common, problem());
    }

    @Override
    public GenerateOptions options() {
        return common;
    }

    @Override
    public GrayScottProblem problem() {
        GrayScottSettings settings = new GrayScottSettings(nx, ny == null ? nx : ny, length, du, dv, feed, kill,
                tFinal, snapshots, new TimeStepping(TimeStepping.Solver.parse(solver), dt, rtol, atol), squares,
                squareSize, noise);
        return new GrayScottProblem(settings);
    }
}
