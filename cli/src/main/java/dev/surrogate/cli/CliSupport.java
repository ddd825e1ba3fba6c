package dev.surrogate.cli;

import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.training.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Small pieces several commands share: checks of input paths, counts in words, index lists. Output paths are checked
 * by {@link dev.surrogate.datasets.io.AtomicFiles#checkTarget}.
 */
final class CliSupport {
    private CliSupport() {
    }

    /**
     * @param file a dataset the command reads
     * @param what how the message names it, e.g. {@code "dataset file"}
     * @throws NoSuchFileException (exit status 2) if it is not a regular file
     */
    static void checkInputFile(Path file, String what) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, what + " not found");
        }
    }

    /**
     * @param dir a model directory the command reads
     * @throws NoSuchFileException (exit status 2) if it is not a directory
     */
    static void checkModelDir(Path dir) throws NoSuchFileException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "model directory not found");
        }
    }

    /**
     * @param n    how many
     * @param noun the singular, made plural by an "s"
     * @return e.g. {@code "1 thread"}, {@code "2 threads"}
     */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * @param n how many
     * @return {@code 0, 1, ..., n - 1}
     */
    static int[] indices(int n) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        return idx;
    }

    /**
     * @param name      {@code final}, {@code next} or {@code trajectory}
     * @param window    given snapshots ({@code next}, {@code trajectory})
     * @param horizon   predicted snapshots of {@code trajectory}, or null for all the rest
     * @param timeCount snapshots per trajectory of the data
     * @return the task
     * @throws IllegalArgumentException for an unknown task or a horizon given to another task
     */
    static Task task(String name, int window, Integer horizon, int timeCount) {
        if (name.equalsIgnoreCase("trajectory")) {
            return horizon == null ? Task.Trajectory.rest(window, timeCount) : new Task.Trajectory(window, horizon);
        }
        if (horizon != null) {
            throw new IllegalArgumentException("--horizon applies to the 'trajectory' task, not '" + name + "'");
        }
        return Task.of(name, window);
    }

    /**
     * @param dir a model directory with weights
     * @return the number of trainable values in its weights
     */
    static long parameterCount(ModelDirectory dir) {
        long n = 0;
        for (INDArray w : dir.readWeights().values()) {
            n += w.length();
        }
        return n;
    }
}
