package dev.surrogate.operators.training;

import dev.surrogate.operators.ForwardExecutor;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.NeuralOperator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The graph of a model for one grid size: input placeholder, input normalisation, the model's forward pass and
 * output de-normalisation, in physical units. A training objective adds its placeholders and losses on top (see
 * {@link TrainingGraph}). Trainable variables keep the model's names, so weights move between graphs of different
 * grid sizes by name.
 */
public final class SurrogateGraph {
    /** Placeholder of the physical input {@code [batch, inChannels, *space]}. */
    public static final String INPUT = "input";
    /** Prediction in physical units {@code [batch, outChannels, *space]}. */
    public static final String PREDICTION = "prediction";
    /** Predicted log-variance in physical units squared, heteroscedastic models only. */
    public static final String LOG_VARIANCE = "log_variance";

    /** The system property choosing how graphs run ({@link ForwardExecutor#PROPERTY}). */
    public static final String FORWARD_PROPERTY = ForwardExecutor.PROPERTY;

    private final SameDiff sd;
    private final Map<List<String>, ForwardExecutor> executors = new HashMap<>();
    private final NeuralOperator model;
    private final Normalizer normalizer;
    private final int[] shape;
    private final SDVariable input;
    private final Output output;

    private SurrogateGraph(SameDiff sd, NeuralOperator model, Normalizer normalizer, int[] shape, SDVariable input,
            Output output) {
        this.sd = sd;
        this.model = model;
        this.normalizer = normalizer;
        this.shape = shape.clone();
        this.input = input;
        this.output = output;
    }

    /**
     * What one forward pass gives, in physical units.
     *
     * @param prediction  mean prediction {@code [batch, outChannels, *space]}
     * @param logVariance log-variance, same shape, of a heteroscedastic model; {@code null} otherwise
     */
    public record Output(SDVariable prediction, SDVariable logVariance) {
    }

    /**
     * Builds the inference graph: placeholder {@link #INPUT}, normalisation, the model, de-normalisation,
     * {@link #PREDICTION} (and {@link #LOG_VARIANCE}). A training objective adds its placeholders and losses to it
     * (see {@link Objective#build}). New trainable variables are initialised from ND4J's global generator, so seed
     * it first ({@code Nd4j.getRandom().setSeed}) for reproducible initial weights. Dropout starts switched off
     * (see {@link #setDropoutActive}).
     *
     * <p>A heteroscedastic model's raw output {@code [batch, 2 C, *space]} is split into the mean (first C
     * channels), de-normalised into {@link #PREDICTION}, and the log-variance, shifted by {@code 2 log std_out} into
     * physical units as {@link #LOG_VARIANCE}.
     *
     * @param model      the operator
     * @param normalizer channel counts must match the model's
     * @param shape      grid {@code {nx}} or {@code {ny, nx}}
     * @return the graph
     * @throws IllegalArgumentException if the model, normaliser and grid disagree
     */
    public static SurrogateGraph build(NeuralOperator model, Normalizer normalizer, int[] shape) {
        int dims = shape.length;
        if (model.spatialDims() != dims) {
            throw new IllegalArgumentException("model is " + model.spatialDims() + "-D but the grid "
                    + Arrays.toString(shape) + " is " + dims + "-D");
        }
        if (normalizer.input().channels() != model.inChannels()
                || normalizer.output().channels() != model.outChannels()) {
            throw new IllegalArgumentException("normaliser has " + normalizer.input().channels() + " input / "
                    + normalizer.output().channels() + " output channels, the model " + model.inChannels() + " / "
                    + model.outChannels());
        }
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder(INPUT, DataType.FLOAT, TaskDataset.withLeading(shape, -1,
                model.inChannels()));
        Output out = forward(sd, model, normalizer, shape, in);
        model.setDropoutActive(sd, false);
        out.prediction().rename(PREDICTION);
        if (out.logVariance() != null) {
            out.logVariance().rename(LOG_VARIANCE);
        }
        return new SurrogateGraph(sd, model, normalizer, shape, in, out);
    }

    private static Output forward(SameDiff sd, NeuralOperator model, Normalizer normalizer, int[] shape,
            SDVariable physicalInput) {
        int dims = shape.length;
        SDVariable z = model.forward(sd, normalizer.encodeInput(sd, physicalInput, dims), shape.clone());
        int c = model.outChannels();
        SDVariable logVar = null;
        if (model.heteroscedastic()) {
            SDVariable mean = z.get(channelRange(dims, 0, c));
            logVar = normalizer.decodeLogVariance(sd, z.get(channelRange(dims, c, 2 * c)), dims);
            z = mean;
        }
        return new Output(normalizer.decodeOutput(sd, z, dims), logVar);
    }

    /**
     * Adds another forward pass of the model through the same weights (and normaliser), on any physical input of
     * this graph's grid: for objectives that call the model several times per example (e.g. unrolled sampling
     * steps of a flow model). Dropout layers of the new pass obey the same switch as the first.
     *
     * @param physicalInput {@code [batch, inChannels, *space]} in physical units
     * @return the pass's physical outputs
     */
    public Output apply(SDVariable physicalInput) {
        return forward(sd, model, normalizer, shape, physicalInput);
    }

    /** @return the input placeholder {@link #INPUT} */
    public SDVariable input() {
        return input;
    }

    /** @return the physical prediction {@link #PREDICTION} of the input placeholder */
    public SDVariable prediction() {
        return output.prediction();
    }

    /** @return the physical log-variance {@link #LOG_VARIANCE}, or {@code null} for a model without one */
    public SDVariable logVariance() {
        return output.logVariance();
    }

    /** @return the model */
    public NeuralOperator model() {
        return model;
    }

    /** @return the normaliser */
    public Normalizer normalizer() {
        return normalizer;
    }

    private static SDIndex[] channelRange(int dims, int from, int to) {
        SDIndex[] idx = new SDIndex[2 + dims];
        java.util.Arrays.fill(idx, SDIndex.all());
        idx[1] = SDIndex.interval(from, to);
        return idx;
    }

    /**
     * Switches the model's dropout layers (no-op without dropout): on for training and Monte Carlo dropout, off
     * for deterministic evaluation.
     *
     * @param active whether dropout masks are drawn
     */
    public void setDropoutActive(boolean active) {
        model.setDropoutActive(sd, active);
    }

    /** @return whether the graph has a {@link #LOG_VARIANCE} output */
    public boolean heteroscedastic() {
        return model.heteroscedastic();
    }

    /** @return the SameDiff graph */
    public SameDiff sameDiff() {
        return sd;
    }

    /** @return grid of this graph */
    public int[] shape() {
        return shape.clone();
    }

    /** @return trainable arrays by name (live arrays, not copies) */
    public Map<String, INDArray> weights() {
        Map<String, INDArray> w = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                w.put(v.name(), v.getArr());
            }
        }
        return w;
    }

    /**
     * Copies saved weights into this graph's variables, by name.
     *
     * @param saved arrays by variable name
     * @throws IllegalArgumentException naming the variable if one is missing, unexpected or of another shape
     */
    public void loadWeights(Map<String, INDArray> saved) {
        Map<String, INDArray> own = weights();
        TreeSet<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(saved.keySet());
        TreeSet<String> extra = new TreeSet<>(saved.keySet());
        extra.removeAll(own.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException("saved weights do not match the model: missing " + missing
                    + ", unexpected " + extra);
        }
        for (Map.Entry<String, INDArray> e : own.entrySet()) {
            INDArray src = saved.get(e.getKey());
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("weight '" + e.getKey() + "' has shape "
                        + Arrays.toString(src.shape()) + " in the file but " + Arrays.toString(e.getValue().shape())
                        + " in the model");
            }
            e.getValue().assign(src.castTo(e.getValue().dataType()));
        }
    }

    /**
     * @param input physical input {@code [batch, inChannels, *space]} on this graph's grid
     * @return physical prediction {@code [batch, outChannels, *space]} (a new array)
     * @throws IllegalArgumentException if the input's shape does not fit the graph
     */
    public INDArray predict(INDArray input) {
        return outputs(input, PREDICTION).get(PREDICTION);
    }

    /**
     * @param input physical input {@code [batch, inChannels, *space]} on this graph's grid
     * @return mean prediction and log-variance (physical units) of a heteroscedastic model (new arrays)
     * @throws IllegalStateException if the model is not heteroscedastic
     */
    public INDArray[] predictMeanAndLogVariance(INDArray input) {
        if (!heteroscedastic()) {
            throw new IllegalStateException("the model has no log-variance output");
        }
        Map<String, INDArray> out = outputs(input, PREDICTION, LOG_VARIANCE);
        return new INDArray[] {out.get(PREDICTION), out.get(LOG_VARIANCE)};
    }

    private Map<String, INDArray> outputs(INDArray input, String... names) {
        long[] expected = TaskDataset.withLeading(shape, input.size(0), model.inChannels());
        if (!Arrays.equals(input.shape(), expected)) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(input.shape()) + " does not fit "
                    + "the model's graph, expected " + Arrays.toString(expected));
        }
        INDArray in = input.dataType() == DataType.FLOAT ? input : input.castTo(DataType.FLOAT);
        return outputs(Map.of(INPUT, in), names);
    }

    /**
     * Values of named graph variables for the given placeholders, copied out of SameDiff's memory (the arrays a
     * pass leaves unreleased are taken back right after it, see {@link IterationArrays}).
     *
     * @param placeholders a value for every placeholder the variables need
     * @param names        variables to compute
     * @return their values by name (new arrays)
     */
    public Map<String, INDArray> outputs(Map<String, INDArray> placeholders, String... names) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        ForwardExecutor fast = executor(names);
        if (fast != null) {
            fast.run(placeholders).forEach((k, v) -> out.put(k, v.dup()));
            return out;
        }
        Session session = session();
        try {
            sd.output(placeholders, names).forEach((k, v) -> out.put(k, v.dup()));
        } finally {
            session.endIteration();
        }
        return out;
    }

    /**
     * The executor for these outputs without SameDiff's per-op bookkeeping ({@link ForwardExecutor}), planned on
     * first use; {@code null} if the graph has an op it does not run, has listeners (they see SameDiff's ops), or if
     * the system property {@value #FORWARD_PROPERTY} is {@code samediff}.
     */
    private ForwardExecutor executor(String... names) {
        if (!ForwardExecutor.appliesTo(sd)) {
            return null;
        }
        List<String> key = List.of(names);
        synchronized (executors) {
            ForwardExecutor e = executors.computeIfAbsent(key, k -> new ForwardExecutor(sd, k));
            return e.supports() ? e : null;
        }
    }

    /**
     * This thread's inference session, installed on first use in place of SameDiff's default, so that the arrays a
     * forward pass leaves unreleased are taken back right after it (see {@link IterationArrays}); results must be
     * copied before {@link Session#endIteration()}.
     */
    private Session session() {
        long thread = Thread.currentThread().getId();
        InferenceSession s = sd.getSessions().get(thread);
        if (s instanceof Session own && !own.worn()) {
            return own;
        }
        if (s instanceof Session own) {
            own.arrays.close();
        }
        Session own = new Session(sd);
        sd.getSessions().put(thread, own);
        return own;
    }

    /**
     * An inference session whose arrays come from an {@link IterationArrays}. It is replaced after
     * {@value #SESSION_CALLS} forward passes, because a session remembers the id of every array it ever freed.
     */
    private static final class Session extends InferenceSession {
        static final int SESSION_CALLS = 1024;
        final IterationArrays arrays = new IterationArrays();
        private int calls;

        Session(SameDiff sd) {
            super(sd);
            setMmgr(arrays);
        }

        /** Ends a forward pass. */
        void endIteration() {
            calls++;
            arrays.endIteration();
        }

        boolean worn() {
            return calls >= SESSION_CALLS;
        }
    }

    /** @return output channels */
    public int outChannels() {
        return model.outChannels();
    }
}
