package dev.surrogate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code surrogate generate EQUATION ...}: one subcommand per equation family, registered in the list below.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "EQUATION",
        description = "Generate a dataset of PDE solutions (NetCDF, CF-1.8; see 'generate EQUATION --help').",
        subcommands = {
            GenerateBurgersCommand.class,
            GenerateNavierStokesCommand.class,
            GenerateGrayScottCommand.class,
            GenerateFitzHughNagumoCommand.class,
        })
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing EQUATION, one of "
                + spec.subcommands().keySet());
    }
}
