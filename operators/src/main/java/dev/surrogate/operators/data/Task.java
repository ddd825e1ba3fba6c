package dev.surrogate.operators.data;

import dev.surrogate.operators.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a model learns from a dataset of trajectories: which snapshots form the input and which the target. A task
 * cuts {@link #pairsPerSample(int)} input/target pairs from each trajectory and names, for each pair, the time
 * indices of its input snapshots ({@link #inputTimes}) and of its target snapshots ({@link #targetTimes}), so that
 * an objective can also see the snapshots' times (physics losses need the spacing).
 *
 * <ul>
 *   <li>{@link FinalState} ({@code final}): {@code u(t = 0) -> u(T)}, the FNO Burgers benchmark; one pair per
 *       trajectory.</li>
 *   <li>{@link NextStep} ({@code next}, window {@code k}): snapshots {@code t .. t+k-1 -> t+k}, as in FNO-2D's
 *       Navier-Stokes setting (k = 10); {@code T - k} pairs per trajectory of {@code T} snapshots, and evaluated by
 *       autoregressive rollout.</li>
 *   <li>{@link Trajectory} ({@code trajectory}, window {@code k}, horizon {@code h}): the first {@code k}
 *       snapshots {@code 0 .. k-1 -> k .. k+h-1} as one multi-channel target (a space-time forecast); one pair per
 *       trajectory.</li>
 * </ul>
 * Other modules add tasks with {@link #register}; a saved model names its task by {@link #name()} and
 * {@link #config()}.
 *
 * <p>Channel order: for several snapshots, channel {@code j * F + f} is field {@code f} at slot {@code j} (oldest
 * first), for the input window and for the targets alike. A task may also give the model per-sample physical
 * parameters ({@link #parameters()}, e.g. the viscosity {@code nu} of a sweep): each becomes one more input channel
 * after the snapshots, constant in space, so one operator learns the whole parametric family.
 */
public interface Task {

    /** @return registered name, e.g. {@code "final"} or {@code "next"} */
    String name();

    /** @return number of snapshots the model sees per prediction (1 for {@code final}) */
    int window();

    /** @return number of target snapshots per pair (1 for {@code final} and {@code next}) */
    default int horizon() {
        return 1;
    }

    /**
     * @return names of the per-sample parameters given to the model as constant input channels, after the
     *         snapshot channels (see {@link FieldSource#parameter}); empty by default
     */
    default List<String> parameters() {
        return List.of();
    }

    /**
     * @param names per-sample parameters to append as input channels
     * @return this task with those parameter channels
     * @throws UnsupportedOperationException if the task cannot take parameters
     */
    default Task withParameters(List<String> names) {
        throw new UnsupportedOperationException("task '" + name() + "' takes no parameter channels");
    }

    /**
     * @param fields number of fields in the dataset
     * @return input channels of the model: the window's snapshots, then the parameters
     */
    default int inputChannels(int fields) {
        return window() * fields + parameters().size();
    }

    /**
     * @param fields number of fields in the dataset
     * @return target channels
     */
    default int outputChannels(int fields) {
        return horizon() * fields;
    }

    /**
     * @param timeCount snapshots per trajectory
     * @return input/target pairs cut from one trajectory
     * @throws IllegalArgumentException if a trajectory has too few snapshots for this task
     */
    int pairsPerSample(int timeCount);

    /**
     * @param timeCount snapshots per trajectory
     * @param pair      pair index, {@code 0 <= pair < pairsPerSample(timeCount)}
     * @return time indices of the {@link #window()} input snapshots, oldest first
     */
    int[] inputTimes(int timeCount, int pair);

    /**
     * @param timeCount snapshots per trajectory
     * @param pair      pair index
     * @return time indices of the {@link #horizon()} target snapshots, oldest first
     */
    int[] targetTimes(int timeCount, int pair);

    /**
     * Whether a prediction is fed back as input to reach later snapshots (evaluation then rolls the model out from
     * the first window to the end of each trajectory).
     *
     * @return true for {@code next}
     */
    default boolean autoregressive() {
        return false;
    }

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
    default void fill(FieldSource source, int sample, int pair, float[] x, int xOff, float[] y, int yOff) {
        int times = source.timeCount();
        int pairs = pairsPerSample(times);
        if (pair < 0 || pair >= pairs) {
            throw new IndexOutOfBoundsException("task '" + name() + "': pair " + pair + " outside [0, " + pairs
                    + ")");
        }
        int p = source.points();
        int fields = source.fieldCount();
        int[] in = inputTimes(times, pair);
        for (int j = 0; j < in.length; j++) {
            for (int f = 0; f < fields; f++) {
                source.read(sample, in[j], f, x, xOff + (j * fields + f) * p);
            }
        }
        List<String> params = parameters();
        for (int j = 0; j < params.size(); j++) {
            float v = (float) source.parameterValue(params.get(j), sample);
            int from = xOff + (in.length * fields + j) * p;
            java.util.Arrays.fill(x, from, from + p, v);
        }
        int[] out = targetTimes(times, pair);
        for (int j = 0; j < out.length; j++) {
            for (int f = 0; f < fields; f++) {
                source.read(sample, out[j], f, y, yOff + (j * fields + f) * p);
            }
        }
    }

    /** @return the task as plain values for the model's config JSON ({@code name} plus settings) */
    default Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("window", window());
        if (!parameters().isEmpty()) {
            m.put("parameters", parameters());
        }
        return m;
    }

    /** The task registry ({@code final}, {@code next} and whatever other modules add). */
    Registry<Task> REGISTRY = Builtin.registry();

    /**
     * Adds a task type.
     *
     * @param name    name in configs and on the command line
     * @param factory builds the task from its {@link #config()} map
     */
    static void register(String name, java.util.function.Function<Map<String, ?>, ? extends Task> factory) {
        REGISTRY.register(name, factory);
    }

    /**
     * @param name   a registered task name (case-insensitive)
     * @param window snapshots per input (ignored by tasks without a window, such as {@code final})
     * @return the task
     * @throws IllegalArgumentException for an unknown name or a bad window
     */
    static Task of(String name, int window) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("window", window);
        return REGISTRY.create(name.toLowerCase(Locale.ROOT), c);
    }

    /**
     * @param config a map written by {@link #config()}
     * @return the task it describes
     * @throws IllegalArgumentException if the map has no name or the name is unknown
     */
    static Task fromConfig(Map<String, ?> config) {
        Object name = config.get("name");
        if (name == null) {
            throw new IllegalArgumentException("task config " + config + " has no 'name'");
        }
        return REGISTRY.create(name.toString(), config);
    }

    /**
     * {@code u(t = 0) -> u(T)} with {@code T} the last snapshot.
     *
     * @param parameters per-sample parameters given as input channels
     */
    record FinalState(List<String> parameters) implements Task {
        /** Copies the list. */
        public FinalState {
            parameters = List.copyOf(parameters);
        }

        /** Without parameter channels. */
        public FinalState() {
            this(List.of());
        }

        @Override
        public String name() {
            return "final";
        }

        @Override
        public Task withParameters(List<String> names) {
            return new FinalState(names);
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
        public int[] inputTimes(int timeCount, int pair) {
            return new int[] {0};
        }

        @Override
        public int[] targetTimes(int timeCount, int pair) {
            return new int[] {timeCount - 1};
        }
    }

    /**
     * A window of {@code window} consecutive snapshots predicts the next one.
     *
     * @param window     number of input snapshots, at least 1
     * @param parameters per-sample parameters given as input channels (after the window)
     */
    record NextStep(int window, List<String> parameters) implements Task {
        /** @throws IllegalArgumentException if {@code window < 1} */
        public NextStep {
            if (window < 1) {
                throw new IllegalArgumentException("task 'next' needs a window >= 1, got " + window);
            }
            parameters = List.copyOf(parameters);
        }

        /** @param window number of input snapshots, at least 1 */
        public NextStep(int window) {
            this(window, List.of());
        }

        @Override
        public Task withParameters(List<String> names) {
            return new NextStep(window, names);
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
        public int[] inputTimes(int timeCount, int pair) {
            int[] t = new int[window];
            for (int j = 0; j < window; j++) {
                t[j] = pair + j;
            }
            return t;
        }

        @Override
        public int[] targetTimes(int timeCount, int pair) {
            return new int[] {pair + window};
        }

        @Override
        public boolean autoregressive() {
            return true;
        }
    }

    /**
     * The first {@code window} snapshots of a trajectory predict the next {@code horizon} ones at once (one
     * target of {@code horizon * fields} channels, oldest first): a space-time forecast such as Burgers' u(x, t) on
     * the rest of the interval from its first snapshots. One pair per trajectory, whatever its length.
     *
     * @param window     given snapshots, at least 1
     * @param horizon    predicted snapshots, at least 1
     * @param parameters per-sample parameters given as input channels (after the window)
     */
    record Trajectory(int window, int horizon, List<String> parameters) implements Task {
        /** @throws IllegalArgumentException if {@code window < 1} or {@code horizon < 1} */
        public Trajectory {
            if (window < 1) {
                throw new IllegalArgumentException("task 'trajectory' needs a window >= 1, got " + window);
            }
            if (horizon < 1) {
                throw new IllegalArgumentException("task 'trajectory' needs a horizon >= 1, got " + horizon);
            }
            parameters = List.copyOf(parameters);
        }

        /**
         * @param window  given snapshots, at least 1
         * @param horizon predicted snapshots, at least 1
         */
        public Trajectory(int window, int horizon) {
            this(window, horizon, List.of());
        }

        @Override
        public Task withParameters(List<String> names) {
            return new Trajectory(window, horizon, names);
        }

        /**
         * @param window    given snapshots
         * @param timeCount snapshots per trajectory of the data
         * @return the task that predicts every snapshot after the window
         * @throws IllegalArgumentException if no snapshot follows the window
         */
        public static Trajectory rest(int window, int timeCount) {
            if (timeCount <= window) {
                throw new IllegalArgumentException("task 'trajectory' with a window of " + window + " needs more "
                        + "than " + window + " snapshots per trajectory, the dataset has " + timeCount);
            }
            return new Trajectory(window, timeCount - window);
        }

        @Override
        public String name() {
            return "trajectory";
        }

        @Override
        public int pairsPerSample(int timeCount) {
            if (timeCount < window + horizon) {
                throw new IllegalArgumentException("task 'trajectory' with a window of " + window + " and a horizon "
                        + "of " + horizon + " needs at least " + (window + horizon) + " snapshots per trajectory, "
                        + "the dataset has " + timeCount);
            }
            return 1;
        }

        @Override
        public int[] inputTimes(int timeCount, int pair) {
            int[] t = new int[window];
            for (int j = 0; j < window; j++) {
                t[j] = j;
            }
            return t;
        }

        @Override
        public int[] targetTimes(int timeCount, int pair) {
            int[] t = new int[horizon];
            for (int j = 0; j < horizon; j++) {
                t[j] = window + j;
            }
            return t;
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name());
            m.put("window", window);
            m.put("horizon", horizon);
            if (!parameters.isEmpty()) {
                m.put("parameters", parameters);
            }
            return m;
        }
    }

    /** Holder of the built-in registrations (interfaces cannot have static initialiser blocks). */
    final class Builtin {
        private Builtin() {
        }

        static Registry<Task> registry() {
            Registry<Task> r = new Registry<>("task");
            r.register("final", c -> new FinalState(parameterNames(c)));
            r.register("next", c -> {
                Object w = c.get("window");
                if (!(w instanceof Number n)) {
                    throw new IllegalArgumentException("task 'next' needs a numeric 'window', got " + w);
                }
                return new NextStep(n.intValue(), parameterNames(c));
            });
            r.register("trajectory", c -> {
                Object w = c.get("window");
                Object h = c.get("horizon");
                if (!(w instanceof Number wn) || !(h instanceof Number hn)) {
                    throw new IllegalArgumentException("task 'trajectory' needs a numeric 'window' and 'horizon', "
                            + "got " + w + " and " + h);
                }
                return new Trajectory(wn.intValue(), hn.intValue(), parameterNames(c));
            });
            return r;
        }

        /**
         * @param config a task config
         * @return its {@code parameters} list, empty when absent
         */
        public static List<String> parameterNames(Map<String, ?> config) {
            Object p = config.get("parameters");
            if (p == null) {
                return List.of();
            }
            if (!(p instanceof List<?> list)) {
                throw new IllegalArgumentException("task 'parameters' must be a list of names, got " + p);
            }
            return list.stream().map(Object::toString).toList();
        }
    }
}
