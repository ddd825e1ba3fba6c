package dev.surrogate.datasets.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Output files that readers (and a run killed half-way) see either with their old or with their complete new
 * content: data go to a hidden temporary file in the target's directory, which is renamed over the target when
 * complete. Used for datasets, model files and plots alike.
 *
 * <p>A temporary file is named {@code .NAME.RANDOM.PID.HOST.tmp} (or another ending): the writer's process id and
 * host say whether it can still be alive. A run killed outright (SIGKILL, a cluster's preemption, a power cut)
 * leaves its temporary file behind; the next {@link #createTemp} for the same target deletes those whose writer
 * ran on this host and is no longer running, and never one of a live process or of another host. Files in the
 * older {@code .NAME.RANDOM.tmp} form carry no such information and are left alone.
 *
 * <p>Messages of failed writes name the target, never the temporary file.
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

    /** This host, as it appears in temporary file names. */
    private static final String HOST = hostToken();

    private AtomicFiles() {
    }

    /**
     * Checks, before any work is done, that a file can be written under this name, replacing an existing one.
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
     * Checks, before any work is done, that a command may write its output under this name: the checks of
     * {@link #checkTarget(Path)}, then that the output is none of the command's inputs (never allowed, whatever
     * {@code replace} says: writing would destroy what is being read), then that it does not exist yet unless
     * {@code replace}.
     *
     * @param target  the output file
     * @param replace whether an existing output may be replaced (a command's {@code --force})
     * @param inputs  files or directories the command reads; {@code null} entries are ignored
     * @return the target's absolute, normalised path
     * @throws NoSuchFileException        if its directory does not exist
     * @throws IllegalArgumentException   if it is a directory, its directory is not writable, or it is one of the
     *                                    inputs (the same file under any name: links and relative paths count)
     * @throws FileAlreadyExistsException if it exists and {@code replace} is false
     * @throws IOException                if an input's real path cannot be resolved
     */
    public static Path checkTarget(Path target, boolean replace, Path... inputs) throws IOException {
        Path abs = checkTarget(target);
        checkNotAnInput(target, inputs);
        if (!replace && Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "output exists");
        }
        return abs;
    }

    /**
     * Checks that an output (a file or a directory, existing or not) is none of the inputs.
     *
     * @param target the output
     * @param inputs what the command reads; {@code null} entries are ignored
     * @throws IllegalArgumentException naming both if the output is an input under some name
     * @throws IOException              if a real path cannot be resolved
     */
    public static void checkNotAnInput(Path target, Path... inputs) throws IOException {
        Path real = realPath(target);
        for (Path in : inputs) {
            if (in != null && Files.exists(in) && (realPath(in).equals(real)
                    || Files.exists(target) && Files.isSameFile(in, target))) {
                throw new IllegalArgumentException("output " + target + " is the input " + in
                        + "; writing it would destroy the data being read: choose another output");
            }
        }
    }

    /**
     * Checks, before any work is done, that a path that will be created or filled (e.g. an output directory) does
     * not exist yet unless {@code replace}.
     *
     * @param path    the output
     * @param replace whether an existing output may be replaced
     * @throws FileAlreadyExistsException if it exists and {@code replace} is false
     */
    public static void checkNew(Path path, boolean replace) throws FileAlreadyExistsException {
        if (!replace && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(path.toString(), null, "output exists");
        }
    }

    /** @return the real path of {@code p}, or of its nearest existing ancestor with the rest appended */
    private static Path realPath(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        return existing.toRealPath().resolve(existing.relativize(abs));
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
        removeStaleTemps(abs);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path candidate = abs.resolveSibling("." + abs.getFileName() + "." + Long.toUnsignedString(
                    random.nextLong(), 36) + "." + ProcessHandle.current().pid() + "." + HOST + suffix);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException ex) {
                if (attempt >= 100) {
                    throw new IOException("cannot write " + target + ": no free temporary name", ex);
                }
            } catch (IOException ex) {
                throw new IOException("cannot write " + target + ": " + withoutTemp(ex.getMessage(), candidate,
                        target), ex);
            }
        }
    }

    /**
     * Deletes the temporary files of {@code target} that were left by dead writers on this host (see the class
     * documentation). Failures to list or delete are ignored: this is housekeeping.
     *
     * @param target the output file
     * @return the files deleted
     */
    public static List<Path> removeStaleTemps(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        String prefix = "." + abs.getFileName() + ".";
        // .NAME.RANDOM.PID.HOST.ENDING, as made by createTemp
        Pattern ours = Pattern.compile(Pattern.quote(prefix) + "[0-9a-z]{1,13}\\.([0-9]{1,18})\\."
                + Pattern.quote(HOST) + "\\.[A-Za-z0-9]+");
        List<Path> removed = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                e -> e.getFileName().toString().startsWith(prefix))) {
            for (Path e : entries) {
                Matcher m = ours.matcher(e.getFileName().toString());
                if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                    continue;
                }
                try {
                    if (Files.deleteIfExists(e)) {
                        removed.add(e);
                    }
                } catch (IOException ex) {
                    // another process may be cleaning up at the same time, or the directory is read-only
                }
            }
        } catch (IOException | UncheckedIOException ex) {
            // housekeeping only
        }
        return removed;
    }

    /** @return this host's name reduced to letters and digits (a part of temporary file names) */
    private static String hostToken() {
        String host = null;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException ex) {
            // not Linux
        }
        if (host == null || host.isEmpty()) {
            host = System.getenv("HOSTNAME");
        }
        if (host == null || host.isEmpty()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException ex) {
                host = "localhost";
            }
        }
        String clean = host.replaceAll("[^A-Za-z0-9]", "");
        if (clean.isEmpty() || clean.length() > 40 || !clean.equals(host)) {
            // keep names short and distinct for hosts whose names differ only in dropped characters
            String head = clean.length() > 24 ? clean.substring(0, 24) : clean;
            clean = head + "x" + Integer.toUnsignedString(host.hashCode(), 36);
        }
        return clean;
    }

    /**
     * @param message a message that may name the temporary file
     * @param temp    the temporary file
     * @param target  the file it stands for
     * @return the message with the temporary file's path and name replaced by the target's
     */
    public static String withoutTemp(String message, Path temp, Path target) {
        if (message == null || temp == null) {
            return message;
        }
        return message.replace(temp.toAbsolutePath().normalize().toString(), target.toString())
                .replace(temp.toString(), target.toString())
                .replace(temp.getFileName().toString(), target.getFileName().toString());
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
            throw new UncheckedIOException("cannot write " + target + ": " + withoutTemp(e.getMessage(), tmp, target),
                    e);
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
