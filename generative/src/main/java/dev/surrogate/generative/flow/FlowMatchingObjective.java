package dev.surrogate.generative.flow;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Seeds;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.Objective;
import dev.surrogate.operators.training.SurrogateGraph;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * (term {@value #TERM}). The network's input layout is {@link FlowLayout}'s.
 *
 * <p>Draws: example {@code e} of epoch {@code k} under the run's seed {@code s} draws {@code t} and then its noise,
 * channel by channel, from xoshiro256** keyed by {@code mix(mix(mix(s, STREAM), k), e)}; validation batches use
 * {@code k = -1}. The draws therefore depend on nothing but the seed, epoch and example, so a resumed run replays
 * them exactly and validation losses of different epochs are comparable.
 */
public final class FlowMatchingObjective implements Objective {
    /** Type name in {@code config.json}. */
    public static final String TYPE = "flow";
    /** Name of the loss term. */
    public static final String TERM = "flow_matching";
    /** Placeholder of the target velocity {@code [batch, targetChannels, *space]}. */
    public static final String TARGET_VELOCITY = "flow_target_velocity";
    /** Stream constant separating the flow's draws from other users of the run's seed. */
    static final long STREAM = 0x666c6f77L;

    private final FlowSettings settings;
    private final FlowLayout layout;
    /** Noise generator of the last grid, rebuilt when the grid changes (the trainer is single-threaded). */
    private transient FlowNoise.Generator generator;
    private transient int[] generatorShape;

    /**
     * @param settings the method's choices
     * @param layout   input layout and statistics
     */
    public FlowMatchingObjective(FlowSettings settings, FlowLayout layout) {
        this.settings = settings;
        this.layout = layout;
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
        return new FlowMatchingObjective(FlowSettings.fromMap(config), FlowLayout.fromMap(config));
    }

    /** @return the method's choices */
    public FlowSettings settings() {
        return settings;
    }

    /** @return the input layout and statistics */
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
        return m;
    }

    @Override
    public String toString() {
        return "flow matching (noise " + settings.noise() + ", sigma_min " + settings.path().sigmaMin() + ", t "
                + settings.time() + ")";
    }

    @Override
    public List<String> terms() {
        return List.of(TERM);
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
        SameDiff sd = graph.sameDiff();
        SDVariable target = sd.placeHolder(TARGET_VELOCITY, DataType.FLOAT, TaskDataset.withLeading(graph.shape(),
                -1, layout.targetChannels()));
        SDVariable loss = sd.math().squaredDifference(graph.prediction(), target).mean();
        Map<String, SDVariable> m = new LinkedHashMap<>();
        m.put(TERM, loss);
        return m;
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
            settings.path().targetVelocity(z0, z1, off, c * p, velocity);
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
