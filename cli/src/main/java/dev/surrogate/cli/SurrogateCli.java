package dev.surrogate.cli;

import dev.surrogate.datasets.Provenance;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code surrogate} program. Every command is registered here (or, for
 * {@code generate EQUATION}, in {@link GenerateCommand}).
 *
 * <p>Exit status: 0 on success, 2 for bad arguments (unknown option, invalid value, an input file that is missing,
 * unreadable, not NetCDF, truncated or lacks a variable, a missing output directory, an existing output without
 * {@code --force}), 1 for any other failure (solver divergence, a failed write). See {@link ErrorHandling}. Errors are one line
 * on stderr naming the bad value, file or shape; {@code --debug} adds the stack trace. Results go to stdout,
 * progress and timings to stderr.
 */
@Command(name = "surrogate", mixinStandardHelpOptions = true, versionProvider = SurrogateCli.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Scientific surrogate toolkit: generate PDE datasets, train and evaluate neural surrogates.",
        subcommands = {
            GenerateCommand.class,
            InfoCommand.class,
            MergeCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ResidualCommand.class,
            UqCommand.class,
            QuickstartCommand.class,
        },
        footer = {"", "Exit status: 0 success, 2 bad arguments (including an input file that is missing, unreadable, "
                + "truncated or not a dataset), 1 other failure. Add --debug for stack traces."})
public final class SurrogateCli implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Accepted anywhere on the command line; read from the raw arguments by the error handlers. */
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    private boolean debug;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (see 'surrogate --help')");
    }

    /**
     * Runs the program and exits the JVM with its status.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the program without exiting (used by tests and embedding code).
     *
     * @param args command-line arguments
     * @param out  results
     * @param err  progress, timings and error messages
     * @return the exit status
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(args, out, err).execute(args);
    }

    /**
     * Builds the command line with this program's error handling.
     *
     * @param args the arguments that will be executed (to honour {@code --debug} wherever it appears)
     * @param out  results
     * @param err  messages
     * @return a configured {@link CommandLine}
     */
    public static CommandLine commandLine(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new SurrogateCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(new ErrorHandling.ParameterErrors(debug));
        cl.setExecutionExceptionHandler(new ErrorHandling.ExecutionErrors(debug));
        cl.setExecutionStrategy(parsed -> {
            ThreadsOption.apply(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        return cl;
    }

    /** Version, commit and build time of this build (see {@link Provenance}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Provenance p = Provenance.current();
            return new String[] {p.describe(), "built " + p.built() + ", Java " + Runtime.version()};
        }
    }
}
