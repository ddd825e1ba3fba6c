package dev.surrogate.generative.flow;

import dev.surrogate.generative.constraints.ConstraintSet;
import dev.surrogate.generative.constraints.GaussNewtonProjection;
import dev.surrogate.generative.sampling.FixedStepSampler;
import dev.surrogate.generative.sampling.ProjectedSampler;
import dev.surrogate.generative.sampling.Sampler;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.forecast.ForecastSeeds;
import dev.surrogate.operators.forecast.ProbabilisticForecaster;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained flow as a {@link ProbabilisticForecaster}: member {@code m} of the input with global index {@code i}
 * under seed {@code s} is the flow's draw keyed by {@link ForecastSeeds#draw}{@code (member key, step, FLOW)}, so
 * it depends on {@code (seed, i, m)}, the input and the model only. A {@code trajectory} (or {@code final}) flow
 * draws its whole target at once ({@link #forecast}); a {@code next} flow rolls out ({@link #rollout}), each step
 * drawing the next snapshot given the window of given and drawn snapshots, with the step number in its key.
 *
 * <p>With a {@link ConstraintSet} ({@link #withConstraints}) every draw is PCFM's constrained sampling
 * ({@link ProjectedSampler}) with the Euler sampler's step count: each target is projected onto its constraints at
 * every step and at the end.
 *
 * <p>Counts every member's velocity evaluations and the wall time spent drawing, for {@link #meanNfe()} and
 * {@link #secondsPerSample()}. Not thread-safe.
 */
public final class FlowForecaster implements ProbabilisticForecaster {
    /** Purpose number of the flow's draws in {@link ForecastSeeds#draw}. */
    public static final long FLOW = 3;

    private final FlowModel model;
    private final Sampler sampler;
    private final ConstraintSet constraints;
    private long members;
    private double projectionViolation;
    private long evaluations;
    private long nanos;

    /**
     * @param model   the trained flow
     * @param sampler how to integrate it
     */
    public FlowForecaster(FlowModel model, Sampler sampler) {
        this(model, sampler, null);
    }

    private FlowForecaster(FlowModel model, Sampler sampler, ConstraintSet constraints) {
        this.model = model;
        this.sampler = sampler;
        this.constraints = constraints;
    }

    /**
     * @param set the hard constraints of every draw (bound to the data forecast), or null for none
     * @return a forecaster that draws by PCFM's constrained sampling with this one's number of Euler steps
     * @throws IllegalArgumentException if this forecaster's sampler is not Euler (PCFM's steps are Euler-like)
     */
    public FlowForecaster withConstraints(ConstraintSet set) {
        if (set != null && !(sampler instanceof FixedStepSampler f && f.method() == FixedStepSampler.Method.EULER)) {
            throw new IllegalArgumentException("constrained sampling (PCFM) takes Euler-like steps: use the euler "
                    + "sampler with its step count, not " + sampler.name());
        }
        return new FlowForecaster(model, sampler, set);
    }

    /** @return the constraints of every draw, or null */
    public ConstraintSet constraints() {
        return constraints;
    }

    /** @return {@code "flow"} */
    @Override
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
        if (constraints == null) {
            return sampler.describe();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampler", "pcfm");
        m.put("steps", ((FixedStepSampler) sampler).steps());
        m.putAll(constraints.describe());
        return m;
    }

    /**
     * Member {@code member} of every input of a batch: the task's targets drawn given its input.
     *
     * @param input        the task's input {@code [batch, window * fields + parameters, *space]}, physical
     * @param inputIndices global index of each input
     * @param member       member number, {@code >= 0}
     * @param seed         the user's seed
     * @return {@code [batch, horizon * fields, *space]}
     */
    @Override
    public INDArray forecast(INDArray input, long[] inputIndices, int member, long seed) {
        check(input, inputIndices, member);
        int[] shape = shape(input);
        long t0 = System.nanoTime();
        float[] condition = values(input);
        Task task = model.task();
        boolean last = task.name().equals("final");
        FlowModel.Draw d = model.sample(condition, shape, keys(seed, inputIndices, member, 0),
                sampler(condition, inputIndices, last ? -1 : task.window(), !last));
        count(d.nfe(), inputIndices.length, t0);
        return Nd4j.create(d.values(), TaskDataset.withLeading(shape, input.size(0),
                model.layout().targetChannels()), 'c');
    }

    /**
     * Member {@code member} of the autoregressive rollout of every window of a batch ({@code next} flows): each
     * drawn snapshot is appended to the window and the oldest dropped; parameter channels ride along unchanged.
     *
     * @param window       the task's input {@code [batch, window * fields + parameters, *space]}
     * @param inputIndices global index of each input
     * @param member       member number
     * @param steps        drawn snapshots, {@code >= 1}
     * @param seed         the user's seed
     * @return {@code [batch, steps, fields, *space]}
     * @throws IllegalArgumentException for a flow that does not roll out
     */
    @Override
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
        int cond = model.layout().conditionChannels() * points;
        int snap = model.layout().targetChannels() * points;
        int snapshots = (model.layout().conditionChannels() - task.parameters().size()) * points;
        float[] current = values(window);
        float[] out = new float[rows * steps * snap];
        long t0 = System.nanoTime();
        int[] nfe = new int[rows];
        for (int s = 0; s < steps; s++) {
            FlowModel.Draw d = model.sample(current, shape, keys(seed, inputIndices, member, s),
                    sampler(current, inputIndices, task.window() + s, true));
            for (int r = 0; r < rows; r++) {
                System.arraycopy(d.values(), r * snap, out, (r * steps + s) * snap, snap);
                // drop the oldest snapshot, append the drawn one; the parameter channels stay where they are
                int base = r * cond;
                System.arraycopy(current, base + snap, current, base, snapshots - snap);
                System.arraycopy(d.values(), r * snap, current, base + snapshots - snap, snap);
                nfe[r] += d.nfe()[r];
            }
        }
        count(nfe, rows, t0);
        return Nd4j.create(out, TaskDataset.withLeading(shape, rows, steps, model.layout().targetChannels()), 'c');
    }

    /**
     * The sampler of one call: the plain one, or PCFM's with every row's projection.
     *
     * @param condition the rows' conditions, physical
     * @param indices   the rows' global indices
     * @param firstTime snapshot index of the first drawn snapshot, or -1 for the last snapshot of the data
     * @param follows   whether the drawn snapshots directly follow the given ones
     */
    private Sampler sampler(float[] condition, long[] indices, int firstTime, boolean follows) {
        if (constraints == null) {
            return sampler;
        }
        FlowLayout layout = model.layout();
        Task task = model.task();
        int fields = model.config().fields().size();
        int horizon = layout.targetChannels() / fields;
        int per = condition.length / indices.length;
        int first = firstTime >= 0 ? firstTime : constraints.timeCount() - 1;
        GaussNewtonProjection[] projections = new GaussNewtonProjection[indices.length];
        for (int r = 0; r < indices.length; r++) {
            projections[r] = constraints.projection(new ConstraintSet.Row(condition, r * per, task.window(),
                    indices[r], first, horizon, follows), layout.target().mean(), layout.target().std());
        }
        int steps = ((FixedStepSampler) sampler).steps();
        return new ProjectedSampler(steps, model.settings().path(), (row, z, offset, last) -> {
            GaussNewtonProjection.Result r = projections[row].project(z, offset, last ? constraints.maxSteps() : 1,
                    constraints.tolerance());
            if (last) {
                projectionViolation = Math.max(projectionViolation, r.violation());
            }
        });
    }

    /**
     * @return the largest relative constraint violation left by a final projection so far (before the draw is
     *         rounded to float32): above the tolerance when the Gauss-Newton steps did not converge; 0 without
     *         constraints
     */
    public double projectionViolation() {
        return projectionViolation;
    }

    /** @return mean velocity evaluations per drawn member forecast (a whole rollout counts as one), NaN before any */
    public double meanNfe() {
        return members == 0 ? Double.NaN : (double) evaluations / members;
    }

    /** @return wall seconds per drawn member forecast (a whole rollout counts as one), NaN before any */
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
                    + "flow: expected [batch, " + cond + (model.config().spatialDims() == 1 ? ", nx]" : ", ny, nx]")
                    + " (the task's given snapshots and parameter channels)");
        }
    }

    private static long[] keys(long seed, long[] inputIndices, int member, int step) {
        long[] k = new long[inputIndices.length];
        for (int r = 0; r < k.length; r++) {
            k[r] = ForecastSeeds.draw(ForecastSeeds.member(seed, inputIndices[r], member), step, FLOW);
        }
        return k;
    }

    private static float[] values(INDArray a) {
        return a.dup('c').castTo(DataType.FLOAT).data().asFloat();
    }

    private static int[] shape(INDArray a) {
        int[] s = new int[a.rank() - 2];
        for (int d = 0; d < s.length; d++) {
            s[d] = (int) a.size(2 + d);
        }
        return s;
    }
}
