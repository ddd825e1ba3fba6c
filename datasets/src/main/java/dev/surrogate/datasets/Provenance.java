package dev.surrogate.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Which program made a file: the toolkit's version and the git commit it was built from (both fixed at build time
 * in {@code build-info.properties}, see {@code datasets/pom.xml}), plus the UTC time of writing. Stamped into every
 * dataset's {@code history} and {@code source} attributes, into a model's {@code config.json}, and printed by
 * {@code surrogate --version}.
 *
 * <p>The commit is {@code git describe --always --dirty --abbrev=12} of the build: a 12-digit hash, with
 * {@code -dirty} when the working tree had uncommitted changes; {@code "unknown"} when the program was built
 * outside a git checkout or without git.
 *
 * @param version the toolkit's version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit  the commit, e.g. {@code 197d8324569f} or {@code 197d8324569f-dirty}, or {@code "unknown"}
 * @param built   UTC time of the build, e.g. {@code 2026-11-30T10:30:00Z}, or {@code "unknown"}
 */
public record Provenance(String version, String commit, String built) {
    /** The program's name. */
    public static final String PROGRAM = "surrogate";
    private static final String RESOURCE = "build-info.properties";
    private static final String UNKNOWN = "unknown";
    private static final Provenance CURRENT = load();

    /** @return the build this code belongs to */
    public static Provenance current() {
        return CURRENT;
    }

    private static Provenance load() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown": provenance must never stop a run
        }
        return new Provenance(filtered(p.getProperty("version")), filtered(p.getProperty("commit")),
                filtered(p.getProperty("built")));
    }

    /** @return the value, or "unknown" when absent or left unfiltered (a build that skipped resource filtering) */
    private static String filtered(String v) {
        return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v.trim();
    }

    /** @return e.g. {@code surrogate 0.1.0-SNAPSHOT (commit 197d8324569f)} */
    public String describe() {
        return PROGRAM + " " + version + " (commit " + commit + ")";
    }

    /** @return the current time in UTC to the second, ISO 8601, e.g. {@code 2026-11-30T10:07:04Z} */
    public static String utcNow() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * A CF {@code history} line for something done now.
     *
     * @param what e.g. the command line
     * @return {@code "TIME: surrogate VERSION (commit C): what"}
     */
    public String historyLine(String what) {
        return utcNow() + ": " + describe() + (what == null || what.isBlank() ? "" : ": " + what.trim());
    }

    /**
     * @return {@code program}, {@code version}, {@code commit} and {@code created} (UTC now), e.g. for
     *         {@code config.json}
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("program", PROGRAM);
        m.put("version", version);
        m.put("commit", commit);
        m.put("created", utcNow());
        return m;
    }
}
