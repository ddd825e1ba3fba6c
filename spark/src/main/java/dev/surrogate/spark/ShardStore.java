package dev.surrogate.spark;

import dev.surrogate.datasets.io.AtomicFiles;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where the tasks put their shards: a directory that every executor and the driver reach. A plain path (or a
 * {@code file:} URI) is a shared file system (NFS, Lustre, GPFS, or the local disk of a single machine): tasks
 * write there directly. Any other URI ({@code hdfs://}, {@code s3a://}, ...) goes through Hadoop's
 * {@link FileSystem}: NetCDF needs a local file, so a task writes the shard on its local disk, uploads it under a
 * temporary name and renames it into place; the driver copies the shards back to merge them.
 *
 * <p>Either way a shard appears under its final name only when complete, and publishing the same shard twice
 * (a retried or speculative task) leaves one complete file of the same content.
 */
public abstract class ShardStore implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * @param location a directory path or URI
     * @return the store for it
     */
    public static ShardStore of(String location) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):").matcher(location);
        if (!m.find()) {
            // a path (a one-letter "scheme" would be a Windows drive)
            return new Shared(Path.of(location).toAbsolutePath().normalize().toString());
        }
        if (m.group(1).toLowerCase(Locale.ROOT).equals("file")) {
            return new Shared(Path.of(URI.create(location)).toAbsolutePath().normalize().toString());
        }
        return new Hadoop(location);
    }

    /**
     * A shared directory whose files NetCDF-Java reads and writes directly. Also used through Hadoop's local file
     * system in tests ({@link Hadoop} with a {@code file:} URI).
     */
    static final class Shared extends ShardStore {
        private static final long serialVersionUID = 1L;
        private final String dir;

        Shared(String dir) {
            this.dir = dir;
        }

        @Override
        public String location() {
            return dir;
        }

        @Override
        public void createDirectory() throws IOException {
            Files.createDirectories(Path.of(dir));
        }

        @Override
        public Path staging(String name) {
            return Path.of(dir, name);
        }

        @Override
        public void publish(Path staged, String name) {
            // NetcdfDatasetWriter has already renamed its temporary file onto the final name
        }

        @Override
        public Path fetch(String name, Path localDir) throws IOException {
            Path p = Path.of(dir, name);
            return Files.isRegularFile(p) ? p : null;
        }

        @Override
        public boolean needsCopies() {
            return false;
        }
    }

    /** A directory on a Hadoop-compatible file system. */
    static final class Hadoop extends ShardStore {
        private static final long serialVersionUID = 1L;
        private final String dir;

        Hadoop(String dir) {
            this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        }

        private FileSystem fs() throws IOException {
            return FileSystem.get(URI.create(dir), new Configuration());
        }

        private org.apache.hadoop.fs.Path path(String name) {
            return new org.apache.hadoop.fs.Path(dir + "/" + name);
        }

        @Override
        public String location() {
            return dir;
        }

        @Override
        public void createDirectory() throws IOException {
            fs().mkdirs(new org.apache.hadoop.fs.Path(dir));
        }

        @Override
        public Path staging(String name) throws IOException {
            return Files.createTempDirectory("surrogate-shard-").resolve(name);
        }

        @Override
        public void publish(Path staged, String name) throws IOException {
            FileSystem fs = fs();
            org.apache.hadoop.fs.Path target = path(name);
            // a hidden name in the same directory, unique to this attempt: rename within one directory is atomic
            org.apache.hadoop.fs.Path temp = path("." + name + "." + Long.toUnsignedString(
                    java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(staged.toUri()), temp);
                // a task publishes only when what was there is not its shard (none, foreign or damaged); HDFS
                // renames onto no existing file
                fs.delete(target, false);
                if (!fs.rename(temp, target)) {
                    // another attempt of the same task published the same shard in between
                    if (!fs.exists(target)) {
                        throw new IOException("cannot publish " + target + ": rename of the uploaded copy failed");
                    }
                }
            } finally {
                fs.delete(temp, false);
                AtomicFiles.deleteQuietly(staged);
                AtomicFiles.deleteQuietly(staged.getParent());
            }
        }

        @Override
        public Path fetch(String name, Path localDir) throws IOException {
            FileSystem fs = fs();
            org.apache.hadoop.fs.Path p = path(name);
            if (!fs.exists(p)) {
                return null;
            }
            Path local = localDir.resolve(name);
            // raw copy: no checksum side files next to the local copy
            fs.copyToLocalFile(false, p, new org.apache.hadoop.fs.Path(local.toUri()), true);
            return local;
        }

        @Override
        public boolean needsCopies() {
            return true;
        }
    }

    /** @return the directory, as given */
    public abstract String location();

    /**
     * Creates the directory if needed.
     *
     * @throws IOException if it cannot be created
     */
    public abstract void createDirectory() throws IOException;

    /**
     * @param name a shard file name
     * @return the local file a task writes the shard to (atomically, with {@code NetcdfDatasetWriter}); for a
     *         shared directory the final file itself
     * @throws IOException if a local directory cannot be made
     */
    public abstract Path staging(String name) throws IOException;

    /**
     * Makes a complete shard visible under its final name (a no-op for a shared directory).
     *
     * @param staged the file from {@link #staging}, complete
     * @param name   the shard file name
     * @throws IOException if the upload or the rename fails (nothing is visible under the final name then)
     */
    public abstract void publish(Path staged, String name) throws IOException;

    /**
     * @param name     a shard file name
     * @param localDir where to put a copy if one is needed
     * @return a local file with the published shard (the shard itself on a shared directory, else a copy in
     *         {@code localDir}), or {@code null} if none is published
     * @throws IOException on a read or copy error
     */
    public abstract Path fetch(String name, Path localDir) throws IOException;

    /** @return whether {@link #fetch} copies (the driver then needs local room for the shards) */
    public abstract boolean needsCopies();

    /** @return {@link #location()} */
    @Override
    public String toString() {
        return location();
    }

    /** Rethrows an {@link IOException} unchecked, for use inside Spark functions. */
    static UncheckedIOException unchecked(IOException ex) {
        return new UncheckedIOException(ex.getMessage(), ex);
    }
}
