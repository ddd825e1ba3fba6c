package dev.surrogate.bench;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.TrainingRun;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A benchmark problem shared by {@link FnoStepBenchmark}, {@link OperatorThroughput} and {@link OperatorProfile}:
 * a float32 graph of a {@link NeuralOperator} with an MSE loss, Adam, and one in-memory batch of smooth random
 * fields (the numbers do not matter for speed, only the shapes).
 */
public final class FnoWorkload {
    private final Fno1d.Config config;
    private final int nx;
    private final int batch;
    private final int[] shape;
    private final SameDiff sd;
    private final String outputName;
    private final DataSet data;
    private final Map<String, INDArray> inferenceInput;
    private final org.nd4j.linalg.dataset.api.MultiDataSet batchData;
    private TrainingRun run;
    private DataSet repeated;

    /**
     * @param config model
     * @param nx     grid points
     * @param batch  batch size
     */
    public FnoWorkload(Fno1d.Config config, int nx, int batch) {
        this(new Fno1d(config), config, new int[] {nx}, batch);
    }

    /**
     * Any operator (the FLOP counts then only cover the FNO-1D; they are NaN otherwise).
     *
     * @param model operator
     * @param shape grid {@code {nx}} or {@code {ny, nx}}
     * @param batch batch size
     */
    public FnoWorkload(NeuralOperator model, int[] shape, int batch) {
        this(model, null, shape, batch);
    }

    private FnoWorkload(NeuralOperator model, Fno1d.Config config, int[] shape, int batch) {
        this.config = config;
        this.nx = shape[shape.length - 1];
        this.batch = batch;
        this.shape = shape.clone();
        sd = SameDiff.create();
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, dims(-1, model.inChannels()));
        int outChannels = model.heteroscedastic() ? 2 * model.outChannels() : model.outChannels();
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, dims(-1, outChannels));
        SDVariable out = model.forward(sd, input, shape.clone());
        outputName = out.name();
        SDVariable loss = sd.loss().meanSquaredError("loss", label, out, null);
        loss.markAsLoss();
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Adam(1e-3))
                .dataSetFeatureMapping("input")
                .dataSetLabelMapping("label")
                .build());
        Nd4jRuntime.createGradients(sd);
        INDArray x = smoothFields(dims(batch, model.inChannels()), 1);
        INDArray y = smoothFields(dims(batch, outChannels), 2);
        data = new DataSet(x, y);
        batchData = new org.nd4j.linalg.dataset.MultiDataSet(x, y);
        inferenceInput = Map.of("input", x);
    }

    /**
     * One Adam step on the batch through a {@link TrainingRun} kept for the workload's lifetime, as the
     * {@code Trainer} does.
     *
     * @return the loss before the step
     */
    public double trainStep() {
        if (run == null) {
            run = new TrainingRun(sd);
        }
        return run.step(batchData);
    }

    /**
     * One Adam step through {@code sd.fit(DataSet)}, which sets up a new training session per call (the way the
     * trainer worked before {@link TrainingRun}; its per-call caches wait for the garbage collector).
     */
    public void fitStep() {
        sd.fit(data);
    }

    /**
     * {@code steps} Adam steps in one {@code sd.fit} call over an iterator that repeats the batch: SameDiff's
     * per-call set-up (training session, iterator wrapping, history) is paid once per call.
     *
     * @param steps number of steps
     */
    public void fitSteps(int steps) {
        sd.fit(new ViewIterator(repeated(steps), batch), 1);
    }

    private DataSet repeated(int steps) {
        if (repeated == null || repeated.numExamples() != steps * batch) {
            INDArray[] f = new INDArray[steps];
            INDArray[] l = new INDArray[steps];
            for (int i = 0; i < steps; i++) {
                f[i] = data.getFeatures();
                l[i] = data.getLabels();
            }
            repeated = new DataSet(Nd4j.concat(0, f), Nd4j.concat(0, l));
        }
        return repeated;
    }

    /**
     * One forward pass of the batch.
     *
     * @return the prediction {@code [batch, outChannels, nx]}
     */
    public INDArray infer() {
        return sd.output(inferenceInput, outputName).get(outputName);
    }

    /** @return the training graph */
    public SameDiff graph() {
        return sd;
    }

    /** @return the in-memory batch */
    public DataSet data() {
        return data;
    }

    /** @return the inference placeholders */
    public Map<String, INDArray> inferenceInput() {
        return inferenceInput;
    }

    /** @return name of the model's output variable */
    public String outputName() {
        return outputName;
    }

    /** @return batch size */
    public int batch() {
        return batch;
    }

    /**
     * Multiply-add count (times 2) of the matrix products of one forward pass of the batch; elementwise work is
     * not counted, so this underestimates the true work slightly.
     *
     * @return floating-point operations of the forward pass
     */
    public double forwardFlops() {
        if (config == null) {
            return Double.NaN;
        }
        double rows = (double) nx * batch;
        double w = config.width();
        double m = config.modes();
        double lift = rows * (config.inChannels() + 1) * w;
        double perLayer = 2 * m * nx * batch * w // forward DFT
                + 2 * (2 * m * batch * w * w)    // complex mode product, two batched matmuls
                + nx * 2 * m * batch * w         // inverse DFT
                + rows * w * w;                  // pointwise path
        double proj = rows * w * config.projectionWidth() + rows * config.projectionWidth() * config.outChannels();
        return 2 * (lift + config.layers() * perLayer + proj);
    }

    /**
     * @return floating-point operations of a training step, counted as three forward passes (the backward pass of
     *         a matrix product costs two)
     */
    public double trainFlops() {
        return 3 * forwardFlops();
    }

    private long[] dims(long b, long channels) {
        long[] d = new long[2 + shape.length];
        d[0] = b;
        d[1] = channels;
        for (int i = 0; i < shape.length; i++) {
            d[2 + i] = shape[i];
        }
        return d;
    }

    /** Fields varying along x (and constant along y): smooth, which is all a speed test needs. */
    private static INDArray smoothFields(long[] dims, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int nx = (int) dims[dims.length - 1];
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        float[] v = new float[Math.toIntExact(count)];
        for (int s = 0; s < v.length / nx; s++) {
            double a1 = rng.nextDouble(-1, 1);
            double a2 = rng.nextDouble(-0.5, 0.5);
            double p = rng.nextDouble(0, 2 * Math.PI);
            for (int i = 0; i < nx; i++) {
                double x = 2 * Math.PI * i / nx;
                v[s * nx + i] = (float) (a1 * Math.sin(x + p) + a2 * Math.cos(3 * x));
            }
        }
        return Nd4j.create(v, dims, 'c');
    }
}
