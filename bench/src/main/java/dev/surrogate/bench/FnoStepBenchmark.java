package dev.surrogate.bench;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.models.Fno1d;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH throughput of the FNO-1D benchmark model (width 64, 16 modes, 4 layers, nx 256, float32) at batch 20, in
 * samples per second: one Adam step through a persistent {@code TrainingRun} as in the trainer ({@link #train}) and
 * one forward pass ({@link #infer}); plus a 512 x 512 sgemm in operations per second (x 0.268 = GFLOP/s) for
 * comparison.
 *
 * <p>Run (threads: the {@code threads} parameter for ND4J and OpenBLAS; set the OpenMP environment to match):
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * OMP_NUM_THREADS=1 java -cp "bench/target/bench.jar:bench/target/lib/*" org.openjdk.jmh.Main FnoStepBenchmark
 * OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE java -cp "bench/target/bench.jar:bench/target/lib/*" \
 *     org.openjdk.jmh.Main FnoStepBenchmark -p threads=2
 * </pre>
 * A comparison with the PyTorch CPU peer of this architecture only means something in the same run on the same
 * machine: {@code bench/scripts/fno-vs-torch.sh} runs both interleaved and prints their ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class FnoStepBenchmark {
    /** Batch size, also the operations per invocation (so the score is samples/s). */
    static final int BATCH = 20;

    /** ND4J and OpenBLAS threads. */
    @Param("1")
    public int threads;

    /** Grid points. */
    @Param("256")
    public int nx;

    private FnoWorkload workload;
    private INDArray a;
    private INDArray b;
    private INDArray c;

    /** Builds the graph and the GEMM operands. */
    @Setup(Level.Trial)
    public void setUp() {
        Nd4jRuntime.init(threads);
        workload = new FnoWorkload(Fno1d.Config.defaults(1, 1), nx, BATCH);
        a = Nd4j.rand(DataType.FLOAT, 512, 512);
        b = Nd4j.rand(DataType.FLOAT, 512, 512);
        c = Nd4j.create(DataType.FLOAT, 512, 512);
    }

    /**
     * One Adam step on a batch of 20.
     *
     * @return the loss (consumed by JMH)
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double train() {
        return workload.trainStep();
    }

    /**
     * One forward pass of a batch of 20.
     *
     * @return the prediction (consumed by JMH)
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public INDArray infer() {
        return workload.infer();
    }

    /**
     * A 512 x 512 x 512 float32 matrix product (2 * 512^3 = 0.268 GFLOP).
     *
     * @return the product (consumed by JMH)
     */
    @Benchmark
    public INDArray sgemm512() {
        return a.mmuli(b, c);
    }
}
