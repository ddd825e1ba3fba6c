package dev.surrogate.cli;

import dev.surrogate.operators.Nd4jRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --threads N} for the commands that run neural networks ({@code train}, {@code evaluate}, {@code predict}):
 * the threads of ND4J's loops and of OpenBLAS, applied through {@link Nd4jRuntime#requestThreads} when the command
 * line is parsed, before the command calls {@link Nd4jRuntime#init()}. Include with {@code @Mixin}.
 *
 * <p>The default, 1 (or the system property {@value Nd4jRuntime#THREADS_PROPERTY}), is what measured fastest on
 * the 2-core machine this toolkit is developed on; see the option's help for the figures.
 */
public final class ThreadsOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private int threads;

    /**
     * @param n the thread count, {@code >= 1}
     * @throws CommandLine.ParameterException (exit status 2) if {@code n < 1}
     */
    @Option(names = "--threads", paramLabel = "N", defaultValue = "${sys:surrogate.threads:-1}",
            description = {"Threads for ND4J (libnd4j loops and OpenBLAS). Default: ${DEFAULT-VALUE}. Measured on "
                    + "2 cores (Burgers FNO, width 64, nx 256, batch 20; samples/s, 1 vs 2 threads): training 336-390 "
                    + "vs 244-346, inference 1271-1301 vs 868-1046. On more cores try more; ./surrogate exports "
                    + "OMP_WAIT_POLICY=PASSIVE, without which 2 threads were 9x slower."})
    void setThreads(int n) {
        if (n < 1) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--threads must be >= 1, got " + n);
        }
        threads = n;
        Nd4jRuntime.requestThreads(n);
    }

    /** @return the thread count given (or the default) */
    public int threads() {
        return threads;
    }
}
