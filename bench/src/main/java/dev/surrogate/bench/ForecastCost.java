package dev.surrogate.bench;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.training.Predictor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What Monte Carlo dropout with per-row seeded masks costs (a timed harness, not JMH): forward passes of a trained
 * model with dropout, as inputs per second, (a) deterministic, (b) dropout masks from ND4J's generator (one stream
 * for the whole batch, batch-dependent), (c) per-row masks drawn in Java from each row's seed
 * ({@code Predictor.predict(input, seeds)}, what the forecasters use), (d) the batch-independent alternative of one
 * input per forward pass. Medians of timed blocks after a warm-up, the variants' blocks interleaved.
 *
 * <p>Run: {@code java -cp "bench/target/bench.jar:bench/target/lib/*" dev.surrogate.bench.ForecastCost MODEL_DIR
 * [batch] [blocks]}.
 */
public final class ForecastCost {
    private ForecastCost() {
    }

    /** @param args model directory (with dropout), batch size (default 20), timed blocks (default 7) */
    public static void main(String[] args) {
        Nd4jRuntime.init();
        Predictor p = Predictor.load(Path.of(args[0]));
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int[] shape = p.config().trainedShape();
        long[] dims = new long[2 + shape.length];
        dims[0] = batch;
        dims[1] = p.config().fields().size() * p.task().window();
        for (int d = 0; d < shape.length; d++) {
            dims[2 + d] = shape[d];
        }
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, dims);
        long[] seeds = new long[batch];
        Arrays.setAll(seeds, i -> 1000L + i);
        INDArray[] rows = new INDArray[batch];
        for (int b = 0; b < batch; b++) {
            rows[b] = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, b + 1)).dup();
        }
        Runnable deterministic = () -> p.predict(x);
        Runnable global = () -> {
            p.setDropoutActive(true);
            p.predict(x);
            p.setDropoutActive(false);
        };
        Runnable perRow = () -> p.predict(x, seeds);
        Runnable single = () -> {
            for (int b = 0; b < batch; b++) {
                p.predict(rows[b], new long[] {seeds[b]});
            }
        };
        String[] names = {"deterministic", "dropout, global stream", "dropout, per-row seeds",
            "dropout, per-row seeds, batch 1"};
        Runnable[] runs = {deterministic, global, perRow, single};
        for (int warm = 0; warm < 100; warm++) {
            for (Runnable r : runs) {
                r.run();
            }
        }
        // blocks of the variants interleaved, so that load from other processes hits them alike
        double[][] rate = new double[runs.length][blocks];
        for (int k = 0; k < blocks; k++) {
            for (int i = 0; i < runs.length; i++) {
                int reps = 20;
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    runs[i].run();
                }
                rate[i][k] = (double) reps * batch / ((System.nanoTime() - t0) * 1e-9);
            }
        }
        for (int i = 0; i < runs.length; i++) {
            Arrays.sort(rate[i]);
            System.out.printf(Locale.ROOT, "%-34s %8.0f inputs/s (median of %d blocks, batch %d)%n", names[i],
                    rate[i][blocks / 2], blocks, batch);
        }
    }
}
