package dev.surrogate.generative.flow;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.generative.Generative;
import dev.surrogate.generative.sampling.AverageVelocityField;
import dev.surrogate.generative.sampling.RowNoise;
import dev.surrogate.generative.sampling.Sampler;
import dev.surrogate.generative.sampling.VelocityField;
import dev.surrogate.operators.data.Seeds;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained flow: the velocity network (a {@link Predictor}, any grid) with the flow's settings and statistics
 * (trained by flow matching, {@link FlowMatchingObjective}, or as an average velocity, {@link MeanFlowObjective}),
 * drawing target snapshots given the condition snapshots (and per-sample parameters) by integrating the learned
 * velocity from noise with a {@link Sampler}. Draws are in physical units.
 *
 * <p>Seeding: every row of a call brings its own 64-bit key. Its noise {@code z_0} comes from xoshiro256** keyed by
 * {@code mix(key, NOISE)}, channel by channel, and a stochastic sampler's fresh noise from
 * {@code mix(key, RENOISE)}; so a row's draw depends on its condition, its key and the model only (not on the other
 * rows; the network's float32 round-off may differ in the last bits across batch compositions). Not thread-safe.
 */
public final class FlowModel {
    /** Stream of a row's initial noise. */
    static final long NOISE = 1;
    /** Stream of a stochastic sampler's re-noising draws. */
    static final long RENOISE = 2;

    private final ModelConfig config;
    private final FlowObjective objective;
    private final Predictor network;
    private FlowNoise.Generator generator;
    private int[] generatorShape;

    /**
     * @param network velocity network loaded from a flow model directory
     * @throws IllegalArgumentException if the model was not trained with the flow objective
     */
    public FlowModel(Predictor network) {
        Generative.register();
        ModelConfig c = network.config();
        if (!FlowObjective.TYPES.contains(c.objectiveType())) {
            throw new IllegalArgumentException("not a flow model: its objective is '" + c.objectiveType() + "'");
        }
        this.config = c;
        this.objective = (FlowObjective) c.buildObjective();
        this.network = network;
    }

    /**
     * @param dir a model directory written by {@code train flow}
     * @return the model
     * @throws IllegalArgumentException if the directory does not hold a flow model
     */
    public static FlowModel load(Path dir) {
        Generative.register();
        return new FlowModel(Predictor.load(dir));
    }

    /**
     * @param dir a directory
     * @return whether it holds a model trained with the flow objective (reads only {@code config.json})
     */
    public static boolean isFlow(Path dir) {
        Generative.register();
        ModelDirectory d = new ModelDirectory(dir);
        if (!Files.isRegularFile(d.file(ModelDirectory.CONFIG))) {
            return false;
        }
        return FlowObjective.TYPES.contains(d.readConfig().objectiveType());
    }

    /** @return the saved config */
    public ModelConfig config() {
        return config;
    }

    /** @return the task: which snapshots are given and which are drawn */
    public Task task() {
        return config.task();
    }

    /** @return the method's settings */
    public FlowSettings settings() {
        return objective.settings();
    }

    /** @return input layout and statistics */
    public FlowLayout layout() {
        return objective.layout();
    }

    /** @return the per-sample parameters the model is conditioned on (the task's; empty if none) */
    public List<String> parameters() {
        return config.task().parameters();
    }

    /**
     * What {@link #sample} returns.
     *
     * @param values drawn targets in physical units {@code [rows, targetChannels, *space]}, flat
     * @param nfe    velocity evaluations of every row
     */
    public record Draw(float[] values, int[] nfe) {
    }

    /**
     * Draws one target per row.
     *
     * @param condition  the task's input in physical units {@code [rows, conditionChannels, *space]} (given
     *                   snapshots, then parameter channels), flat; read only
     * @param shape      grid {@code {nx}} or {@code {ny, nx}} (any grid the network supports)
     * @param keys       seed key of every row {@code [rows]}
     * @param sampler    the ODE sampler
     * @return the draws
     * @throws IllegalArgumentException if the sizes do not fit
     */
    public Draw sample(float[] condition, int[] shape, long[] keys, Sampler sampler) {
        FlowLayout layout = objective.layout();
        int rows = keys.length;
        int points = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int c = layout.targetChannels();
        int d = c * points;
        if (shape.length != config.spatialDims()) {
            throw new IllegalArgumentException("grid " + Arrays.toString(shape) + " is " + shape.length + "-D, the "
                    + "model " + config.spatialDims() + "-D");
        }
        if (condition.length != (long) rows * layout.conditionChannels() * points) {
            throw new IllegalArgumentException("condition has " + condition.length + " values, expected " + rows
                    + " rows x " + layout.conditionChannels() + " channels x " + points + " points");
        }
        FlowNoise.Generator g = generator(shape);
        double[] z = new double[rows * d];
        float[] channel = new float[points];
        Xoshiro256StarStar[] renoise = new Xoshiro256StarStar[rows];
        for (int r = 0; r < rows; r++) {
            Xoshiro256StarStar rng = new Xoshiro256StarStar(Seeds.mix(keys[r], NOISE));
            for (int ch = 0; ch < c; ch++) {
                g.sample(rng, channel, 0);
                for (int i = 0; i < points; i++) {
                    z[r * d + ch * points + i] = channel[i];
                }
            }
            renoise[r] = new Xoshiro256StarStar(Seeds.mix(keys[r], RENOISE));
        }
        RowNoise noise = (row, out, offset) -> {
            for (int ch = 0; ch < c; ch++) {
                g.sample(renoise[row], channel, 0);
                for (int i = 0; i < points; i++) {
                    out[offset + ch * points + i] = channel[i];
                }
            }
        };
        int[] nfe = sampler.sample(field(shape, condition), z, rows, noise);
        float[] out = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            layout.denormalizeTarget(z, r * d, points, out);
        }
        return new Draw(out, nfe);
    }

    /** @return whether the network is an average velocity {@code u(z, s, t)} (a mean flow) */
    public boolean averageVelocity() {
        return objective.layout().timeChannels() == 2;
    }

    /**
     * The learned velocity field for given conditions: rows are the conditions' rows, states normalised
     * {@code [targetChannels, *space]} per row (for samplers and constrained or physics-aware sampling built on
     * this model). For a mean flow it is an {@link AverageVelocityField}.
     *
     * @param condition the task's input in physical units {@code [rows, conditionChannels, *space]}, flat; read only
     *                  and not copied (keep it unchanged while the field is used)
     * @param shape     grid
     * @return the field
     */
    public VelocityField velocity(float[] condition, int[] shape) {
        return field(shape.clone(), condition);
    }

    private NetworkField field(int[] shape, float[] condition) {
        return averageVelocity() ? new AverageNetworkField(shape, condition) : new NetworkField(shape, condition);
    }

    private FlowNoise.Generator generator(int[] shape) {
        if (generator == null || !Arrays.equals(shape, generatorShape)) {
            double[] lengths = config.domainLengths();
            generator = objective.settings().noise().generator(shape, lengths);
            generatorShape = shape.clone();
        }
        return generator;
    }

    /** The average-velocity network, also as the instantaneous velocity {@code u(z, t, t)}. */
    private final class AverageNetworkField extends NetworkField implements AverageVelocityField {
        AverageNetworkField(int[] shape, float[] condition) {
            super(shape, condition);
        }

        @Override
        public void evaluate(int count, int[] rows, double[] s, double[] t, double[] z, double[] u) {
            network(count, rows, s, t, z, u);
        }
    }

    /** The network as a velocity field of normalised states: input channels as {@link FlowLayout} lays them out. */
    private class NetworkField implements VelocityField {
        private final int[] shape;
        private final int points;
        private final float[] condition;
        private final FlowLayout layout = objective.layout();

        NetworkField(int[] shape, float[] condition) {
            this.shape = shape;
            this.points = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            this.condition = condition;
        }

        @Override
        public int dimension() {
            return layout.targetChannels() * points;
        }

        @Override
        public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
            network(count, rows, t, t, z, v);
        }

        /** The network at {@code (z, s, t)}; a velocity network (one time channel) sees {@code t} only. */
        void network(int count, int[] rows, double[] s, double[] t, double[] z, double[] v) {
            int in = layout.inputChannels();
            int d = dimension();
            int cond = layout.conditionChannels() * points;
            float[] x = new float[count * in * points];
            for (int i = 0; i < count; i++) {
                int base = i * in * points;
                for (int j = 0; j < d; j++) {
                    x[base + j] = (float) z[i * d + j];
                }
                int tc = base + layout.timeChannel() * points;
                if (layout.timeChannels() == 2) {
                    Arrays.fill(x, tc, tc + points, (float) s[i]);
                    Arrays.fill(x, tc + points, tc + 2 * points, (float) t[i]);
                } else {
                    Arrays.fill(x, tc, tc + points, (float) t[i]);
                }
                System.arraycopy(condition, rows[i] * cond, x, base + layout.conditionOffset() * points, cond);
            }
            INDArray input = Nd4j.create(x, TaskDataset.withLeading(shape, count, in), 'c');
            INDArray out = network.predict(input);
            float[] vf = out.dup('c').data().asFloat();
            input.close();
            out.close();
            for (int j = 0; j < count * d; j++) {
                v[j] = vf[j];
            }
            Parameterization p = objective.settings().parameterization();
            if (p.data()) {
                for (int i = 0; i < count; i++) {
                    p.velocity(objective.settings().path(), t[i], v, z, i * d, d, v);
                }
            }
        }
    }
}
