package dev.surrogate.cli;

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
}
