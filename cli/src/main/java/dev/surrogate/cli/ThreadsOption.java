package dev.surrogate.cli;

import dev.surrogate.operators.Nd4jRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --threads N} for the commands that run neural networks ({@code train}, {@code evaluate}, {@code predict}):
 * the threads of ND4J's loops and of OpenBLAS, and for training the number of data-parallel graphs
 * ({@code Trainer#withReplicas}, whose default follows this count). Include with {@code @Mixin};
 * {@link SurrogateCli} hands the value to {@link Nd4jRuntime#requestThreads} after parsing, before the command runs
 * (and calls {@link Nd4jRuntime#init()}).
 *
 * <p>The default, 1 (or the system property {@value Nd4jRuntime#THREADS_PROPERTY}): ND4J's own threads did not
 * pay on the 2-core development machine, and one thread per job leaves a shared machine's other cores to other
 * jobs; on an idle machine, training with one graph per core is faster (the option's help gives the figures).
 */
public final class ThreadsOption {
    /** The thread count. */
    @Option(names = "--threads", paramLabel = "N", defaultValue = "${sys:surrogate.threads:-1}",
            description = {"Threads. train: N copies of the graph, one thread each, split every batch between them "
                    + "and average their gradients (data-parallel; not for dropout models or --combine config, "
                    + "which train on one graph); evaluate, predict: ND4J's threads within each op. "
                    + "Default: ${DEFAULT-VALUE}. Measured on 2 cores against 1 thread, training samples/s: FNO-1D "
                    + "(width 64, nx 256, batch 20) 1.07-1.19x, FNO-2D (width 20, 64^2) 1.42-1.75x, but the "
                    + "quickstart's nx 128 model none (30 epochs 46.3 vs 46.0 s); ND4J's own threads gave no "
                    + "training speed-up. ./surrogate exports OMP_WAIT_POLICY=PASSIVE, without "
                    + "which 2 ND4J threads were 9x slower."})
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
