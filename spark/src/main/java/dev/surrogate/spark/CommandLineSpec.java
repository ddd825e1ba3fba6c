package dev.surrogate.spark;

import dev.surrogate.cli.GenerateCommand;
import dev.surrogate.cli.GenerateOptions;
import dev.surrogate.cli.GenerateSupport;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.DatasetProblem;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * A {@link GenerationSpec} from the arguments of {@code surrogate generate EQUATION ...} (the same options, parsed
 * by the same code on the driver and on every executor). {@code --out} names the merged file; {@code --shard} and
 * {@code --first-sample} keep their meaning ({@code --shard} is refused: the job makes the shards).
 */
public final class CommandLineSpec implements GenerationSpec {
    private static final long serialVersionUID = 1L;

    private final String[] args;
    private transient GenerateSupport.ProblemCommand parsed;

    /**
     * @param args {@code EQUATION} and its {@code generate} options, e.g. {@code navier-stokes --samples 64
     *             --nx 64 --out ns.nc}
     * @throws IllegalArgumentException (or picocli's {@link CommandLine.ParameterException}) naming a bad argument
     */
    public CommandLineSpec(List<String> args) {
        this.args = args.toArray(String[]::new);
        if (command().options().shard != null) {
            throw new IllegalArgumentException("--shard is for one task of a job array; the Spark job makes the "
                    + "shards itself (--shards N)");
        }
        problem();
    }

    /** @return the parsed command (parsed again after deserialisation) */
    private GenerateSupport.ProblemCommand command() {
        if (parsed == null) {
            CommandLine cl = new CommandLine(new GenerateCommand());
            cl.setCaseInsensitiveEnumValuesAllowed(true);
            CommandLine.ParseResult r = cl.parseArgs(args);
            if (!r.hasSubcommand()) {
                throw new IllegalArgumentException("missing EQUATION, one of " + cl.getSubcommands().keySet());
            }
            parsed = (GenerateSupport.ProblemCommand) r.subcommand().commandSpec().userObject();
        }
        return parsed;
    }

    /** @return the shared options ({@code --out}, {@code --samples}, ...) */
    public GenerateOptions options() {
        return command().options();
    }

    @Override
    public DatasetProblem problem() {
        return command().problem();
    }

    @Override
    public DatasetGenerator.Settings set() {
        GenerateOptions o = options();
        // one worker per task unless --threads says otherwise: Spark runs one task per core
        DatasetGenerator.Settings s = o.settings("surrogate spark generate " + String.join(" ", args));
        return o.threads == null ? s.withThreads(1) : s;
    }

    /** @return the merged file ({@code --out}) */
    public Path out() {
        return options().out;
    }

    @Override
    public String name() {
        String n = out().getFileName().toString();
        return n.endsWith(".nc") ? n.substring(0, n.length() - 3) : n;
    }
}
