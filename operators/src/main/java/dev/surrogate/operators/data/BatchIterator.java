package dev.surrogate.operators.data;

import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Orders the pairs of a {@link TaskDataset} into mini-batches: {@link #nextIndices()} gives the pair indices of the
 * next batch (training objectives fill their own placeholders from them), and as an ND4J iterator it streams
 * {@link MultiDataSet}s (one feature array {@code [batch, inChannels, *space]}, one label array
 * {@code [batch, outChannels, *space]}, float32), reading pairs on demand. Shuffling is deterministic: the order of
 * epoch {@code e} depends only on {@code (seed, e)}, so a resumed run sees the same batches as an uninterrupted one.
 * The last batch may be smaller, except that a single left-over pair joins the previous batch (unless the batch
 * size is 1): one-sample batches give the noisiest steps.
 */
public final class BatchIterator implements MultiDataSetIterator {
    private static final long serialVersionUID = 1L;

    private final transient TaskDataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int[] order;
    private final float[] x;
    private final float[] y;
    private int epoch;
    private int cursor;

    /**
     * @param data      pairs to stream
     * @param batchSize pairs per batch, at least 1
     * @param shuffle   whether to permute the pairs every epoch
     * @param seed      seed of the permutations
     */
    public BatchIterator(TaskDataset data, int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot iterate over an empty dataset");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = new int[data.size()];
        this.x = new float[(batchSize + 1) * data.inputSize()];
        this.y = new float[(batchSize + 1) * data.outputSize()];
        setEpoch(0);
    }

    /**
     * Restarts at the beginning of epoch {@code epoch}, with that epoch's order.
     *
     * @param epoch epoch index (0-based)
     */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        this.cursor = 0;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            permute(order, new SplittableRandom(Seeds.mix(seed, epoch)));
        }
    }

    /** @return current epoch index */
    public int epoch() {
        return epoch;
    }

    /** @return number of batches per epoch */
    public int batchesPerEpoch() {
        int full = order.length / batchSize;
        int rest = order.length % batchSize;
        return rest == 0 || (rest == 1 && full > 0 && batchSize > 1) ? full : full + 1;
    }

    /** @return pairs in the next batch, at most {@code limit} unless a single pair would be left over */
    private int nextSize(int limit) {
        int remaining = order.length - cursor;
        int n = Math.min(Math.min(limit, batchSize), remaining);
        return remaining - n == 1 && n == batchSize && batchSize > 1 ? remaining : n;
    }

    /** @return the pair order of the current epoch (a copy) */
    public int[] order() {
        return order.clone();
    }

    /** Fisher-Yates with a caller-supplied generator. */
    static void permute(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    /**
     * Advances by one batch without loading it: for training objectives that fill their own placeholders.
     *
     * @return pair indices of the next batch, in batch order
     * @throws NoSuchElementException at the end of the epoch
     */
    public int[] nextIndices() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        int n = nextSize(batchSize);
        int[] idx = java.util.Arrays.copyOfRange(order, cursor, cursor + n);
        cursor += n;
        return idx;
    }

    @Override
    public MultiDataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        int n = nextSize(num);
        int in = data.inputSize();
        int out = data.outputSize();
        for (int b = 0; b < n; b++) {
            data.fill(order[cursor + b], x, b * in, y, b * out);
        }
        cursor += n;
        int[] space = data.spatialShape();
        INDArray features = array(x, n * in, TaskDataset.withLeading(space, n, data.inputChannels()));
        INDArray labels = array(y, n * out, TaskDataset.withLeading(space, n, data.outputChannels()));
        return new org.nd4j.linalg.dataset.MultiDataSet(features, labels);
    }

    /**
     * Frees the native memory of a batch from {@link #next} now instead of when the garbage collector gets to it
     * (with a large heap that can be much later, and batches of 2-D fields are megabytes each). The batch must not
     * be used afterwards.
     *
     * @param batch a batch returned by {@link #next}
     */
    public static void close(MultiDataSet batch) {
        for (INDArray a : batch.getFeatures()) {
            closeArray(a);
        }
        for (INDArray a : batch.getLabels()) {
            closeArray(a);
        }
    }

    private static void closeArray(INDArray a) {
        if (a != null && !a.wasClosed() && a.closeable()) {
            a.close();
        }
    }

    private static INDArray array(float[] buffer, int length, long[] shape) {
        float[] exact = length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length);
        // Nd4j.create copies into off-heap memory, so the Java buffer can be refilled for the next batch
        return Nd4j.create(exact, shape, 'c');
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("normalisation happens inside the graph (see Normalizer)");
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Asynchronous prefetching would break the deterministic per-epoch order, so it is off. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Restarts the current epoch with the same order. */
    @Override
    public void reset() {
        cursor = 0;
    }
}
