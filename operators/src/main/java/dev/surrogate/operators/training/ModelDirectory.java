package dev.surrogate.operators.training;

import dev.surrogate.datasets.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The files of one trained model (see the package documentation for the layout). Every write is atomic.
 */
public final class ModelDirectory {
    /** Model, task, normaliser and training settings. */
    public static final String CONFIG = "config.json";
    /** Trainable arrays by variable name (NumPy {@code .npz}). */
    public static final String WEIGHTS = "weights.npz";
    /** Training history, one line per epoch. */
    public static final String HISTORY = "history.csv";
    /** Weights plus optimiser state and counters. */
    public static final String CHECKPOINT = "checkpoint.npz";

    private static final String STATE = "state.json";
    private static final String WEIGHT_PREFIX = "weights/";
    private static final String UPDATER_PREFIX = "updater/";
    private static final String KEY_SEPARATOR = "::";

    private final Path dir;

    /** @param dir directory of the model (created by {@link #create()}) */
    public ModelDirectory(Path dir) {
        this.dir = dir;
    }

    /** @return the directory */
    public Path path() {
        return dir;
    }

    /** @return {@code dir/name} */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Creates the directory (and parents) if needed. */
    public void create() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create model directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return whether a resumable checkpoint exists */
    public boolean hasCheckpoint() {
        return Files.isRegularFile(file(CHECKPOINT));
    }

    /** @return whether {@code config.json} exists */
    public boolean hasConfig() {
        return Files.isRegularFile(file(CONFIG));
    }

    /** @param config written as {@code config.json} */
    public void writeConfig(ModelConfig config) {
        Json.write(file(CONFIG), config.toMap());
    }

    /**
     * @return the config
     * @throws IllegalArgumentException if the directory has no (valid) {@code config.json}
     */
    public ModelConfig readConfig() {
        if (!hasConfig()) {
            throw new IllegalArgumentException("not a model directory: " + dir + " has no " + CONFIG);
        }
        try {
            return ModelConfig.fromMap(Json.read(file(CONFIG)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file(CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /** @param weights written as {@code weights.npz} */
    public void writeWeights(Map<String, INDArray> weights) {
        NpzArrays.write(file(WEIGHTS), weights, Map.of());
    }

    /**
     * @return weights by variable name
     * @throws IllegalArgumentException if the directory has no {@code weights.npz}
     */
    public Map<String, INDArray> readWeights() {
        if (!Files.isRegularFile(file(WEIGHTS))) {
            throw new IllegalArgumentException("model directory " + dir + " has no " + WEIGHTS
                    + " (was training interrupted before the first epoch ended?)");
        }
        return NpzArrays.read(file(WEIGHTS)).arrays();
    }

    /**
     * @param history written as {@code history.csv}: {@link EpochRecord#CSV_HEADER}, plus a training and a
     *                validation column per loss term for objectives with several terms
     */
    public void writeHistory(List<EpochRecord> history) {
        List<String> terms = history.isEmpty() ? List.of() : new ArrayList<>(history.get(0).trainTerms().keySet());
        StringBuilder s = new StringBuilder(EpochRecord.csvHeader(terms)).append('\n');
        for (EpochRecord r : history) {
            s.append(r.toCsv()).append('\n');
        }
        AtomicFiles.write(file(HISTORY), s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @param c written as {@code checkpoint.npz} (one file, so weights and optimiser state never disagree) */
    public void writeCheckpoint(Checkpoint c) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        c.weights().forEach((k, v) -> arrays.put(WEIGHT_PREFIX + k, v));
        c.updaterState().forEach((name, state) -> state.forEach(
                (key, arr) -> arrays.put(UPDATER_PREFIX + name + KEY_SEPARATOR + key, arr)));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("epochs_done", c.epochsDone());
        s.put("iteration", c.iteration());
        List<Object> h = new ArrayList<>();
        for (EpochRecord r : c.history()) {
            h.add(r.toMap());
        }
        s.put("history", h);
        NpzArrays.write(file(CHECKPOINT), arrays, Map.of(STATE, Json.pretty(s)));
    }

    /**
     * @return the checkpoint
     * @throws IllegalArgumentException if there is none or it is malformed
     */
    @SuppressWarnings("unchecked")
    public Checkpoint readCheckpoint() {
        if (!hasCheckpoint()) {
            throw new IllegalArgumentException("nothing to resume: " + dir + " has no " + CHECKPOINT);
        }
        NpzArrays.Contents contents = NpzArrays.read(file(CHECKPOINT));
        String state = contents.texts().get(STATE);
        if (state == null) {
            throw new IllegalArgumentException(file(CHECKPOINT) + " has no " + STATE + " entry");
        }
        Map<String, Object> s = Json.parseObject(state);
        Map<String, INDArray> weights = new LinkedHashMap<>();
        Map<String, Map<String, INDArray>> updater = new LinkedHashMap<>();
        contents.arrays().forEach((k, v) -> {
            if (k.startsWith(WEIGHT_PREFIX)) {
                weights.put(k.substring(WEIGHT_PREFIX.length()), v);
            } else if (k.startsWith(UPDATER_PREFIX)) {
                String rest = k.substring(UPDATER_PREFIX.length());
                int sep = rest.lastIndexOf(KEY_SEPARATOR);
                if (sep < 0) {
                    throw new IllegalArgumentException(file(CHECKPOINT) + ": malformed updater entry " + k);
                }
                updater.computeIfAbsent(rest.substring(0, sep), x -> new LinkedHashMap<>())
                        .put(rest.substring(sep + KEY_SEPARATOR.length()), v);
            }
        });
        List<EpochRecord> history = new ArrayList<>();
        for (Object o : (List<Object>) s.get("history")) {
            history.add(EpochRecord.fromMap((Map<String, ?>) o));
        }
        return new Checkpoint(((Number) s.get("epochs_done")).intValue(), ((Number) s.get("iteration")).intValue(),
                weights, updater, history);
    }
}
