package dev.surrogate.bench;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.losses.LpLoss;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.Fno2d;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.DataParallel;
import dev.surrogate.operators.training.LossCombination;
import dev.surrogate.operators.training.SupervisedObjective;
import dev.surrogate.operators.training.SurrogateGraph;
import dev.surrogate.operators.training.TrainingGraph;
import dev.surrogate.operators.training.TrainingRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A benchmark problem shared by {@link FnoStepBenchmark}, {@link OperatorThroughput}, {@link OperatorProfile} and
 * {@link PeerThroughput}: the trainer's float32 graph of a {@link NeuralOperator} ({@link SurrogateGraph}: in-graph
 * normalisation, the model, the relative L2 loss that {@code train} uses by default), Adam at learning rate 1e-3
 * without weight decay (like the PyTorch peer), and one in-memory batch of smooth random fields (the numbers do
 * not matter for speed, only the shapes).
 */
public final class FnoWorkload {
    /** The PyTorch peer's learning rate. */
    static final double LEARNING_RATE = 1e-3;

    private final Fno1d.Config config;
    private final NeuralOperator model;
    private final int nx;
    private final int batch;
    private final int[] shape;
    private final SurrogateGraph graph;
    private final SameDiff sd;
    private final String outputName;
    private final DataSet data;
    private final Map<String, INDArray> inferenceInput;
    private final org.nd4j.linalg.dataset.api.MultiDataSet batchData;
    private TrainingRun run;
    private DataParallel parallel;
    private List<Map<String, INDArray>> parts;
    private int[] sizes;
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
        this(model, model instanceof Fno1d f ? f.hyperParameters() : null, shape, batch);
    }

    /**
     * The models of the PyTorch peer ({@code shared/anchors/bench_torch_fno.py}) at batch 20: {@code fno1d} is
     * the Burgers FNO (width 64, 16 modes, 4 layers, nx 256, 1 channel in), {@code fno2d} the Navier-Stokes FNO
     * (width 20, 12 modes, 4 layers, 64 x 64, 10 snapshots in; both add the grid coordinates as channels).
     *
     * @param model {@code fno1d} or {@code fno2d}
     * @return the workload
     * @throws IllegalArgumentException for another name
     */
    public static FnoWorkload peerModel(String model) {
        switch (model) {
            case "fno1d":
                return new FnoWorkload(Fno1d.Config.defaults(1, 1), 256, 20);
            case "fno2d":
                return new FnoWorkload(new Fno2d(Fno2d.Config.defaults(10, 1)), new int[] {64, 64}, 20);
            default:
                throw new IllegalArgumentException("unknown benchmark model '" + model + "'; expected fno1d or fno2d");
        }
    }

    private FnoWorkload(NeuralOperator model, Fno1d.Config config, int[] shape, int batch) {
        this.config = config;
        this.model = model;
        this.nx = shape[shape.length - 1];
        this.batch = batch;
        this.shape = shape.clone();
        if (model.heteroscedastic()) {
            throw new IllegalArgumentException("the benchmark workload takes a model with a plain output");
        }
        double[] lengths = new double[shape.length];
        java.util.Arrays.fill(lengths, 1.0);
        graph = SurrogateGraph.build(model,
                Normalizer.identity(model.inChannels(), model.outChannels()), shape.clone());
        // the supervised objective's terms need no data beyond the graph's own shapes
        TrainingGraph.build(graph, new SupervisedObjective(LpLoss.relative(2, lengths)), null,
                LossCombination.sum(), 0);
        sd = graph.sameDiff();
        outputName = SurrogateGraph.PREDICTION;
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Adam(LEARNING_RATE))
                .dataSetFeatureMapping(SurrogateGraph.INPUT)
                .dataSetLabelMapping(SupervisedObjective.TARGET)
                .minimize(TrainingGraph.LOSS)
                .build());
        Nd4jRuntime.createGradients(sd);
        INDArray x = smoothFields(dims(batch, model.inChannels()), 1);
        INDArray y = smoothFields(dims(batch, model.outChannels()), 2);
        data = new DataSet(x, y);
        batchData = new org.nd4j.linalg.dataset.MultiDataSet(x, y);
        inferenceInput = Map.of(SurrogateGraph.INPUT, x);
    }

    /**
     * Trains data-parallel from now on, as the {@code Trainer} does with more than one thread: the batch split into
     * {@code n} nearly equal parts whose gradients {@code n} copies of the graph compute at once
     * ({@link DataParallel}); the caller sets ND4J's own threads (the trainer uses 1 per graph).
     *
     * @param n graphs, at least 2
     */
    public void useReplicas(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("data parallelism needs at least 2 graphs, got " + n);
        }
        if (run == null) {
            run = new TrainingRun(sd);
        }
        List<TrainingRun> runs = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            runs.add(new TrainingRun(new FnoWorkload(model, config, shape, batch).sd));
        }
        parallel = new DataParallel(run, runs);
        int[] all = new int[batch];
        java.util.Arrays.setAll(all, i -> i);
        List<int[]> split = parallel.split(all);
        parts = new ArrayList<>();
        sizes = new int[split.size()];
        INDArray x = data.getFeatures();
        INDArray y = data.getLabels();
        for (int i = 0; i < split.size(); i++) {
            int[] p = split.get(i);
            org.nd4j.linalg.indexing.INDArrayIndex rows = org.nd4j.linalg.indexing.NDArrayIndex.interval(p[0],
                    p[p.length - 1] + 1);
            parts.add(Map.of(SurrogateGraph.INPUT, x.get(rows).dup(), SupervisedObjective.TARGET, y.get(rows).dup()));
            sizes[i] = p.length;
        }
    }

    /**
     * One Adam step on the batch through a {@link TrainingRun} kept for the workload's lifetime, as the
     * {@code Trainer} does (data-parallel after {@link #useReplicas}).
     *
     * @return the loss before the step
     */
    public double trainStep() {
        if (run == null) {
            run = new TrainingRun(sd);
        }
        if (parallel != null) {
            return parallel.step(parts, sizes)[0];
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
     * One forward pass of the batch as {@code predict} and {@code evaluate} do it ({@link SurrogateGraph#predict}).
     *
     * @return the prediction {@code [batch, outChannels, *grid]}
     */
    public INDArray infer() {
        return graph.predict(data.getFeatures());
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
