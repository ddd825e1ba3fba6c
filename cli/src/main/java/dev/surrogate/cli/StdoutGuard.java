package dev.surrogate.cli;

import java.io.PrintStream;

/**
 * Sends {@code System.out} to stderr while ND4J works: SameDiff prints "Added differentiated op ..." and similar
 * lines straight to standard output, and stdout must carry only results. Commands print their results through
 * picocli's writer, which keeps the original stream.
 */
final class StdoutGuard implements AutoCloseable {
    private final PrintStream saved;

    StdoutGuard() {
        saved = System.out;
        System.setOut(System.err);
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(saved);
    }
}
