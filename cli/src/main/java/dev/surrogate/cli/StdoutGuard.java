package dev.surrogate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Sends {@code System.out} to stderr while ND4J works: SameDiff prints "Added differentiated op ..." and similar
 * lines straight to standard output, and stdout must carry only results. Commands print their results through
 * picocli's writer, which keeps the original stream.
 */
final class StdoutGuard {
    private StdoutGuard() {
    }

    /** Work that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface Work<T> {
        /**
         * @return the work's result
         * @throws IOException on an I/O error
         */
        T run() throws IOException;
    }

    /**
     * Runs work with {@code System.out} sent to stderr, restoring it afterwards.
     *
     * @param work the work
     * @param <T>  its result type
     * @return its result
     * @throws IOException on an I/O error, also one the data sources wrapped in an {@link UncheckedIOException}
     *                     (rethrown unwrapped, so its type still decides the exit status)
     */
    static <T> T run(Work<T> work) throws IOException {
        PrintStream saved = System.out;
        System.setOut(System.err);
        try {
            return work.run();
        } catch (UncheckedIOException e) {
            // keep the cause's type (a DatasetFormatException, a missing file): it decides the exit status
            throw e.getCause() != null ? e.getCause() : new IOException(e.getMessage(), e);
        } finally {
            System.out.flush();
            System.setOut(saved);
        }
    }
}
