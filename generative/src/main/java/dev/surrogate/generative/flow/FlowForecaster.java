package dev.surrogate.generative.flow;

import dev.surrogate.generative.sampling.Sampler;
import dev.surrogate.operators.data.Seeds;
import dev.surrogate.operators.data.Task;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained flow as a probabilistic forecaster: member {@code m} of the input with global index {@code i} under
 * seed {@code s} is the flow's draw keyed by {@code mix(mix(mix(mix(s, i), m), step), FLOW)} (the toolkit's
 * forecast seeding rule with purpose {@value #FLOW}), so a member depends on {@code (seed, i, m)} and the model
 * only. A {@code trajectory} model draws the whole forecast window at once; a {@code next} model rolls out, each
 * step drawing the next snapshot given the (drawn) window, with the step number in its key.
 *
 * <p>Counts every member's velocity evaluations and the wall time spent drawing, for {@link #meanNfe()} and
 * {@link #secondsPerSample()}. Not thread-safe.
 */
public final class FlowForecaster {
    /** Purpose number of the flow's draws in the forecast seeding rule. */
    public static final long FLOW = 3;

    private final FlowModel model;
    private final Sampler sampler;
    private LongFunction<double[]> parameters;
    private long members;
    private long evaluations;
    private long nanos;

    /**
     * @param model   the trained flow
     * @param sampler how to integrate it
     */
    public FlowForecaster(FlowModel model, Sampler sampler) {
        this.model = model;
        this.sampler = sampler;
        this.parameters = i -> {
            if (!model.parameters().isEmpty()) {
                throw new IllegalStateException("the flow is conditioned on " + model.parameters() + "; give their "
                        + "values per input (withParameters)");
            }
            return new double[0];
        };
    }

    /**
     * @param perInput the per-sample parameter values ({@link FlowModel#parameters()} order) of the input with a
     *                 given global index
     * @return this forecaster
     */
    public FlowForecaster withParameters(LongFunction<double[]> perInput) {
        this.parameters = perInput;
        return this;
    }

    /** @return {@code "flow"} */
    public String method() {
        return "flow";
    }

    /** @return the model */
    public FlowModel model() {
        return model;
    }

    /** @return the sampler */
    public Sampler sampler() {
        return sampler;
    }

    /** @return the sampler's settings */
    public Map<String, Object> samplerSettings() {
        return sampler.describe();
    }

    /**
     * @param seed       the user's seed
     * @param inputIndex the input's global index
     * @param member     member number
     * @param step       rollout step (0 for one draw)
     * @return the key of that draw
     */
    public static long key(long seed, long inputIndex, int member, int step) {
        long memberKey = Seeds.mix(Seeds.mix(seed, inputIndex), member);
        return Seeds.mix(Seeds.mix(memberKey, step), FLOW);
    }

    /**
     * Member {@code member} of every input of a batch: the task's targets drawn given its input snapshots.
     *
     * @param input        given snapshots {@code [batch, window * fields, *space]}, physical
     * @param inputIndices global index of each input
     * @param member       member number, {@code >= 0}
     * @param seed         the user's seed
     * @return {@code [batch, horizon * fields, *space]}
     */
    public INDArray forecast(INDArray input, long[] inputIndices, int member, long seed) {
        check(input, inputIndices, member);
        int[] shape = shape(input);
        long t0 = System.nanoTime();
        FlowModel.Draw d = model.sample(values(input), parameters(inputIndices), shape, keys(seed, inputIndices,
                member, 0), sampler);
        count(d.nfe(), inputIndices.length, t0);
        return Nd4j.create(d.values(), withLeading(shape, input.size(0), model.layout().targetChannels()), 'c');
    }

    /**
     * Member {@code member} of the autoregressive rollout of every window of a batch ({@code next} models).
     *
     * @param window       first snapshots {@code [batch, window * fields, *space]}
     * @param inputIndices global index of each input
     * @param member       member number
     * @param steps        drawn snapshots, {@code >= 1}
     * @param seed         the user's seed
     * @return {@code [batch, steps, fields, *space]}
     * @throws IllegalArgumentException for a model that does not roll out
     */
    public INDArray rollout(INDArray window, long[] inputIndices, int member, int steps, long seed) {
        check(window, inputIndices, member);
        Task task = model.task();
        if (!task.autoregressive()) {
            throw new IllegalArgumentException("a '" + task.name() + "' flow draws its whole forecast at once; "
                    + "rollouts need a 'next' flow");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("rollout needs steps >= 1, got " + steps);
        }
        int[] shape = shape(window);
        int rows = inputIndices.length;
        int points = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int cond = model.layout().conditionChannels();
        int fields = model.layout().targetChannels();
        float[] current = values(window);
        double[][] params = parameters(inputIndices);
        float[] out = new float[rows * steps * fields * points];
        long t0 = System.nanoTime();
        int[] nfe = new int[rows];
        for (int s = 0; s < steps; s++) {
            FlowModel.Draw d = model.sample(current, params, shape, keys(seed, inputIndices, member, s), sampler);
            float[] next = new float[current.length];
            int snap = fields * points;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(d.values(), r * snap, out, (r * steps + s) * snap, snap);
                // drop the oldest snapshot, append the drawn one
                System.arraycopy(current, r * cond * points + snap, next, r * cond * points, (cond - fields) * points);
                System.arraycopy(d.values(), r * snap, next, r * cond * points + (cond - fields) * points, snap);
                nfe[r] += d.nfe()[r];
            }
            current = next;
        }
        count(nfe, rows, t0);
        return Nd4j.create(out, withLeading(shape, rows, steps, fields), 'c');
    }

    /** @return mean velocity evaluations per drawn member forecast (a whole rollout counts as one), NaN before any */
    public double meanNfe() {
        return members == 0 ? Double.NaN : (double) evaluations / members;
    }

    /** @return wall seconds per drawn member forecast, NaN before any */
    public double secondsPerSample() {
        return members == 0 ? Double.NaN : nanos * 1e-9 / members;
    }

    /** @return member forecasts drawn so far */
    public long memberForecasts() {
        return members;
    }

    private void count(int[] nfe, int rows, long t0) {
        nanos += System.nanoTime() - t0;
        members += rows;
        for (int n : nfe) {
            evaluations += n;
        }
    }

    private void check(INDArray input, long[] inputIndices, int member) {
        if (inputIndices.length != input.size(0)) {
            throw new IllegalArgumentException("got " + inputIndices.length + " input indices for a batch of "
                    + input.size(0));
        }
        if (member < 0) {
            throw new IllegalArgumentException("member number must be >= 0, got " + member);
        }
        int cond = model.layout().conditionChannels();
        if (input.rank() != 2 + model.config().spatialDims() || input.size(1) != cond) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(input.shape()) + " does not fit the "
                    + "flow: expected [batch, " + cond + ", *space] (the task's given snapshots)");
        }
    }

    private double[][] parameters(long[] inputIndices) {
        double[][] p = new double[inputIndices.length][];
        for (int r = 0; r < p.length; r++) {
            p[r] = parameters.apply(inputIndices[r]);
        }
        return p;
    }

    private static long[] keys(long seed, long[] inputIndices, int member, int step) {
        long[] k = new long[inputIndices.length];
        for (int r = 0; r < k.length; r++) {
            k[r] = key(seed, inputIndices[r], member, step);
        }
        return k;
    }

    private static float[] values(INDArray a) {
        return a.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
    }

    private static int[] shape(INDArray a) {
        int[] s = new int[a.rank() - 2];
        for (int d = 0; d < s.length; d++) {
            s[d] = (int) a.size(2 + d);
        }
        return s;
    }

    private static long[] withLeading(int[] shape, long... leading) {
        long[] out = Arrays.copyOf(leading, leading.length + shape.length);
        for (int i = 0; i < shape.length; i++) {
            out[leading.length + i] = shape[i];
        }
        return out;
    }
}
