package dev.surrogate.operators.training;

import dev.surrogate.operators.data.BatchIterator;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.NeuralOperator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The graph of a model for one grid size: input placeholder, input normalisation, the model's forward pass,
 * output de-normalisation and optionally a loss against a target placeholder. Trainable variables keep the model's
 * names, so weights move between graphs of different grid sizes by name.
 */
public final class SurrogateGraph {
    /** Placeholder of the physical input {@code [batch, inChannels, *space]}. */
    public static final String INPUT = "input";
    /** Placeholder of the physical target {@code [batch, outChannels, *space]}. */
    public static final String TARGET = "target";
    /** Prediction in physical units {@code [batch, outChannels, *space]}. */
    public static final String PREDICTION = "prediction";
    /** Scalar loss. */
    public static final String LOSS = "loss";
    /** Predicted log-variance in physical units squared, heteroscedastic models only. */
    public static final String LOG_VARIANCE = "log_variance";

    private final SameDiff sd;
    private final NeuralOperator model;
    private final int[] shape;
    private final int inChannels;
    private final int outChannels;
    private final boolean hasLoss;

    private SurrogateGraph(SameDiff sd, NeuralOperator model, int[] shape, int inChannels, int outChannels,
            boolean hasLoss) {
        this.sd = sd;
        this.model = model;
        this.shape = shape.clone();
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.hasLoss = hasLoss;
    }

    /**
     * Builds the graph. New trainable variables are initialised from ND4J's global generator, so seed it first
     * ({@code Nd4j.getRandom().setSeed}) for reproducible initial weights. Dropout starts switched off (see
     * {@link #setDropoutActive}).
     *
     * <p>A heteroscedastic model's raw output {@code [batch, 2 C, *space]} is split into the mean (first C
     * channels), de-normalised into {@link #PREDICTION}, and the log-variance, shifted by {@code 2 log std_out} into
     * physical units as {@link #LOG_VARIANCE}.
     *
     * @param model      the operator
     * @param normalizer channel counts must match the model's
     * @param shape      grid {@code {nx}} or {@code {ny, nx}}
     * @param loss       loss to add, or {@code null} for an inference-only graph
     * @return the graph
     * @throws IllegalArgumentException if the model, normaliser and grid disagree
     */
    public static SurrogateGraph build(NeuralOperator model, Normalizer normalizer, int[] shape, Loss loss) {
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
        SDVariable z = model.forward(sd, normalizer.encodeInput(sd, in, dims), shape.clone());
        model.setDropoutActive(sd, false);
        int c = model.outChannels();
        SDVariable logVar = null;
        if (model.heteroscedastic()) {
            SDVariable mean = z.get(channelRange(dims, 0, c));
            logVar = normalizer.decodeLogVariance(sd, z.get(channelRange(dims, c, 2 * c)), dims)
                    .rename(LOG_VARIANCE);
            z = mean;
        }
        SDVariable prediction = normalizer.decodeOutput(sd, z, dims).rename(PREDICTION);
        if (loss != null) {
            SDVariable target = sd.placeHolder(TARGET, DataType.FLOAT, TaskDataset.withLeading(shape, -1, c));
            SDVariable l = logVar == null ? loss.apply(sd, prediction, target, shape.clone())
                    : loss.apply(sd, prediction, logVar, target, shape.clone());
            l.rename(LOSS);
            sd.setLossVariables(LOSS);
        }
        return new SurrogateGraph(sd, model, shape, model.inChannels(), c, loss != null);
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
        long[] expected = TaskDataset.withLeading(shape, input.size(0), inChannels);
        if (!Arrays.equals(input.shape(), expected)) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(input.shape()) + " does not fit "
                    + "the model's graph, expected " + Arrays.toString(expected));
        }
        INDArray in = input.dataType() == DataType.FLOAT ? input : input.castTo(DataType.FLOAT);
        Map<String, INDArray> out = new LinkedHashMap<>();
        Session session = session();
        try {
            sd.output(Map.of(INPUT, in), names).forEach((k, v) -> out.put(k, v.dup()));
        } finally {
            session.endIteration();
        }
        return out;
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

    /**
     * Mean loss over a dataset (weighted by batch size, so it is the mean over pairs for a per-pair loss).
     *
     * @param data      pairs on this graph's grid
     * @param batchSize pairs per forward pass
     * @return mean loss
     */
    public double meanLoss(TaskDataset data, int batchSize) {
        if (!hasLoss) {
            throw new IllegalStateException("graph was built without a loss");
        }
        BatchIterator it = new BatchIterator(data, batchSize, false, 0);
        Session session = session();
        double sum = 0;
        long n = 0;
        while (it.hasNext()) {
            MultiDataSet b = it.next();
            long size = b.getFeatures(0).size(0);
            try {
                sum += size * sd.output(Map.of(INPUT, b.getFeatures(0), TARGET, b.getLabels(0)), LOSS).get(LOSS)
                        .getDouble(0);
            } finally {
                session.endIteration();
                BatchIterator.close(b);
            }
            n += size;
        }
        return sum / n;
    }

    /** @return output channels */
    public int outChannels() {
        return outChannels;
    }
}
