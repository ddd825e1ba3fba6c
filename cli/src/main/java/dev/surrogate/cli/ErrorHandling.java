package dev.surrogate.cli;

import dev.surrogate.datasets.generate.SampleFailedException;
import dev.surrogate.datasets.io.DatasetFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures to exit codes and one-line messages (see {@link SurrogateCli}).
 *
 * <p>Exit status 2 (bad arguments) for everything the user can fix on the command line: unknown options, commands
 * and equations, invalid values, and every input file that is not a usable dataset, whatever the reason (missing,
 * unreadable, not NetCDF, truncated, a missing variable or dimension, a non-finite value), plus an output that
 * exists without {@code --force} or that is one of the inputs. Exit status 1 for failures of the work itself
 * (solver divergence, a write that fails, an internal error).
 */
final class ErrorHandling {
    /** Exit status for bad arguments. */
    static final int BAD_ARGUMENTS = 2;
    /** Exit status for any other failure. */
    static final int FAILURE = 1;

    private ErrorHandling() {
    }

    /** Parse errors: unknown options, values that do not convert, missing required options. */
    static final class ParameterErrors implements CommandLine.IParameterExceptionHandler {
        private final boolean debug;

        ParameterErrors(boolean debug) {
            this.debug = debug;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            String name = cmd.getCommandSpec().qualifiedName();
            String unknown = unknownSubcommand(ex, cmd);
            err.println(name + ": " + (unknown != null ? unknown : oneLine(ex.getMessage())) + " (see '" + name
                    + " --help')");
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return BAD_ARGUMENTS;
        }
    }

    /** Errors thrown while a command runs. */
    static final class ExecutionErrors implements CommandLine.IExecutionExceptionHandler {
        private final boolean debug;

        ExecutionErrors(boolean debug) {
            this.debug = debug;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
            PrintWriter err = cmd.getErr();
            String name = cmd.getCommandSpec().qualifiedName();
            if (ex instanceof CommandLine.ParameterException) {
                err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
                return finish(ex, err, BAD_ARGUMENTS);
            }
            if (ex instanceof IllegalArgumentException) {
                err.println(name + ": " + oneLine(ex.getMessage()));
                return finish(ex, err, BAD_ARGUMENTS);
            }
            if (ex instanceof NoSuchFileException || ex instanceof FileNotFoundException) {
                err.println(name + ": " + describeMissing(ex));
                return finish(ex, err, BAD_ARGUMENTS);
            }
            if (ex instanceof AccessDeniedException) {
                AccessDeniedException a = (AccessDeniedException) ex;
                err.println(name + ": permission denied: " + a.getFile()
                        + (a.getReason() == null ? "" : " (" + a.getReason() + ")"));
                return finish(ex, err, BAD_ARGUMENTS);
            }
            if (ex instanceof FileAlreadyExistsException) {
                err.println(name + ": output " + ((FileAlreadyExistsException) ex).getFile()
                        + " exists; add --force to replace it");
                return finish(ex, err, BAD_ARGUMENTS);
            }
            if (ex instanceof DatasetFormatException) {
                err.println(name + ": " + oneLine(ex.getMessage()));
                return finish(ex, err, BAD_ARGUMENTS);
            }
            if (ex instanceof IOException) {
                err.println(name + ": " + oneLine(ex.getMessage()));
                return finish(ex, err, FAILURE);
            }
            if ((ex instanceof IllegalStateException || ex instanceof SampleFailedException)
                    && ex.getMessage() != null) {
                err.println(name + ": " + oneLine(ex.getMessage()));
                return finish(ex, err, FAILURE);
            }
            err.println(name + ": internal error: " + oneLine(String.valueOf(ex))
                    + (debug ? "" : " (rerun with --debug for the stack trace)"));
            return finish(ex, err, FAILURE);
        }

        private int finish(Exception ex, PrintWriter err, int code) {
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        }
    }

    /**
     * @return for an unknown word where a command with subcommands expects one (e.g. {@code generate heat}):
     *         {@code "unknown equation 'heat'; one of: burgers, ..."}, the noun taken from the command's synopsis
     *         label; {@code null} for any other error
     */
    static String unknownSubcommand(CommandLine.ParameterException ex, CommandLine cmd) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException) || cmd.getSubcommands().isEmpty()) {
            return null;
        }
        java.util.List<String> unmatched = ((CommandLine.UnmatchedArgumentException) ex).getUnmatched();
        if (unmatched.isEmpty() || unmatched.get(0).startsWith("-")) {
            return null;
        }
        String label = cmd.getCommandSpec().usageMessage().synopsisSubcommandLabel();
        String noun = label == null ? "command" : label.replaceAll("[^A-Za-z ]", "").trim()
                .toLowerCase(java.util.Locale.ROOT);
        return "unknown " + (noun.isEmpty() ? "command" : noun) + " '" + unmatched.get(0) + "'; one of: "
                + String.join(", ", cmd.getSubcommands().keySet());
    }

    private static String describeMissing(Exception ex) {
        if (ex instanceof NoSuchFileException) {
            NoSuchFileException n = (NoSuchFileException) ex;
            String reason = n.getReason() == null ? "file not found" : n.getReason();
            return reason + ": " + n.getFile();
        }
        return "file not found: " + oneLine(ex.getMessage());
    }

    /** @return the message on one line (NetCDF-Java and others sometimes embed newlines) */
    static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
    }
}
