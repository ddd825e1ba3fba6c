package dev.surrogate.datasets.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Output files that readers (and a run killed half-way) see either with their old or with their complete new
 * content: data go to a hidden temporary file in the target's directory ({@code .NAME.RANDOM.tmp}), which is renamed
 * over the target when complete. Used for datasets, model files and plots alike.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param out stream of the temporary file; closed by the caller
         * @throws IOException on failure
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Checks, before any work is done, that a file can be written under this name.
     *
     * @param target the output file
     * @return its absolute, normalised path
     * @throws NoSuchFileException      if its directory does not exist
     * @throws IllegalArgumentException if it is a directory or its directory is not writable
     */
    public static Path checkTarget(Path target) throws NoSuchFileException {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "output directory does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException("output " + target + " is a directory, expected a file name");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("output directory " + dir + " is not writable");
        }
        return abs;
    }

    /**
     * Creates an empty temporary file beside the target, with the permissions an ordinary new file gets (unlike
     * {@code Files.createTempFile}, whose owner-only permissions would carry over to the renamed result).
     *
     * @param target the output file (absolute or not)
     * @param suffix the temporary file's ending, e.g. {@code .tmp}, or {@code .png} for a library that insists on it
     * @return the new temporary file
     * @throws IOException if it cannot be created
     */
    public static Path createTemp(Path target, String suffix) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path candidate = abs.resolveSibling(
                    "." + abs.getFileName() + "." + Long.toUnsignedString(random.nextLong(), 36) + suffix);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException ex) {
                if (attempt >= 100) {
                    throw ex;
                }
            }
        }
    }

    /**
     * Renames a complete temporary file over the target, atomically where the file system allows it.
     *
     * @param temp   the temporary file, in the target's directory
     * @param target the output file; replaced if it exists
     * @throws IOException if the rename fails (the temporary file is then left for the caller to delete)
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * @param target destination file
     * @param bytes  content
     * @throws UncheckedIOException naming the file on failure (the target is then unchanged)
     */
    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes a file through a temporary file that is forced to disk before the rename.
     *
     * @param target destination file; its directory must exist
     * @param writer produces the content
     * @throws UncheckedIOException naming the file on failure (the target is then unchanged)
     */
    public static void write(Path target, Writer writer) {
        Path tmp = null;
        try {
            tmp = createTemp(target, ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            moveIntoPlace(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Deletes a leftover temporary file; used on paths that are already failing, where a stray file is the lesser
     * problem.
     *
     * @param temp the file, or {@code null} for nothing to do
     */
    public static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // see above
        }
    }
}
