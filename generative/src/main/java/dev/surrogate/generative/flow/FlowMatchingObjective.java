package dev.surrogate.generative.flow;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.generative.physics.ResidualSettings;
import dev.surrogate.generative.physics.UnrolledResidual;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Seeds;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.physics.DatasetPhysics;
import dev.surrogate.operators.training.Objective;
import dev.surrogate.operators.training.SurrogateGraph;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conditional flow matching (Lipman et al. 2023; PBFM's {@code cfm_loss}): for a pair (given snapshots, target
 * snapshots) draw {@code t} from the {@link TimeDistribution} and noise {@code z_0} from the {@link FlowNoise},
 * normalise the target to {@code z_1}, and regress the network's velocity at {@code (z_t, t, condition)} (the condition: the task's input channels, the
 * given snapshots and any per-sample parameters) onto the
 * path's velocity {@code z_1 - (1 - sigma_min) z_0} by the mean squared error over every value of the batch
 * (term {@value #TERM}; a network that predicts the clean sample is read as a velocity and regressed onto
 * {@link Parameterization#target}). The network's input layout is {@link FlowLayout}'s.
 *
 * <p>With a physics term ({@link ResidualSettings}, PBFM) the objective has a second loss term {@value #RESIDUAL}: the
 * PDE residual of the clean sample the network reaches from {@code z_t} in {@code n} unrolled Euler steps
 * ({@link UnrolledResidual}), {@code n} growing from 1 to {@code maxUnroll} over equal parts of training (a
 * curriculum: {@link #stage}); the trainer combines both terms by its {@code LossCombination} (ConFIG in PBFM). The
 * data's global attribute {@code equation} names the PDE, its per-sample parameters enter per example.
 *
 * <p>Draws: example {@code e} of epoch {@code k} under the run's seed {@code s} draws {@code t} and then its noise,
 * channel by channel, from xoshiro256** keyed by {@code mix(mix(mix(s, STREAM), k), e)}; validation batches use
 * {@code k = -1}. The draws therefore depend on nothing but the seed, epoch and example, so a resumed run replays
 * them exactly and validation losses of different epochs are comparable.
 */
public final class FlowMatchingObjective implements FlowObjective {
    /** Type name in {@code config.json}. */
    public static final String TYPE = "flow";
    /** Name of the loss term. */
    public static final String TERM = "flow_matching";
    /** Placeholder of the target velocity {@code [batch, targetChannels, *space]}. */
    public static final String TARGET_VELOCITY = "flow_target_velocity";
    /** Stream constant separating the flow's draws from other users of the run's seed. */
    static final long STREAM = 0x666c6f77L;
    /** Name of the physics loss term. */
    public static final String RESIDUAL = "residual";
    /** Placeholder of the path time of every example {@code [batch]} (physics term only). */
    public static final String FLOW_TIME = "flow_time";
    /** Placeholder of the PDE parameters of every example {@code [batch, P]} (physics term only). */
    public static final String PHYSICS_PARAMS = "physics_params";

    private final FlowSettings settings;
    private final FlowLayout layout;
    private final ResidualSettings physics;
    /** The physics of every data source seen, read once (the trainer is single-threaded). */
    private final transient Map<FieldSource, DatasetPhysics> sources = new IdentityHashMap<>();
    /** Noise generator of the last grid, rebuilt when the grid changes (the trainer is single-threaded). */
    private transient FlowNoise.Generator generator;
    private transient int[] generatorShape;

    /**
     * @param settings the method's choices
     * @param layout   input layout and statistics
     */
    public FlowMatchingObjective(FlowSettings settings, FlowLayout layout) {
        this(settings, layout, null);
    }

    /**
     * @param settings the method's choices
     * @param layout   input layout and statistics
     * @param physics  the physics term, or null for plain flow matching
     */
    public FlowMatchingObjective(FlowSettings settings, FlowLayout layout, ResidualSettings physics) {
        this.settings = settings;
        this.layout = layout;
        this.physics = physics;
    }

    /**
     * @param p the physics term, or null for none
     * @return this objective with that physics term
     */
    public FlowMatchingObjective withPhysics(ResidualSettings p) {
        return new FlowMatchingObjective(settings, layout, p);
    }

    /** @return the physics term, or null for plain flow matching */
    public ResidualSettings physics() {
        return physics;
    }

    /**
     * Fits the statistics on the training pairs (double precision, one pass): per channel of the targets and of the
     * condition (the task's input channels: snapshots and parameter channels).
     *
     * @param settings the method's choices
     * @param train    training pairs
     * @return the objective
     */
    public static FlowMatchingObjective fit(FlowSettings settings, TaskDataset train) {
        Normalizer n = Normalizer.fit(train);
        return new FlowMatchingObjective(settings, new FlowLayout(n.output(), n.input()));
    }

    /**
     * @param config a map written by {@link #config()}
     * @return the objective
     */
    public static FlowMatchingObjective fromConfig(Map<String, ?> config) {
        Object p = config.get("physics");
        if (p != null && !(p instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("malformed physics settings " + p);
        }
        return new FlowMatchingObjective(FlowSettings.fromMap(config), FlowLayout.fromMap(config),
                p == null ? null : ResidualSettings.fromMap((Map<?, ?>) p));
    }

    /** @return the method's choices */
    @Override
    public FlowSettings settings() {
        return settings;
    }

    /** @return the input layout and statistics */
    @Override
    public FlowLayout layout() {
        return layout;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>(settings.toMap());
        m.putAll(layout.toMap());
        if (physics != null) {
            m.put("physics", physics.toMap());
        }
        return m;
    }

    @Override
    public String toString() {
        return "flow matching (noise " + settings.noise() + ", sigma_min " + settings.path().sigmaMin() + ", t "
                + settings.time() + ", network predicts the " + settings.parameterization()
                + (physics == null ? "" : "; " + physics) + ")";
    }

    @Override
    public List<String> terms() {
        return physics == null ? List.of(TERM) : List.of(TERM, RESIDUAL);
    }

    /** @return the physics term's curriculum stage (0 without one) */
    @Override
    public int stage(int epoch, int epochs) {
        return physics == null ? 0 : physics.stage(epoch, epochs);
    }

    @Override
    public int inputChannels(TaskDataset data) {
        return data.outputChannels() + 1 + data.inputChannels();
    }

    @Override
    public int outputChannels(TaskDataset data) {
        return data.outputChannels();
    }

    /** @return the layout's normaliser (the statistics were fitted by {@link #fit}) */
    @Override
    public Normalizer fitNormalizer(TaskDataset train) {
        return layout.normalizer();
    }

    @Override
    public void check(NeuralOperator model) {
        if (model.heteroscedastic()) {
            throw new IllegalArgumentException("a flow's velocity network predicts a velocity, not a distribution: "
                    + "train it without a heteroscedastic head");
        }
        if (model.inChannels() != layout.inputChannels() || model.outChannels() != layout.targetChannels()) {
            throw new IllegalArgumentException("the velocity network has " + model.inChannels() + " input / "
                    + model.outChannels() + " output channels, the flow needs " + layout.inputChannels() + " / "
                    + layout.targetChannels());
        }
    }

    @Override
    public Map<String, SDVariable> build(SurrogateGraph graph, TaskDataset data) {
        return build(graph, data, 0);
    }

    @Override
    public Map<String, SDVariable> build(SurrogateGraph graph, TaskDataset data, int stage) {
        SameDiff sd = graph.sameDiff();
        SDVariable target = sd.placeHolder(TARGET_VELOCITY, DataType.FLOAT, TaskDataset.withLeading(graph.shape(),
                -1, layout.targetChannels()));
        SDVariable loss = sd.math().squaredDifference(velocity(graph, graph.input(), graph.prediction()), target)
                .mean();
        Map<String, SDVariable> m = new LinkedHashMap<>();
        m.put(TERM, loss);
        if (physics != null) {
            m.put(RESIDUAL, residualTerm(graph, data, stage).loss());
        }
        return m;
    }

    /**
     * Adds the physics term to a graph (see {@link UnrolledResidual}).
     *
     * @param graph the model's graph (its input placeholder holds {@code z_t}, {@code t} and the condition)
     * @param data  the training examples (their physics, times and task)
     * @param stage the curriculum's stage: {@code stage + 1} unrolled steps
     * @return the term and its parts
     * @throws IllegalArgumentException if the data have no PDE residual, or the task's targets do not directly
     *                                  follow its given snapshots
     */
    public UnrolledResidual.Parts residualTerm(SurrogateGraph graph, TaskDataset data, int stage) {
        if (physics == null) {
            throw new IllegalStateException("this flow objective has no physics term");
        }
        SameDiff sd = graph.sameDiff();
        DatasetPhysics phys = physics(data);
        FieldSource source = data.source();
        int fields = source.fieldCount();
        int window = data.task().window();
        int horizon = data.task().horizon();
        int given = Math.min(window, physics.order());
        UnrolledResidual term = new UnrolledResidual(phys.residual(), horizon, given, source.timeStep(),
                physics.order(), layout.target().mean(), layout.target().std(), physics.power());
        int[] shape = graph.shape();
        SDVariable input = graph.input();
        int c = layout.targetChannels();
        int from = layout.conditionOffset();
        SDVariable zt = input.get(channels(shape.length, 0, c));
        SDVariable condition = input.get(channels(shape.length, from, from + layout.conditionChannels()));
        SDVariable givenSnapshots = input.get(channels(shape.length, from + (window - given) * fields,
                from + window * fields));
        SDVariable t = sd.placeHolder(FLOW_TIME, DataType.FLOAT, -1);
        SDVariable params = sd.placeHolder(PHYSICS_PARAMS, DataType.FLOAT, -1, phys.parameterNames().size());
        long[] one = TaskDataset.withLeading(shape, 1, 1);
        SDVariable ones = sd.constant(Nd4j.ones(DataType.FLOAT, one));
        long[] perExample = new long[one.length];
        Arrays.fill(perExample, 1);
        perExample[0] = -1;
        UnrolledResidual.Velocity velocity = (z, tau) -> {
            SDVariable x = sd.concat(1, z, ones.mul(tau.reshape(perExample)), condition);
            return velocity(graph, x, graph.apply(x).prediction());
        };
        return term.build(sd, zt, velocity(graph, input, graph.prediction()), t, givenSnapshots, params, velocity,
                physics.unrollSteps(stage));
    }

    /**
     * The velocity from the network's output by the settings' {@link Parameterization}.
     *
     * @param graph  the model's graph
     * @param input  the network's input {@code [B, inputChannels, *space]} (state, time, condition)
     * @param output the network's output at that input {@code [B, targetChannels, *space]}
     * @return the velocity {@code [B, targetChannels, *space]}
     */
    private SDVariable velocity(SurrogateGraph graph, SDVariable input, SDVariable output) {
        Parameterization p = settings.parameterization();
        if (!p.data()) {
            return output;
        }
        int dims = graph.shape().length;
        int tc = layout.timeChannel();
        return p.velocity(settings.path(), output, input.get(channels(dims, 0, layout.targetChannels())),
                input.get(channels(dims, tc, tc + 1)));
    }

    private static SDIndex[] channels(int dims, int from, int to) {
        SDIndex[] idx = new SDIndex[2 + dims];
        Arrays.fill(idx, SDIndex.all());
        idx[1] = SDIndex.interval(from, to);
        return idx;
    }

    /** The physics of a data source, checked against the task, read once per source. */
    private DatasetPhysics physics(TaskDataset data) {
        FieldSource source = data.source();
        DatasetPhysics p = sources.get(source);
        if (p != null) {
            return p;
        }
        p = DatasetPhysics.of(source, "the training data");
        if (!p.fields().equals(source.fieldNames())) {
            throw new IllegalArgumentException("the " + p.equation() + " residual needs the fields " + p.fields()
                    + " in this order; the flow is trained on " + source.fieldNames());
        }
        int[] in = data.inputTimes(0);
        int[] out = data.targetTimes(0);
        for (int j = 0; j < out.length; j++) {
            int previous = j == 0 ? in[in.length - 1] : out[j - 1];
            if (out[j] != previous + 1) {
                throw new IllegalArgumentException("the residual term needs targets that directly follow the given "
                        + "snapshots; task '" + data.task().name() + "' gives times " + Arrays.toString(in)
                        + " and predicts " + Arrays.toString(out));
            }
        }
        source.timeStep();
        sources.put(source, p);
        return p;
    }

    @Override
    public Map<String, INDArray> batch(TaskDataset data, int[] examples, BatchContext context) {
        FlowBatch b = draw(data, examples, context);
        int[] space = data.spatialShape();
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(SurrogateGraph.INPUT, Nd4j.create(b.input(), TaskDataset.withLeading(space, b.size(),
                layout.inputChannels()), 'c'));
        m.put(TARGET_VELOCITY, Nd4j.create(b.velocity(), TaskDataset.withLeading(space, b.size(),
                layout.targetChannels()), 'c'));
        if (physics != null) {
            float[] t = new float[b.size()];
            int[] samples = new int[b.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) b.t()[i];
                samples[i] = data.sampleOf(examples[i]);
            }
            DatasetPhysics p = physics(data);
            double[] params = p.parameterMatrix(samples);
            m.put(FLOW_TIME, Nd4j.createFromArray(t));
            m.put(PHYSICS_PARAMS, Nd4j.create(params, new long[] {b.size(), p.parameterNames().size()}, 'c')
                    .castTo(DataType.FLOAT));
        }
        return m;
    }

    /**
     * The draws and arrays of one batch (see the class documentation for the seeding).
     *
     * @param data     examples
     * @param examples pair indices in batch order
     * @param context  seed and epoch
     * @return the batch
     */
    public FlowBatch draw(TaskDataset data, int[] examples, BatchContext context) {
        int n = examples.length;
        int p = data.source().points();
        int c = layout.targetChannels();
        int cond = layout.conditionChannels();
        int in = layout.inputChannels();
        if (data.outputChannels() != c || data.inputChannels() != cond) {
            throw new IllegalArgumentException("data have " + data.inputChannels() + " condition / "
                    + data.outputChannels() + " target channels, the flow " + cond + " / " + c);
        }
        FlowNoise.Generator g = generator(data);
        float[] input = new float[n * in * p];
        float[] z0 = new float[n * c * p];
        float[] z1 = new float[n * c * p];
        float[] velocity = new float[n * c * p];
        double[] t = new double[n];
        float[] x = new float[cond * p];
        long epochKey = Seeds.mix(Seeds.mix(context.seed(), STREAM), context.epoch());
        for (int b = 0; b < n; b++) {
            int off = b * c * p;
            data.fill(examples[b], x, 0, z1, off);
            layout.normalizeTarget(z1, off, p);
            Xoshiro256StarStar rng = new Xoshiro256StarStar(Seeds.mix(epochKey, examples[b]));
            t[b] = settings.time().sample(rng);
            for (int ch = 0; ch < c; ch++) {
                g.sample(rng, z0, off + ch * p);
            }
            int inOff = b * in * p;
            settings.path().interpolate(t[b], z0, z1, off, c * p, velocity);
            // velocity holds z_t for the moment: copy it into the input, then overwrite it with the target
            System.arraycopy(velocity, off, input, inOff, c * p);
            settings.parameterization().target(settings.path(), t[b], z0, z1, velocity, off, c * p, velocity);
            Arrays.fill(input, inOff + layout.timeChannel() * p, inOff + (layout.timeChannel() + 1) * p,
                    (float) t[b]);
            System.arraycopy(x, 0, input, inOff + layout.conditionOffset() * p, cond * p);
        }
        return new FlowBatch(n, p, t, input, z0, z1, velocity);
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
