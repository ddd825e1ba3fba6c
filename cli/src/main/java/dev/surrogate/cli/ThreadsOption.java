package dev.surrogate.cli;

import dev.surrogate.operators.Nd4jRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --threads N} for the commands that run neural networks ({@code train}, {@code evaluate}, {@code predict}):
 * the threads of ND4J's loops and of OpenBLAS. Include with {@code @Mixin}; {@link SurrogateCli} hands the value
 * to {@link Nd4jRuntime#requestThreads} after parsing, before the command runs (and calls
 * {@link Nd4jRuntime#init()}).
 *
 * <p>The default, 1 (or the system property {@value Nd4jRuntime#THREADS_PROPERTY}), is what measured fastest on
 * the 2-core machine this toolkit is developed on; the option's help gives the figures.
 */
public final class ThreadsOption {
    /** The thread count. */
    @Option(names = "--threads", paramLabel = "N", defaultValue = "${sys:surrogate.threads:-1}",
            description = {"Threads for ND4J (libnd4j loops and OpenBLAS). Default: ${DEFAULT-VALUE}. Measured on "
                    + "2 cores (Burgers FNO, width 64, nx 256, batch 20), 1 vs 2 threads: on an idle machine "
                    + "training 336-390 vs 244-346 and inference 1271-1301 vs 868-1046 samples/s; with other jobs "
                    + "running (load 11-13) 3 epochs of 400 samples took 40-50 s vs 27-39 s and evaluating 100 "
                    + "samples 1.2-2.3 s vs 1.5 s. On more cores try more; ./surrogate exports "
                    + "OMP_WAIT_POLICY=PASSIVE, without which 2 threads were 9x slower."})
    int threads;

    /**
     * Applies the {@code --threads} of the command about to run, if it has the option.
     *
     * @param parsed the parsed command line
     * @throws CommandLine.ParameterException (exit status 2) for a count below 1
     */
    static void apply(ParseResult parsed) {
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        CommandSpec spec = leaf.commandSpec();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof ThreadsOption t) {
                if (t.threads < 1) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, got "
                            + t.threads);
                }
                Nd4jRuntime.requestThreads(t.threads);
            }
        }
    }
}
