package dev.surrogate.cli;

import picocli.CommandLine.Option;

/**
 * {@code --force} for commands that write a file or directory: without it an existing output is refused (exit
 * status 2). Writing over one of the command's own inputs is refused always. Include with {@code @Mixin}; the
 * check itself is {@link dev.surrogate.datasets.io.AtomicFiles#checkTarget(java.nio.file.Path, boolean,
 * java.nio.file.Path...)}.
 */
public final class ForceOption {
    /** Whether an existing output may be replaced. */
    @Option(names = "--force", description = "Replace the output if it exists (an output that is one of the "
            + "inputs is refused even so).")
    public boolean force;
}
