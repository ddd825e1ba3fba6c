package dev.surrogate.operators.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a model learns from a dataset of trajectories: which snapshots form the input and which the target.
 * A task cuts {@link #pairsPerSample(int)} input/output pairs from each trajectory.
 *
 * <ul>
 *   <li>{@link FinalState} ({@code final}): {@code u(t = 0) -> u(T)}, the FNO Burgers benchmark; one pair per
 *       trajectory.</li>
 *   <li>{@link NextStep} ({@code next}, window {@code k}): snapshots {@code t .. t+k-1 -> t+k}, as in FNO-2D's
 *       Navier-Stokes setting (k = 10); {@code T - k} pairs per trajectory of {@code T} snapshots, and evaluated by
 *       autoregressive rollout.</li>
 * </ul>
 *
 * <p>Channel order: for a window, channel {@code j * F + f} is field {@code f} at window slot {@code j}
 * (oldest first); outputs have one channel per field.
 */
public sealed interface Task permits Task.FinalState, Task.NextStep {

    /** @return {@code "final"} or {@code "next"} */
    String name();

    /** @return number of snapshots the model sees per prediction (1 for {@code final}) */
    int window();

    /**
     * @param fields number of fields in the dataset
     * @return input channels of the model
     */
    default int inputChannels(int fields) {
        return window() * fields;
    }

    /**
     * @param fields number of fields in the dataset
     * @return output channels of the model
     */
    default int outputChannels(int fields) {
        return fields;
    }

    /**
     * @param timeCount snapshots per trajectory
     * @return input/output pairs cut from one trajectory
     * @throws IllegalArgumentException if a trajectory has too few snapshots for this task
     */
    int pairsPerSample(int timeCount);

    /**
     * Writes pair {@code pair} of trajectory {@code sample}.
     *
     * @param source dataset
     * @param sample trajectory index
     * @param pair   pair index, {@code 0 <= pair < pairsPerSample(timeCount)}
     * @param x      receives {@code inputChannels * points} values {@code [channel][points]}. Modified.
     * @param xOff   first index written in {@code x}
     * @param y      receives {@code outputChannels * points} values. Modified.
     * @param yOff   first index written in {@code y}
     */
    void fill(FieldSource source, int sample, int pair, float[] x, int xOff, float[] y, int yOff);

    /** @return the task as plain values for the model's config JSON */
    default Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("window", window());
        return m;
    }

    /**
     * @param name   {@code final} or {@code next} (case-insensitive)
     * @param window snapshots per input for {@code next} (ignored for {@code final})
     * @return the task
     * @throws IllegalArgumentException for an unknown name or a window below 1
     */
    static Task of(String name, int window) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "final":
                return new FinalState();
            case "next":
                return new NextStep(window);
            default:
                throw new IllegalArgumentException("unknown task '" + name + "': expected final or next");
        }
    }

    /**
     * @param config a map written by {@link #config()}
     * @return the task it describes
     */
    static Task fromConfig(Map<String, ?> config) {
        Object name = config.get("name");
        Object window = config.get("window");
        if (name == null) {
            throw new IllegalArgumentException("task config " + config + " has no 'name'");
        }
        return of(name.toString(), window == null ? 1 : ((Number) window).intValue());
    }

    /** {@code u(t = 0) -> u(T)} with {@code T} the last snapshot. */
    record FinalState() implements Task {
        @Override
        public String name() {
            return "final";
        }

        @Override
        public int window() {
            return 1;
        }

        @Override
        public int pairsPerSample(int timeCount) {
            if (timeCount < 2) {
                throw new IllegalArgumentException("task 'final' needs at least 2 snapshots per trajectory, the "
                        + "dataset has " + timeCount);
            }
            return 1;
        }

        @Override
        public void fill(FieldSource source, int sample, int pair, float[] x, int xOff, float[] y, int yOff) {
            if (pair != 0) {
                throw new IndexOutOfBoundsException("task 'final' has one pair per sample, asked for pair " + pair);
            }
            int p = source.points();
            int last = source.timeCount() - 1;
            for (int f = 0; f < source.fieldCount(); f++) {
                source.read(sample, 0, f, x, xOff + f * p);
                source.read(sample, last, f, y, yOff + f * p);
            }
        }
    }

    /**
     * A window of {@code window} consecutive snapshots predicts the next one.
     *
     * @param window number of input snapshots, at least 1
     */
    record NextStep(int window) implements Task {
        /** @throws IllegalArgumentException if {@code window < 1} */
        public NextStep {
            if (window < 1) {
                throw new IllegalArgumentException("task 'next' needs a window >= 1, got " + window);
            }
        }

        @Override
        public String name() {
            return "next";
        }

        @Override
        public int pairsPerSample(int timeCount) {
            if (timeCount < window + 1) {
                throw new IllegalArgumentException("task 'next' with a window of " + window + " needs at least "
                        + (window + 1) + " snapshots per trajectory, the dataset has " + timeCount);
            }
            return timeCount - window;
        }

        @Override
        public void fill(FieldSource source, int sample, int pair, float[] x, int xOff, float[] y, int yOff) {
            int pairs = pairsPerSample(source.timeCount());
            if (pair < 0 || pair >= pairs) {
                throw new IndexOutOfBoundsException("pair " + pair + " outside [0, " + pairs + ")");
            }
            int p = source.points();
            int fields = source.fieldCount();
            for (int j = 0; j < window; j++) {
                for (int f = 0; f < fields; f++) {
                    source.read(sample, pair + j, f, x, xOff + (j * fields + f) * p);
                }
            }
            for (int f = 0; f < fields; f++) {
                source.read(sample, pair + window, f, y, yOff + f * p);
            }
        }
    }
}
