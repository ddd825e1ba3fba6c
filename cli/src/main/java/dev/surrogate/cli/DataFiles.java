package dev.surrogate.cli;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.data.ConcatenatedFieldSource;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.NetcdfFieldSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Dataset files named on the command line: paths, or glob patterns in the file name ({@code shards/run-*.nc},
 * quoted so that the shell passes them on) expanded here in name order, as a shell would. Used by the commands
 * that read several files as one dataset ({@code train}, {@code evaluate}, {@code merge}).
 */
final class DataFiles {
    private DataFiles() {
    }

    /** @return whether the text has glob characters */
    private static boolean isPattern(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /**
     * @param args paths or patterns, in order
     * @param what how messages name the files, e.g. {@code "dataset file"}
     * @return the files: each path as given, each pattern's matches in name order
     * @throws NoSuchFileException      (exit status 2) for a path that is not a file or a pattern without a match
     * @throws IllegalArgumentException if a file is named twice (directly or through a pattern)
     * @throws IOException              if a directory cannot be listed
     */
    static List<Path> expand(List<String> args, String what) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String a : args) {
            Path literal = Path.of(a);
            if (!isPattern(a) || Files.exists(literal)) {
                CliSupport.checkInputFile(literal, what);
                out.add(literal);
                continue;
            }
            Path parent = literal.getParent();
            String name = literal.getFileName().toString();
            if (parent != null && isPattern(parent.toString())) {
                throw new IllegalArgumentException("pattern '" + a + "': wildcards are allowed in the file name only");
            }
            Path dir = parent == null ? Path.of(".") : parent;
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
            List<Path> matches = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path e : entries) {
                        String n = e.getFileName().toString();
                        // hidden files are temporaries of writers at work (AtomicFiles), never data
                        if (!n.startsWith(".") && m.matches(e.getFileName()) && Files.isRegularFile(e)) {
                            matches.add(parent == null ? e.getFileName() : parent.resolve(e.getFileName()));
                        }
                    }
                }
            }
            if (matches.isEmpty()) {
                throw new NoSuchFileException(a, null, "no " + what + " matches the pattern");
            }
            matches.sort(null);
            out.addAll(matches);
        }
        Set<Path> seen = new LinkedHashSet<>();
        for (Path p : out) {
            if (!seen.add(p.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(what + " " + p + " is named twice");
            }
        }
        return out;
    }

    /**
     * Dataset files opened as one dataset: the file itself, or the files joined along samples in the order given
     * ({@link ConcatenatedFieldSource}, which checks that they agree).
     */
    static final class Opened implements AutoCloseable {
        private final List<Path> files;
        private final List<NetcdfFieldSource> parts;
        private final FieldSource source;
        private DatasetReader joined;

        private Opened(List<Path> files, List<NetcdfFieldSource> parts) {
            this.files = List.copyOf(files);
            this.parts = List.copyOf(parts);
            this.source = parts.size() == 1 ? parts.get(0)
                    : ConcatenatedFieldSource.of(parts, files.stream().map(Path::toString).toList());
        }

        /** @return the data, streaming from the files */
        FieldSource source() {
            return source;
        }

        /** @return the field names of the first file (all files have them) */
        List<String> fieldNames() {
            return parts.get(0).fieldNames();
        }

        /** @return the global sample index of every sample, the files' in order */
        long[] sampleIndices() {
            long[] all = new long[source.sampleCount()];
            int k = 0;
            for (NetcdfFieldSource p : parts) {
                long[] idx = p.reader().sampleIndices();
                System.arraycopy(idx, 0, all, k, idx.length);
                k += idx.length;
            }
            return all;
        }

        /**
         * @return a reader of the whole dataset (attributes, per-sample parameters, times): the file's own, or the
         *         files joined in memory ({@link DatasetReader#openJoined}), opened once and closed with this
         */
        DatasetReader reader() throws IOException {
            if (parts.size() == 1) {
                return parts.get(0).reader();
            }
            if (joined == null) {
                joined = DatasetReader.openJoined(files, fieldNames().toArray(String[]::new));
            }
            return joined;
        }

        /** @return the files, as given */
        List<Path> files() {
            return files;
        }

        /** @return the file's absolute path, or the files' joined by ", " (for a model's data notes) */
        String describe() {
            return String.join(", ", files.stream().map(f -> f.toAbsolutePath().normalize().toString()).toList());
        }

        /** @return the file as given, or e.g. {@code "shard-00.nc and 3 more files"} (for messages) */
        String shortName() {
            return files.size() == 1 ? files.get(0).toString() : files.get(0) + " and " + (files.size() - 1)
                    + " more file" + (files.size() == 2 ? "" : "s");
        }

        @Override
        public void close() throws IOException {
            try {
                if (joined != null) {
                    joined.close();
                }
            } finally {
                source.close();
            }
        }
    }

    /**
     * Opens dataset files as one dataset. Files made from the same seed must not hold the same sample indices (the
     * same samples twice, e.g. a shard given twice under two names).
     *
     * @param files  one or more files (see {@link #expand})
     * @param fields fields to use, in this order; all fields of the first file when empty
     * @return the opened data; close it
     * @throws IllegalArgumentException naming the files if they disagree or repeat samples
     * @throws IOException              if a file is missing or not a dataset
     */
    static Opened open(List<Path> files, List<String> fields) throws IOException {
        List<NetcdfFieldSource> parts = new ArrayList<>();
        try {
            for (Path f : files) {
                parts.add(NetcdfFieldSource.open(f, parts.isEmpty() ? fields : parts.get(0).fieldNames()));
            }
            checkNoRepeatedSamples(files, parts);
            return new Opened(files, parts);
        } catch (IOException | RuntimeException ex) {
            for (NetcdfFieldSource p : parts) {
                p.close();
            }
            throw ex;
        }
    }

    /** Refuses two files of one seed whose sample index ranges overlap: they hold the same samples. */
    private static void checkNoRepeatedSamples(List<Path> files, List<NetcdfFieldSource> parts) {
        for (int a = 0; a < parts.size(); a++) {
            for (int b = a + 1; b < parts.size(); b++) {
                Object sa = parts.get(a).attributes().get("seed");
                Object sb = parts.get(b).attributes().get("seed");
                if (sa == null || !Objects.equals(String.valueOf(sa), String.valueOf(sb))) {
                    continue;
                }
                long[] ia = parts.get(a).reader().sampleIndices();
                long[] ib = parts.get(b).reader().sampleIndices();
                long lo = Math.max(ia[0], ib[0]);
                long hi = Math.min(ia[ia.length - 1], ib[ib.length - 1]);
                if (lo <= hi && overlap(ia, ib)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s and %s hold the same "
                            + "samples (seed %s, sample indices from %d): a dataset must not repeat samples",
                            files.get(a), files.get(b), sa, lo));
                }
            }
        }
    }

    /** @return whether two increasing index lists share a value */
    private static boolean overlap(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                return true;
            }
            if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }
}
