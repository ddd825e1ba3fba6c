package dev.surrogate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code surrogate uq}: the uncertainty-quantification commands. */
@Command(name = "uq", mixinStandardHelpOptions = true,
        description = "Uncertainty quantification: compare deep ensembles, MC dropout and other methods on one test "
                + "set, with split conformal calibration.",
        subcommands = {UqCompareCommand.class})
public final class UqCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (see 'surrogate uq --help')");
    }
}
