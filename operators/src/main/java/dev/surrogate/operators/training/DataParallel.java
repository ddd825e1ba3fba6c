package dev.surrogate.operators.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Data-parallel training steps on several cores: the batch is split into contiguous parts, each part's gradient is
 * computed at the same time on its own thread by its own replica of the training graph, and the parts' gradients,
 * averaged with weights {@code n_i / n} (their example counts), go into one optimiser update of the first graph.
 *
 * <p>Why: ND4J's own threads split single ops, and an FNO's ops are too small for that to pay on two cores
 * (measured, FNO-1D width 64 nx 256 batch 20, 2 cores: 65-80 ms per training step with 1 or 2 ND4J/OpenBLAS threads
 * in every combination), while SameDiff's per-op bookkeeping is serial anyway. Two graphs on half batches each ran
 * 1.37x (FNO-1D) and 1.61x (FNO-2D 64^2) the samples per second of one graph on the whole batch.
 *
 * <p>Same result: every objective's loss is a mean over the batch's examples (the trainer's history weights batches
 * by their size on the same assumption), so the weighted average is the whole batch's gradient, equal to float32
 * round-off; with a fixed number of replicas a run is deterministic (each replica's ops run on one thread and the
 * average is taken in a fixed order). Graphs that draw random numbers (dropout) are not split: their masks would
 * depend on the threads' interleaving. Before each step the replicas take the first graph's current parameters.
 * Not thread-safe itself.
 */
public final class DataParallel implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final TrainingRun first;
    private final List<TrainingRun> replicas;
    private final List<String> parameters;
    private final ExecutorService pool;

    /**
     * @param first    the run whose graph is updated
     * @param replicas runs of identical graphs (same variables, same loss and reported values), at least one
     */
    public DataParallel(TrainingRun first, List<TrainingRun> replicas) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("data parallelism needs at least one replica");
        }
        this.first = first;
        this.replicas = List.copyOf(replicas);
        List<String> p = new ArrayList<>();
        for (SDVariable v : first.graph().variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                p.add(v.name());
                for (TrainingRun replica : replicas) {
                    SameDiff r = replica.graph();
                    if (!r.hasVariable(v.name()) || !java.util.Arrays.equals(r.getVariable(v.name()).getShape(),
                            v.getShape())) {
                        throw new IllegalArgumentException("replica graph lacks trainable variable '" + v.name()
                                + "' of shape " + java.util.Arrays.toString(v.getShape()));
                    }
                }
            }
        }
        this.parameters = List.copyOf(p);
        int id = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(replicas.size(), r -> {
            Thread t = new Thread(r, "surrogate-replica-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the number of parts a batch is split into: the replicas plus the first graph */
    public int parts() {
        return replicas.size() + 1;
    }

    /**
     * Splits {@code examples} into at most {@link #parts()} contiguous, nearly equal, non-empty parts.
     *
     * @param examples the batch's example indices
     * @return the parts, in order
     */
    public List<int[]> split(int[] examples) {
        int k = Math.min(parts(), examples.length);
        List<int[]> out = new ArrayList<>(k);
        int from = 0;
        for (int i = 0; i < k; i++) {
            int size = (examples.length - from) / (k - i);
            out.add(java.util.Arrays.copyOfRange(examples, from, from + size));
            from += size;
        }
        return out;
    }

    /**
     * One optimiser step from the parts of a batch: {@link #gradients}, then the first run's update with them.
     *
     * @param parts placeholders of each part (at most {@link #parts()}), the first one for the first graph
     * @param sizes examples in each part
     * @return the forward values the runs report (loss first), averaged over the parts with weights
     *         {@code n_i / n}
     */
    public double[] step(List<Map<String, INDArray>> parts, int[] sizes) {
        Map<String, INDArray> update = new LinkedHashMap<>();
        double[] values = gradients(parts, sizes, update);
        first.applyUpdate(update);
        return values;
    }

    /**
     * The gradient of the whole batch from its parts, computed at the same time by the graphs, without an update.
     *
     * @param parts     placeholders of each part (at most {@link #parts()}), the first one for the first graph
     * @param sizes     examples in each part
     * @param gradients receives the gradient of every trainable variable the loss reaches: the parts' gradients
     *                  averaged with weights {@code n_i / n}
     * @return the forward values the runs report (loss first), averaged alike
     */
    public double[] gradients(List<Map<String, INDArray>> parts, int[] sizes, Map<String, INDArray> gradients) {
        if (parts.isEmpty() || parts.size() > parts() || sizes.length != parts.size()) {
            throw new IllegalArgumentException("a step takes 1 to " + parts() + " parts with their sizes, got "
                    + parts.size() + " parts and " + sizes.length + " sizes");
        }
        SameDiff source = first.graph();
        for (int r = 0; r < parts.size() - 1; r++) {
            SameDiff g = replicas.get(r).graph();
            for (String p : parameters) {
                g.getVariable(p).getArr().assign(source.getVariable(p).getArr());
            }
        }
        List<Map<String, INDArray>> grads = new ArrayList<>();
        List<Future<double[]>> pending = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            grads.add(new TreeMap<>());
        }
        for (int r = 0; r < parts.size() - 1; r++) {
            TrainingRun run = replicas.get(r);
            Map<String, INDArray> placeholders = parts.get(r + 1);
            Map<String, INDArray> sink = grads.get(r + 1);
            pending.add(pool.submit(() -> run.gradients(placeholders, sink)));
        }
        double[][] values = new double[parts.size()][];
        values[0] = first.gradients(parts.get(0), grads.get(0));
        for (int r = 0; r < pending.size(); r++) {
            try {
                values[r + 1] = pending.get(r).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingException("interrupted while waiting for a replica's gradient", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new TrainingException("a replica's gradient failed: " + c, c);
            }
        }
        long total = 0;
        for (int s : sizes) {
            total += s;
        }
        // in part order for every variable: a fixed summation order keeps a run deterministic
        for (int i = 0; i < parts.size(); i++) {
            double w = (double) sizes[i] / total;
            for (Map.Entry<String, INDArray> e : grads.get(i).entrySet()) {
                INDArray sum = gradients.get(e.getKey());
                if (sum == null) {
                    gradients.put(e.getKey(), e.getValue().muli(w));
                } else {
                    sum.addi(e.getValue().muli(w));
                }
            }
        }
        double[] mean = new double[values[0].length];
        for (int i = 0; i < parts.size(); i++) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += values[i][j] * sizes[i] / total;
            }
        }
        return mean;
    }

    /** Stops the replicas' threads and closes their runs (not the first run). */
    @Override
    public void close() {
        pool.shutdownNow();
        for (TrainingRun r : replicas) {
            r.close();
        }
    }
}
