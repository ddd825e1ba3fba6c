package dev.surrogate.bench;

import dev.surrogate.operators.Nd4jRuntime;
import java.util.Locale;

/**
 * Our side of the side-by-side comparison with the PyTorch peer {@code shared/anchors/bench_torch_fno.py}: the same
 * models, batch and optimiser ({@link FnoWorkload#peerModel}), timed the way the peer times itself (the mean over
 * 50 training steps for the FNO-1D, 20 for the FNO-2D, then as many forward passes), and printed as one line in the
 * peer's format. The comparison script {@code bench/scripts/fno-vs-torch.sh} runs both in turn.
 *
 * <p>The one difference from the peer's protocol is the warm-up: the peer warms up with 5 steps; the JVM needs
 * its JIT compiler to finish, which takes about 150 training steps of SameDiff's bookkeeping code (measured: the
 * process CPU time per FNO-1D step falls from about 230 ms in the first 50 steps to about 100 ms after 100), so
 * training is warmed up for at least 300 steps of the FNO-1D or 30 of the FNO-2D (too few on their own: the
 * JIT was still busy after 30) and at least {@code -Dpeer.warmup=15} seconds, inference for at least 250
 * or 40 forward passes (the FNO-1D forward pass took 60 ms of process CPU after 50 passes, 26 ms after 250, all of
 * the difference in the JIT's threads) and a third of that time, and in both cases on until the JIT compiler is
 * idle (see {@link #warmUp}). What is timed afterwards is the speed a long training run or evaluation sees.
 *
 * <p>With more than one thread, training runs data-parallel as the trainer does ({@code DataParallel}: the batch
 * split among that many copies of the graph, each on one thread); inference uses ND4J's threads within each op.
 *
 * <p>A second line gives the same rates per second of this process's CPU time (all its threads): on a machine
 * shared with other jobs that figure does not depend on how much of a core the scheduler gave the process, and at
 * one thread it is what an idle core would do. {@code bench/scripts/peer_cpu_time.py} prints the same for the peer.
 *
 * <p>Run: {@code OMP_WAIT_POLICY=PASSIVE java -cp "bench/target/bench.jar:bench/target/lib/*"
 * dev.surrogate.bench.PeerThroughput THREADS fno1d|fno2d}.
 */
public final class PeerThroughput {
    private PeerThroughput() {
    }

    /** @param args thread count (ND4J loops and OpenBLAS), model {@code fno1d} or {@code fno2d} */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: PeerThroughput THREADS fno1d|fno2d");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[0]);
        String model = args[1];
        double warmupSeconds = Double.parseDouble(System.getProperty("peer.warmup", "15"));
        Nd4jRuntime.init(threads);
        FnoWorkload w = FnoWorkload.peerModel(model);
        boolean twoD = model.equals("fno2d");
        int steps = twoD ? 20 : 50;
        if (threads > 1) {
            // as the trainer does: one graph per thread on its part of the batch, each graph's ops on one thread
            Nd4jRuntime.init(1);
            w.useReplicas(threads);
        }
        warmUp(w::trainStep, twoD ? 30 : 300, warmupSeconds);
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            w.trainStep();
        }
        double train = (System.nanoTime() - t0) / 1e9 / steps;
        double trainCpu = (processCpuNanos() - c0) / 1e9 / steps;
        Nd4jRuntime.init(threads);
        warmUp(w::infer, twoD ? 40 : 250, warmupSeconds / 3);
        c0 = processCpuNanos();
        t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            w.infer();
        }
        double infer = (System.nanoTime() - t0) / 1e9 / steps;
        double inferCpu = (processCpuNanos() - c0) / 1e9 / steps;
        String name = model.equals("fno2d") ? "FNO2d w20 m12 L4 64^2 cin12" : "FNO1d w64 m16 L4 nx256";
        int b = w.batch();
        System.out.printf(Locale.ROOT, "surrogate threads=%d %s b%d: train %.0f samples/s (%.1f ms/step), infer %.0f "
                + "samples/s%n", threads, name, b, b / train, 1e3 * train, b / infer);
        System.out.printf(Locale.ROOT, "per CPU second: train %.0f samples/s (%.1f ms CPU/step), infer %.0f samples/s%n",
                b / trainCpu, 1e3 * trainCpu, b / inferCpu);
    }

    /** @return CPU time of all threads of this process, nanoseconds */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }

    /**
     * Runs {@code r} at least {@code times} times and for at least {@code seconds}, then on until the JIT compiler is
     * idle: until the compilation time of the last {@value #SETTLE_WINDOW} runs is below {@value #SETTLE_SHARE} of
     * their wall time (measured: after 30 FNO-2D training steps the C2 compiler thread still burnt 145 ms of CPU per
     * 500 ms step, after 150 steps 1.7 ms), at most {@value #SETTLE_LIMIT} times the minimum run count more.
     */
    private static void warmUp(Runnable r, int times, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        while (n < times || System.nanoTime() < end) {
            r.run();
            n++;
        }
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        for (int extra = 0; extra < SETTLE_LIMIT * times; extra += SETTLE_WINDOW) {
            long c0 = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < SETTLE_WINDOW; i++) {
                r.run();
            }
            double compileMs = jit.getTotalCompilationTime() - c0;
            double wallMs = (System.nanoTime() - t0) / 1e6;
            if (compileMs < SETTLE_SHARE * wallMs) {
                return;
            }
        }
    }

    /** Runs per check of the JIT's activity. */
    private static final int SETTLE_WINDOW = 10;
    /** Largest share of the wall time the JIT may still take when the warm-up ends. */
    private static final double SETTLE_SHARE = 0.02;
    /** Largest number of further runs, in units of the minimum run count. */
    private static final int SETTLE_LIMIT = 10;
}
