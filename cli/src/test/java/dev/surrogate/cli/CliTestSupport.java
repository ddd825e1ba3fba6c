package dev.surrogate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the program in-process with captured streams. */
final class CliTestSupport {
    private CliTestSupport() {
    }

    /** Result of one run. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SurrogateCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
