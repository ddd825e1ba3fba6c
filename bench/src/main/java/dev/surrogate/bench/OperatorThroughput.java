package dev.surrogate.bench;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.models.Fno1d;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A timed harness (not JMH) for the FNO-1D throughput numbers of the docs: training samples/s, inference
 * samples/s, the effective GFLOP/s of both, and ND4J's sgemm GFLOP/s on a 512 x 512 product for comparison.
 * Medians of repeated timed blocks after a warm-up long enough for the JIT (the first ~150 steps are slow).
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 java -cp "bench/target/bench.jar:bench/target/lib/*"
 * dev.surrogate.bench.OperatorThroughput [threads] [nx] [batch] [width] [modes] [layers] [blasThreads]}.
 * Training steps go through a {@link dev.surrogate.operators.training.TrainingRun} as in the trainer;
 * {@code -Doperator.train=fit} times {@code sd.fit(DataSet)} per step instead (the former way, for comparison).
 */
public final class OperatorThroughput {
    private OperatorThroughput() {
    }

    /**
     * @param args optional: threads (default {@link Nd4jRuntime#DEFAULT_THREADS}), nx 256, batch 20, width 64,
     *             modes 16, layers 4
     */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Nd4jRuntime.DEFAULT_THREADS;
        int nx = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int width = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int modes = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        int layers = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        int blasThreads = args.length > 6 ? Integer.parseInt(args[6]) : threads;
        Nd4jRuntime.init(threads);
        // an experiment knob: BLAS threads apart from ND4J's own loop threads
        Nd4j.factory().blas().setMaxThreads(blasThreads);
        System.out.printf(Locale.ROOT, "threads=%d blasThreads=%d OMP_NUM_THREADS=%s OMP_WAIT_POLICY=%s%n", threads,
                blasThreads, System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"));

        double gemm = sgemmGflops(512, 200);
        System.out.printf(Locale.ROOT, "sgemm 512x512: %.1f GFLOP/s%n", gemm);

        Fno1d.Config cfg = Fno1d.Config.defaults(1, 1).withWidth(width).withModes(modes).withLayers(layers);
        FnoWorkload w = new FnoWorkload(cfg, nx, batch);
        boolean viaFit = "fit".equals(System.getProperty("operator.train", "run"));
        Runnable step = viaFit ? w::fitStep : w::trainStep;
        System.out.println("training steps via " + (viaFit ? "sd.fit(DataSet) per step" : "TrainingRun"));
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        double[] train = time(step, 200, 5, 40);
        double trainCores = (processCpuNanos() - cpu0) / (double) (System.nanoTime() - wall0);
        double trainThreadCpu = threadCpuPerCall(step, 40);
        cpu0 = processCpuNanos();
        wall0 = System.nanoTime();
        double[] infer = time(w::infer, 200, 5, 100);
        double inferCores = (processCpuNanos() - cpu0) / (double) (System.nanoTime() - wall0);
        double inferThreadCpu = threadCpuPerCall(w::infer, 100);
        double trainSec = median(train);
        double inferSec = median(infer);
        System.out.printf(Locale.ROOT, "FNO-1D width %d modes %d layers %d nx %d batch %d float32%n", width, modes,
                layers, nx, batch);
        System.out.printf(Locale.ROOT, "train: %.2f ms/step, %.0f samples/s (blocks %s), %.1f GFLOP/s effective%n",
                1e3 * trainSec, batch / trainSec, range(train, batch), w.trainFlops() / trainSec / 1e9);
        System.out.printf(Locale.ROOT, "infer: %.2f ms/batch, %.0f samples/s (blocks %s), %.1f GFLOP/s effective%n",
                1e3 * inferSec, batch / inferSec, range(infer, batch), w.forwardFlops() / inferSec / 1e9);
        System.out.printf(Locale.ROOT, "cores busy (process CPU / wall): train %.2f, infer %.2f%n", trainCores,
                inferCores);
        // with one thread all work runs on the calling thread: its CPU time is what an idle core would take
        System.out.printf(Locale.ROOT, "calling-thread CPU: train %.2f ms/step (%.0f samples/s), infer %.2f ms/batch "
                + "(%.0f samples/s)%n", 1e3 * trainThreadCpu, batch / trainThreadCpu, 1e3 * inferThreadCpu,
                batch / inferThreadCpu);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "heap used %.0f MB, peak resident set %s; forward %.1f MFLOP per batch%n",
                (rt.totalMemory() - rt.freeMemory()) / 1e6, peakResident(), w.forwardFlops() / 1e6);
    }

    /** @return seconds per call for each of {@code blocks} blocks of {@code perBlock} calls, after warm-up */
    static double[] time(Runnable r, int warmup, int blocks, int perBlock) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        double[] t = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perBlock; i++) {
                r.run();
            }
            t[b] = (System.nanoTime() - t0) / 1e9 / perBlock;
        }
        return t;
    }

    /** @return VmHWM from /proc/self/status (Linux), the peak resident memory including ND4J's off-heap buffers */
    private static String peakResident() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static double threadCpuPerCall(Runnable r, int calls) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            r.run();
        }
        return (mx.getCurrentThreadCpuTime() - t0) / 1e9 / calls;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    static double sgemmGflops(int n, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double[] t = time(() -> a.mmuli(b, c), 20, 5, reps / 5);
        return 2.0 * n * n * n / median(t) / 1e9;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String range(double[] secPerCall, int batch) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double t : secPerCall) {
            lo = Math.min(lo, batch / t);
            hi = Math.max(hi, batch / t);
        }
        return String.format(Locale.ROOT, "%.0f-%.0f", lo, hi);
    }
}
