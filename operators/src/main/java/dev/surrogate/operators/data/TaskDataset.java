package dev.surrogate.operators.data;

import java.util.Arrays;

/**
 * The input/output pairs a {@link Task} cuts from selected trajectories of a {@link FieldSource}. Pairs are
 * numbered trajectory-major: pair {@code i} is pair {@code i % pairsPerSample} of trajectory
 * {@code samples[i / pairsPerSample]}. Nothing is loaded until {@link #fill} is called.
 */
public final class TaskDataset {
    private final FieldSource source;
    private final Task task;
    private final int[] samples;
    private final int pairsPerSample;

    /**
     * @param source  dataset; not closed by this class
     * @param task    what to predict
     * @param samples trajectory indices to use (e.g. from a {@link SampleSplit})
     * @throws IllegalArgumentException if an index is outside the source or the trajectories are too short for the
     *                                  task
     */
    public TaskDataset(FieldSource source, Task task, int[] samples) {
        for (int s : samples) {
            if (s < 0 || s >= source.sampleCount()) {
                throw new IllegalArgumentException("sample index " + s + " outside [0, " + source.sampleCount()
                        + ")");
            }
        }
        for (String p : task.parameters()) {
            // fails here, naming the parameter, rather than in the middle of an epoch
            source.parameterValue(p, 0);
        }
        this.source = source;
        this.task = task;
        this.samples = samples.clone();
        this.pairsPerSample = task.pairsPerSample(source.timeCount());
    }

    /** @return the underlying dataset */
    public FieldSource source() {
        return source;
    }

    /** @return the task */
    public Task task() {
        return task;
    }

    /** @return trajectory indices used, in order (a copy) */
    public int[] samples() {
        return samples.clone();
    }

    /** @return number of pairs: trajectories times pairs per trajectory */
    public int size() {
        return samples.length * pairsPerSample;
    }

    /** @return pairs cut from each trajectory */
    public int pairsPerSample() {
        return pairsPerSample;
    }

    /** @return model input channels */
    public int inputChannels() {
        return task.inputChannels(source.fieldCount());
    }

    /** @return model output channels */
    public int outputChannels() {
        return task.outputChannels(source.fieldCount());
    }

    /** @return grid size {@code {nx}} or {@code {ny, nx}} */
    public int[] spatialShape() {
        return source.spatialShape();
    }

    /** @return values per input pair, {@code inputChannels * points} */
    public int inputSize() {
        return inputChannels() * source.points();
    }

    /** @return values per output pair, {@code outputChannels * points} */
    public int outputSize() {
        return outputChannels() * source.points();
    }

    /**
     * @param index pair index in {@code [0, size())}
     * @return the trajectory (sample index in the {@link #source()}) the pair is cut from
     */
    public int sampleOf(int index) {
        checkIndex(index);
        return samples[index / pairsPerSample];
    }

    /**
     * @param index pair index in {@code [0, size())}
     * @return the pair's index within its trajectory (the {@link Task}'s pair number)
     */
    public int pairOf(int index) {
        checkIndex(index);
        return index % pairsPerSample;
    }

    /**
     * @param index pair index in {@code [0, size())}
     * @return time indices of the pair's input snapshots (see {@link Task#inputTimes}); the times themselves are
     *         {@code source().times()} at these indices
     */
    public int[] inputTimes(int index) {
        return task.inputTimes(source.timeCount(), pairOf(index));
    }

    /**
     * @param index pair index in {@code [0, size())}
     * @return time indices of the pair's target snapshots (see {@link Task#targetTimes})
     */
    public int[] targetTimes(int index) {
        return task.targetTimes(source.timeCount(), pairOf(index));
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("pair " + index + " outside [0, " + size() + ")");
        }
    }

    /**
     * Writes pair {@code index}.
     *
     * @param index pair index in {@code [0, size())}
     * @param x     receives {@link #inputSize()} values at {@code xOff}. Modified.
     * @param xOff  offset in {@code x}
     * @param y     receives {@link #outputSize()} values at {@code yOff}. Modified.
     * @param yOff  offset in {@code y}
     */
    public void fill(int index, float[] x, int xOff, float[] y, int yOff) {
        checkIndex(index);
        task.fill(source, samples[index / pairsPerSample], index % pairsPerSample, x, xOff, y, yOff);
    }

    /**
     * @param shape  {@code {nx}} or {@code {ny, nx}}
     * @param leading leading dimensions, e.g. {@code batch, channels}
     * @return {@code [leading..., shape...]} as longs for ND4J
     */
    public static long[] withLeading(int[] shape, long... leading) {
        long[] out = Arrays.copyOf(leading, leading.length + shape.length);
        for (int i = 0; i < shape.length; i++) {
            out[leading.length + i] = shape[i];
        }
        return out;
    }
}
