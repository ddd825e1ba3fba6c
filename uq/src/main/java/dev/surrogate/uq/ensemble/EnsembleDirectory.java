package dev.surrogate.uq.ensemble;

import dev.surrogate.datasets.Provenance;
import dev.surrogate.operators.training.Json;
import dev.surrogate.operators.training.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of a deep ensemble: {@code ensemble.json} (its {@link Config}) and one complete model directory per
 * member, {@code member-0}, {@code member-1}, ... (each as {@code train} writes it: {@code config.json},
 * {@code weights.npz}, {@code history.csv}, {@code checkpoint.npz}). Every member directory gets its
 * {@code config.json} when the ensemble is created, so each member can be trained, resumed or reloaded from its own
 * directory alone. Every write is atomic.
 */
public final class EnsembleDirectory {
    /** The ensemble's own config. */
    public static final String CONFIG = "ensemble.json";
    /** Value of the {@code format} key of {@link #CONFIG}. */
    public static final String FORMAT = "surrogate-ensemble/1";

    private final Path dir;

    /** @param dir directory of the ensemble */
    public EnsembleDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir a directory
     * @return whether it holds an ensemble ({@value #CONFIG})
     */
    public static boolean isEnsemble(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /** @return the directory */
    public Path path() {
        return dir;
    }

    /**
     * @param member member number
     * @return its model directory, {@code member-<j>}
     */
    public ModelDirectory member(int member) {
        return new ModelDirectory(dir.resolve(String.format(Locale.ROOT, "member-%d", member)));
    }

    /**
     * The ensemble's description.
     *
     * @param settings    members, bootstrap, seed
     * @param epochs      epochs every member trains
     * @param samples     training trajectories (positions in the training file) before any bootstrap
     * @param validation  validation trajectories in the same file (empty when none or in another file)
     * @param data        free-form facts about the data (file names, counts), as a model's {@code data} notes
     * @param wallSeconds wall-clock seconds spent training, summed over sessions, up to the last finished member
     */
    public record Config(EnsembleSettings settings, int epochs, int[] samples, int[] validation,
            Map<String, Object> data, double wallSeconds) {

        /** Defensive copies. */
        public Config {
            samples = samples.clone();
            validation = validation.clone();
            data = new LinkedHashMap<>(data);
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
        }

        @Override
        public int[] samples() {
            return samples.clone();
        }

        @Override
        public int[] validation() {
            return validation.clone();
        }

        @Override
        public Map<String, Object> data() {
            return new LinkedHashMap<>(data);
        }

        /**
         * @param e new number of epochs
         * @return a copy
         */
        public Config withEpochs(int e) {
            return new Config(settings, e, samples, validation, data, wallSeconds);
        }

        /**
         * @param s new accumulated wall-clock seconds
         * @return a copy
         */
        public Config withWallSeconds(double s) {
            return new Config(settings, epochs, samples, validation, data, s);
        }

        /** @return plain values for the JSON file */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", FORMAT);
            m.put("method", DeepEnsemble.METHOD);
            m.put("ensemble", settings.toMap());
            m.put("epochs", epochs);
            m.put("samples", toList(samples));
            m.put("validation_samples", toList(validation));
            m.put("data", data);
            m.put("wall_seconds", wallSeconds);
            // who wrote this file and when; informative, not read back
            m.put("provenance", Provenance.current().toMap());
            return m;
        }

        /**
         * @param m a map written by {@link #toMap()}
         * @return the config
         * @throws IllegalArgumentException if it is not an ensemble config of a known format
         */
        @SuppressWarnings("unchecked")
        public static Config fromMap(Map<String, Object> m) {
            if (!FORMAT.equals(m.get("format"))) {
                throw new IllegalArgumentException("unknown ensemble format " + m.get("format") + " (expected "
                        + FORMAT + ")");
            }
            try {
                Object data = m.get("data");
                return new Config(EnsembleSettings.fromMap((Map<String, ?>) m.get("ensemble")),
                        ((Number) m.get("epochs")).intValue(), toArray((List<Object>) m.get("samples")),
                        toArray((List<Object>) m.getOrDefault("validation_samples", List.of())),
                        data == null ? Map.of() : (Map<String, Object>) data,
                        ((Number) m.getOrDefault("wall_seconds", 0.0)).doubleValue());
            } catch (NullPointerException | ClassCastException e) {
                throw new IllegalArgumentException("incomplete ensemble config: " + e.getMessage(), e);
            }
        }

        private static List<Object> toList(int[] a) {
            List<Object> l = new ArrayList<>(a.length);
            for (int v : a) {
                l.add(v);
            }
            return l;
        }

        private static int[] toArray(List<Object> l) {
            int[] a = new int[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = ((Number) l.get(i)).intValue();
            }
            return a;
        }
    }

    /** Creates the directory (and parents) if needed. */
    public void create() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ensemble directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @param config written as {@value #CONFIG} */
    public void writeConfig(Config config) {
        Json.write(dir.resolve(CONFIG), config.toMap());
    }

    /**
     * @return the config
     * @throws IllegalArgumentException if the directory holds no (valid) ensemble
     */
    public Config readConfig() {
        if (!isEnsemble(dir)) {
            throw new IllegalArgumentException("not an ensemble directory: " + dir + " has no " + CONFIG);
        }
        try {
            return Config.fromMap(Json.read(dir.resolve(CONFIG)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /**
     * How far a member has trained.
     *
     * @param member member number
     * @return epochs in its checkpoint, 0 when it has none yet
     */
    public int epochsDone(int member) {
        ModelDirectory m = member(member);
        return m.hasCheckpoint() ? m.readCheckpoint().epochsDone() : 0;
    }

    /**
     * @return whether every member has trained the ensemble's number of epochs
     * @throws IllegalArgumentException if the directory holds no ensemble
     */
    public boolean isComplete() {
        Config c = readConfig();
        for (int j = 0; j < c.settings().members(); j++) {
            if (epochsDone(j) < c.epochs()) {
                return false;
            }
        }
        return true;
    }
}
