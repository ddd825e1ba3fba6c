package dev.surrogate.bench;

import dev.surrogate.operators.ForwardExecutor;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.training.SurrogateGraph;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.ListenerVariables;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where the time of an FNO training step and forward pass goes (the trainer's graph, {@link FnoWorkload}): CPU time of the calling thread per op type inside SameDiff's
 * executor (and the rest, i.e. SameDiff's own bookkeeping and the updater), averaged over steps after a warm-up; and
 * the forward pass op by op in {@link ForwardExecutor} ({@link ForwardExecutor#setProfiling}).
 * Thread CPU time rather than wall time, so other processes on a shared machine do not inflate the numbers; it is
 * only complete with one thread (ND4J and OpenBLAS then compute in the calling thread).
 *
 * <p>Run: {@code java -cp "bench/target/bench.jar:bench/target/lib/*" dev.surrogate.bench.OperatorProfile
 * [threads] [steps] [fno1d|fno2d]}; {@code -Dprofile.warmup=N} untimed steps first (default 150, enough for the
 * JIT), {@code -Dprofile.rows=N} rows per table, {@code -Dprofile.instances=true} one row per op instance.
 */
public final class OperatorProfile {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** {@code -Dprofile.instances=true}: one row per op instance instead of per op type. */
    private static final boolean BY_INSTANCE = Boolean.getBoolean("profile.instances");
    private OperatorProfile() {
    }

    /** @param args optional thread count, number of profiled steps, model ({@code fno1d}, {@code fno2d}) */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Nd4jRuntime.DEFAULT_THREADS;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String model = args.length > 2 ? args[2] : "fno1d";
        Nd4jRuntime.init(threads);
        FnoWorkload w = FnoWorkload.peerModel(model);
        int warmup = Integer.getInteger("profile.warmup", 150);
        for (int i = 0; i < warmup; i++) {
            w.trainStep();
        }
        OpTimer timer = new OpTimer();
        SameDiff sd = w.graph();
        sd.setListeners(timer);
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < steps; i++) {
            w.trainStep();
        }
        double total = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
        sd.setListeners();
        report("training step (TrainingRun, as the trainer)", timer.byOp, total, steps);

        OpTimer it = new OpTimer();
        sd.setListeners(it);
        t0 = CPU.getCurrentThreadCpuTime();
        w.fitSteps(steps);
        total = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
        sd.setListeners();
        report("training step (one sd.fit over an iterator)", it.byOp, total, steps);

        OpTimer inf = new OpTimer();
        sd.setListeners(inf);
        System.setProperty(SurrogateGraph.FORWARD_PROPERTY, "samediff");
        t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < steps; i++) {
            w.infer();
        }
        total = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
        System.clearProperty(SurrogateGraph.FORWARD_PROPERTY);
        sd.setListeners();
        report("inference through SameDiff (sd.output)", inf.byOp, total, steps);

        for (int i = 0; i < warmup / 3; i++) {
            w.infer();
        }
        t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < steps; i++) {
            w.infer();
        }
        total = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "inference through ForwardExecutor (as predict and evaluate run it): %.2f ms CPU "
                + "per step%n", total);

        // the same pass op by op (a separate executor on the same graph, so the timing does not touch predict's)
        ForwardExecutor fx = new ForwardExecutor(sd, List.of(w.outputName()));
        for (int i = 0; i < warmup / 3; i++) {
            fx.run(w.inferenceInput());
        }
        fx.setProfiling(true);
        for (int i = 0; i < steps; i++) {
            fx.run(w.inferenceInput());
        }
        Map<String, long[]> byType = new HashMap<>();
        double inOps = 0;
        for (ForwardExecutor.OpTime t : fx.profile()) {
            long[] acc = byType.computeIfAbsent(BY_INSTANCE ? t.op() : t.type(), k -> new long[2]);
            acc[0] += Math.round(t.millis() * 1e6 * steps);
            acc[1] += steps;
            inOps += t.millis();
        }
        report("inference through ForwardExecutor, op by op", byType, inOps, steps);
    }

    /** @param byOp per op (type or instance) its CPU nanoseconds over {@code steps} steps and its calls */
    private static void report(String what, Map<String, long[]> byOp, double totalMs, int steps) {
        System.out.printf(Locale.ROOT, "%s: %.2f ms CPU per step%n", what, totalMs);
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(byOp.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        double inOps = 0;
        int shown = 0;
        for (Map.Entry<String, long[]> e : rows) {
            double ms = e.getValue()[0] / 1e6 / steps;
            inOps += ms;
            if (++shown > Integer.getInteger("profile.rows", 40)) {
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-28s %7.2f ms %5.1f %%  (%d calls/step)%n", e.getKey(), ms,
                    100 * ms / totalMs, e.getValue()[1] / steps);
        }
        System.out.printf(Locale.ROOT, "  %-28s %7.2f ms %5.1f %%%n", "(outside ops)", totalMs - inOps,
                100 * (totalMs - inOps) / totalMs);
    }

    /** Accumulates wall time between the pre- and post-execution callbacks of every op. */
    private static final class OpTimer extends BaseListener {
        final Map<String, long[]> byOp = new HashMap<>();
        private long start;

        @Override
        public ListenerVariables requiredVariables(SameDiff sd) {
            return ListenerVariables.empty();
        }

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
            start = CPU.getCurrentThreadCpuTime();
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                                INDArray[] outputs) {
            String key = BY_INSTANCE ? op.getName() : op.getOp().opName();
            long[] acc = byOp.computeIfAbsent(key, k -> new long[2]);
            acc[0] += CPU.getCurrentThreadCpuTime() - start;
            acc[1]++;
        }
    }
}
