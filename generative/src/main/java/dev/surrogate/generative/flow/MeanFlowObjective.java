package dev.surrogate.generative.flow;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Seeds;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.SurrogateGraph;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An average-velocity flow for few-step sampling, trained without Jacobian-vector products (SameDiff has none) by
 * SplitMeanFlow's interval splitting (Guo et al. 2025, "SplitMeanFlow: Interval Splitting Consistency in Few-Step
 * Generative Modeling"; MeanFlow: Geng et al. 2025). The network {@code u(z_r, r, t)} (layout with two time
 * channels, {@link FlowLayout#withAverageVelocity()}) is the average velocity of the flow from time {@code r} to
 * {@code t >= r} starting at {@code z_r}, so that {@code z_t = z_r + (t - r) u(z_r, r, t)}: one evaluation jumps
 * over the whole interval, {@code u(z_0, 0, 1)} from noise to a sample. Two loss terms, each a mean over the batch
 * of a per-example mean squared error in normalised units:
 * <ul>
 *   <li>{@value #BOUNDARY} on a fraction of the examples ({@code r = t}): the boundary condition
 *       {@code u(z, t, t) = v(z, t)}, regressed on the path's conditional velocity as in flow matching;</li>
 *   <li>{@value #INTERVAL} on the others: the splitting identity
 *       {@code (t - r) u(z_r, r, t) = (s - r) u(z_r, r, s) + (t - s) u(z_s, s, t)} at {@code s = r + lambda (t - r)},
 *       {@code z_s = z_r + (s - r) u(z_r, r, s)}, with the right-hand side as a target without gradient.</li>
 * </ul>
 * Per example, with probability {@code boundaryFraction} a boundary example ({@code r = t} from the
 * {@link TimeDistribution}), otherwise an interval on a dyadic grid, as shortcut models discretise the same
 * self-consistency (Frans et al. 2025, "One Step Diffusion via Shortcut Models"): length {@code d = 2^-k} with
 * {@code k} uniform in {@code 0 .. levels - 1}, start {@code r} a uniform multiple of {@code d}, split in the middle
 * ({@code lambda = 1/2}). Each level's target uses the next finer one, and the finest level's target two Euler half
 * steps of the instantaneous velocity {@code u(z, r, r)}, so the consistency reaches the one-step map
 * {@code u(z_0, 0, 1)} in {@code levels} links from the boundary instead of a long chain of random splits; the
 * sampler's equal steps of {@code 1, 1/2, 1/4, ...} are exactly such intervals. Noise and {@code z_r} on the path;
 * every draw from {@code (seed, epoch, example)} as in {@link FlowMatchingObjective}, so resuming is exact.
 */
public final class MeanFlowObjective implements FlowObjective {
    /** Type name in {@code config.json}. */
    public static final String TYPE = "meanflow";
    /** Loss term of the boundary examples. */
    public static final String BOUNDARY = "flow_matching";
    /** Loss term of the interval-splitting examples. */
    public static final String INTERVAL = "interval";
    /** Placeholder of the interval start {@code r} {@code [batch]}. */
    public static final String START = "meanflow_start";
    /** Placeholder of the interval end {@code t} {@code [batch]}. */
    public static final String END = "meanflow_end";
    /** Placeholder of the split fraction {@code lambda} {@code [batch]}. */
    public static final String SPLIT = "meanflow_split";
    /** Placeholder of the boundary mask (1 for {@code r = t}) {@code [batch]}. */
    public static final String MASK = "meanflow_boundary";
    /** Placeholder of the finest-level mask (1: the halves are instantaneous velocities) {@code [batch]}. */
    public static final String FINEST = "meanflow_finest";
    /** Default share of boundary examples. */
    public static final double DEFAULT_BOUNDARY_FRACTION = 0.5;
    /** Default number of dyadic interval lengths, {@code 1 .. 1/128}. */
    public static final int DEFAULT_LEVELS = 8;
    /** Stream constant of the draws. */
    static final long STREAM = 0x6d65616eL;

    private final FlowSettings settings;
    private final FlowLayout layout;
    private final double boundaryFraction;
    private final int levels;
    private transient FlowNoise.Generator generator;
    private transient int[] generatorShape;

    /**
     * @param settings         noise, path and time distribution
     * @param layout           input layout with two time channels
     * @param boundaryFraction share of examples with {@code r = t}, in {@code (0, 1)}
     * @param levels           dyadic interval lengths {@code 1, 1/2, ..., 2^-(levels - 1)}, in {@code 1 .. 30}
     */
    public MeanFlowObjective(FlowSettings settings, FlowLayout layout, double boundaryFraction, int levels) {
        if (layout.timeChannels() != 2) {
            throw new IllegalArgumentException("an average-velocity network takes two time channels");
        }
        if (settings.parameterization().data()) {
            throw new IllegalArgumentException("an average-velocity network outputs the average velocity; the data "
                    + "parameterization applies to 'train flow'");
        }
        if (!(boundaryFraction > 0 && boundaryFraction < 1)) {
            throw new IllegalArgumentException("boundary fraction must be in (0, 1), got " + boundaryFraction);
        }
        if (levels < 1 || levels > 30) {
            throw new IllegalArgumentException("interval levels must be in 1..30, got " + levels);
        }
        this.levels = levels;
        this.settings = settings;
        this.layout = layout;
        this.boundaryFraction = boundaryFraction;
    }

    /**
     * Fits the statistics on the training pairs, as {@link FlowMatchingObjective#fit}.
     *
     * @param settings         the method's choices
     * @param train            training pairs
     * @param boundaryFraction share of boundary examples
     * @param levels           dyadic interval lengths
     * @return the objective
     */
    public static MeanFlowObjective fit(FlowSettings settings, TaskDataset train, double boundaryFraction,
            int levels) {
        Normalizer n = Normalizer.fit(train);
        return new MeanFlowObjective(settings, new FlowLayout(n.output(), n.input()).withAverageVelocity(),
                boundaryFraction, levels);
    }

    /**
     * @param config a map written by {@link #config()}
     * @return the objective
     */
    public static MeanFlowObjective fromConfig(Map<String, ?> config) {
        Object b = config.get("boundary_fraction");
        Object l = config.get("levels");
        if (!(b instanceof Number n) || !(l instanceof Number levels)) {
            throw new IllegalArgumentException("mean-flow config without numeric 'boundary_fraction' and 'levels': "
                    + config);
        }
        return new MeanFlowObjective(FlowSettings.fromMap(config), FlowLayout.fromMap(config), n.doubleValue(),
                levels.intValue());
    }

    @Override
    public FlowSettings settings() {
        return settings;
    }

    @Override
    public FlowLayout layout() {
        return layout;
    }

    /** @return the share of boundary examples */
    public double boundaryFraction() {
        return boundaryFraction;
    }

    /** @return the number of dyadic interval lengths */
    public int levels() {
        return levels;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>(settings.toMap());
        m.putAll(layout.toMap());
        m.put("boundary_fraction", boundaryFraction);
        m.put("levels", levels);
        return m;
    }

    @Override
    public String toString() {
        return "average velocity by interval splitting (noise " + settings.noise() + ", t " + settings.time()
                + ", boundary fraction " + boundaryFraction + ", " + levels + " dyadic levels)";
    }

    @Override
    public List<String> terms() {
        return List.of(BOUNDARY, INTERVAL);
    }

    @Override
    public int inputChannels(TaskDataset data) {
        return data.outputChannels() + 2 + data.inputChannels();
    }

    @Override
    public int outputChannels(TaskDataset data) {
        return data.outputChannels();
    }

    @Override
    public Normalizer fitNormalizer(TaskDataset train) {
        return layout.normalizer();
    }

    @Override
    public void check(NeuralOperator model) {
        if (model.heteroscedastic()) {
            throw new IllegalArgumentException("an average-velocity network predicts a velocity, not a distribution");
        }
        if (model.inChannels() != layout.inputChannels() || model.outChannels() != layout.targetChannels()) {
            throw new IllegalArgumentException("the network has " + model.inChannels() + " input / "
                    + model.outChannels() + " output channels, the mean flow needs " + layout.inputChannels() + " / "
                    + layout.targetChannels());
        }
    }

    @Override
    public Map<String, SDVariable> build(SurrogateGraph graph, TaskDataset data) {
        SameDiff sd = graph.sameDiff();
        int[] shape = graph.shape();
        int c = layout.targetChannels();
        SDVariable v = sd.placeHolder(FlowMatchingObjective.TARGET_VELOCITY, DataType.FLOAT,
                TaskDataset.withLeading(shape, -1, c));
        SDVariable r = sd.placeHolder(START, DataType.FLOAT, -1);
        SDVariable t = sd.placeHolder(END, DataType.FLOAT, -1);
        SDVariable lambda = sd.placeHolder(SPLIT, DataType.FLOAT, -1);
        SDVariable mask = sd.placeHolder(MASK, DataType.FLOAT, -1);
        SDVariable finest = sd.placeHolder(FINEST, DataType.FLOAT, -1);
        SDVariable input = graph.input();
        int from = layout.conditionOffset();
        SDVariable zr = input.get(channels(shape.length, 0, c));
        SDVariable condition = input.get(channels(shape.length, from, from + layout.conditionChannels()));
        SDVariable ones = sd.constant(Nd4j.ones(DataType.FLOAT, TaskDataset.withLeading(shape, 1, 1)));
        long[] perExample = new long[2 + shape.length];
        Arrays.fill(perExample, 1);
        perExample[0] = -1;
        SDVariable s = r.add(lambda.mul(t.sub(r)));
        // the halves' end times: s and t, or at the finest level r and s (the instantaneous velocity)
        SDVariable e1 = s.sub(finest.mul(s.sub(r)));
        SDVariable e2 = t.sub(finest.mul(t.sub(s)));
        SDVariable u1 = graph.apply(sd.concat(1, zr, ones.mul(r.reshape(perExample)), ones.mul(e1.reshape(perExample)),
                condition)).prediction();
        SDVariable zs = zr.add(u1.mul(s.sub(r).reshape(perExample)));
        SDVariable u2 = graph.apply(sd.concat(1, zs, ones.mul(s.reshape(perExample)), ones.mul(e2.reshape(perExample)),
                condition)).prediction();
        SDVariable split = u1.mul(lambda.reshape(perExample)).add(u2.mul(lambda.rsub(1.0).reshape(perExample)));
        SDVariable target = new StopGradient(sd, split).outputVariable();
        SDVariable u = graph.prediction();
        long values = c;
        for (int n : shape) {
            values *= n;
        }
        SDVariable boundaryError = sd.math().squaredDifference(u, v).reshape(-1, values).mean(1);
        SDVariable intervalError = sd.math().squaredDifference(u, target).reshape(-1, values).mean(1);
        Map<String, SDVariable> m = new LinkedHashMap<>();
        m.put(BOUNDARY, boundaryError.mul(mask).mean());
        m.put(INTERVAL, intervalError.mul(mask.rsub(1.0)).mean());
        return m;
    }

    private static SDIndex[] channels(int dims, int from, int to) {
        SDIndex[] idx = new SDIndex[2 + dims];
        Arrays.fill(idx, SDIndex.all());
        idx[1] = SDIndex.interval(from, to);
        return idx;
    }

    @Override
    public Map<String, INDArray> batch(TaskDataset data, int[] examples, BatchContext context) {
        int n = examples.length;
        int p = data.source().points();
        int c = layout.targetChannels();
        int cond = layout.conditionChannels();
        int in = layout.inputChannels();
        if (data.outputChannels() != c || data.inputChannels() != cond) {
            throw new IllegalArgumentException("data have " + data.inputChannels() + " condition / "
                    + data.outputChannels() + " target channels, the mean flow " + cond + " / " + c);
        }
        FlowNoise.Generator g = generator(data);
        float[] input = new float[n * in * p];
        float[] z0 = new float[n * c * p];
        float[] z1 = new float[n * c * p];
        float[] velocity = new float[n * c * p];
        float[] r = new float[n];
        float[] t = new float[n];
        float[] lambda = new float[n];
        float[] mask = new float[n];
        float[] finest = new float[n];
        float[] x = new float[cond * p];
        long epochKey = Seeds.mix(Seeds.mix(context.seed(), STREAM), context.epoch());
        for (int b = 0; b < n; b++) {
            int off = b * c * p;
            data.fill(examples[b], x, 0, z1, off);
            layout.normalizeTarget(z1, off, p);
            Xoshiro256StarStar rng = new Xoshiro256StarStar(Seeds.mix(epochKey, examples[b]));
            boolean boundary = rng.nextDouble() < boundaryFraction;
            if (boundary) {
                double ta = settings.time().sample(rng);
                r[b] = (float) ta;
                t[b] = (float) ta;
            } else {
                int k = (int) (rng.nextDouble() * levels);
                long cells = 1L << k;
                long j = (long) (rng.nextDouble() * cells);
                r[b] = (float) ((double) j / cells);
                t[b] = (float) ((double) (j + 1) / cells);
                finest[b] = k == levels - 1 ? 1 : 0;
            }
            lambda[b] = 0.5f;
            mask[b] = boundary ? 1 : 0;
            for (int ch = 0; ch < c; ch++) {
                g.sample(rng, z0, off + ch * p);
            }
            int inOff = b * in * p;
            settings.path().interpolate(r[b], z0, z1, off, c * p, velocity);
            System.arraycopy(velocity, off, input, inOff, c * p);
            settings.path().targetVelocity(z0, z1, off, c * p, velocity);
            int tc = inOff + layout.timeChannel() * p;
            Arrays.fill(input, tc, tc + p, r[b]);
            Arrays.fill(input, tc + p, tc + 2 * p, t[b]);
            System.arraycopy(x, 0, input, inOff + layout.conditionOffset() * p, cond * p);
        }
        int[] space = data.spatialShape();
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(SurrogateGraph.INPUT, Nd4j.create(input, TaskDataset.withLeading(space, n, in), 'c'));
        m.put(FlowMatchingObjective.TARGET_VELOCITY, Nd4j.create(velocity, TaskDataset.withLeading(space, n, c), 'c'));
        m.put(START, Nd4j.createFromArray(r));
        m.put(END, Nd4j.createFromArray(t));
        m.put(SPLIT, Nd4j.createFromArray(lambda));
        m.put(MASK, Nd4j.createFromArray(mask));
        m.put(FINEST, Nd4j.createFromArray(finest));
        return m;
    }

    private FlowNoise.Generator generator(TaskDataset data) {
        int[] shape = data.spatialShape();
        if (generator == null || !Arrays.equals(shape, generatorShape)) {
            generator = settings.noise().generator(shape, data.source().domainLengths());
            generatorShape = shape;
        }
        return generator;
    }
}
