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
 * its JIT compiler to finish, so training is warmed up for at least {@code -Dpeer.warmup=15} seconds (and 5
 * steps), and inference for a third of that. What is timed afterwards is the speed a long training run sees.
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
        int steps = model.equals("fno2d") ? 20 : 50;
        warmUp(w::trainStep, warmupSeconds);
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            w.trainStep();
        }
        double train = (System.nanoTime() - t0) / 1e9 / steps;
        warmUp(w::infer, warmupSeconds / 3);
        t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            w.infer();
        }
        double infer = (System.nanoTime() - t0) / 1e9 / steps;
        String name = model.equals("fno2d") ? "FNO2d w20 m12 L4 64^2 cin12" : "FNO1d w64 m16 L4 nx256";
        int b = w.batch();
        System.out.printf(Locale.ROOT, "surrogate threads=%d %s b%d: train %.0f samples/s (%.1f ms/step), infer %.0f "
                + "samples/s%n", threads, name, b, b / train, 1e3 * train, b / infer);
    }

    /** Runs {@code r} for at least {@code seconds} and at least 5 times. */
    private static void warmUp(Runnable r, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        while (n < 5 || System.nanoTime() < end) {
            r.run();
            n++;
        }
    }
}
