package dev.surrogate.operators.training;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseNDArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory manager of a SameDiff session that takes back, at the end of every iteration, the arrays SameDiff
 * allocated during it and never released.
 *
 * <p>Why (ND4J 1.0.0-M2.1): a training iteration of the FNO graphs allocates about 390 arrays through its session
 * memory manager and releases only about 320. The rest (weight gradients, the gradients matmul_bp computed for the
 * constant Fourier bases before {@link dev.surrogate.operators.GradientRewrites} removed them, some activations:
 * about 150 MB per step for the FNO-2D Navier-Stokes graph at batch 20, measured then)
 * are never released, neither in the same iteration nor later (measured: every release happened within the
 * iteration of the allocation), so their native memory waited for the garbage collector to finalise the small Java
 * objects. With a multi-gigabyte default heap that took long enough for the resident set to reach 4-7 GB.
 *
 * <p>Here those leftovers become spares when the iteration ends: the next iteration, which allocates the same
 * shapes, gets them back instead of fresh memory (fresh allocation and freeing cost about 6 % of an FNO-1D step);
 * spares it does not take are closed at its end, so at most one iteration's leftovers are kept. SameDiff does not
 * touch a leftover after its iteration: closing them instead, which makes any later use fail loudly ("DataBuffer
 * ... released"), left training results bit-identical. Arrays SameDiff does release go to ND4J's
 * {@link ArrayCacheMemoryMgr} as before.
 *
 * <p>Spares keep their id and are kept apart from that cache, which keys arrays by {@code INDArray.getId()}: in
 * M2.1 {@code BaseNDArray.assignNewId()} (which the cache calls on reuse) takes the id the next newly created array
 * also gets ({@code incrementAndGet} versus {@code getAndIncrement} on the same counter), so distinct live arrays
 * share ids; the cache then reports a double release, and a session skips releasing an array whose id it has
 * already freed. An array skipped that way stays outstanding and is taken back at the end of the iteration like any leftover.
 *
 * <p>Not thread-safe: one instance per session, and a session is used by one thread.
 */
final class IterationArrays extends ArrayCacheMemoryMgr {
    private final Set<INDArray> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, ArrayDeque<INDArray>> spares = new HashMap<>();
    private final Set<INDArray> spareSet = Collections.newSetFromMap(new IdentityHashMap<>());
    private long leftoverArrays;
    private long leftoverBytes;

    /** Takes ids from ND4J's array counter; see {@link #burnId()}. */
    private static final BaseNDArray ID_BURNER = (BaseNDArray) Nd4j.scalar(DataType.FLOAT, 0);

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        INDArray a = takeSpare(dataType, shape);
        if (a == null) {
            a = super.allocate(detached, dataType, shape);
            burnId();
        }
        outstanding.add(a);
        return a;
    }

    /**
     * Advances ND4J's array-id counter past an id the cache may just have given a reused array, so that the next
     * new array does not get it too (M2.1's {@code assignNewId} takes {@code counter + 1} and leaves the counter
     * there, while constructors take the counter's value).
     */
    private static void burnId() {
        ID_BURNER.assignNewId();
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        INDArray a = descriptor.isEmpty() ? null : takeSpare(descriptor.dataType(), descriptor.getShape());
        if (a == null) {
            a = super.allocate(detached, descriptor);
            burnId();
        } else if (a.ordering() != descriptor.getOrder()) {
            a.setOrder(descriptor.getOrder());
        }
        outstanding.add(a);
        return a;
    }

    private INDArray takeSpare(DataType dataType, long[] shape) {
        ArrayDeque<INDArray> q = spares.get(key(dataType, shape));
        INDArray a = q == null ? null : q.poll();
        if (a == null) {
            return null;
        }
        spareSet.remove(a);
        return a;
    }

    private static String key(DataType dataType, long[] shape) {
        return dataType + Arrays.toString(shape);
    }

    @Override
    public void release(INDArray array) {
        outstanding.remove(array);
        if (!array.wasClosed() && !spareSet.contains(array)) {
            super.release(array);
        }
    }

    /**
     * Ends an iteration: closes the spares it did not reuse and keeps its own leftovers (arrays allocated and not
     * released since the last call) as spares for the next. Call it when the iteration's outputs have been copied.
     */
    void endIteration() {
        closeSpares();
        List<INDArray> left = new ArrayList<>(outstanding);
        outstanding.clear();
        for (INDArray a : left) {
            if (!a.wasClosed() && a.closeable()) {
                leftoverBytes += a.data().length() * a.dataType().width();
                leftoverArrays++;
                spares.computeIfAbsent(key(a.dataType(), a.shape()), k -> new ArrayDeque<>()).add(a);
                spareSet.add(a);
            }
        }
    }

    private void closeSpares() {
        for (INDArray a : spareSet) {
            a.close();
        }
        spareSet.clear();
        spares.clear();
    }

    /** @return arrays taken back by {@link #endIteration} so far (SameDiff's unreleased leftovers) */
    long leftoverArrays() {
        return leftoverArrays;
    }

    /** @return bytes of those arrays */
    long leftoverBytes() {
        return leftoverBytes;
    }

    /** @return arrays currently kept as spares */
    int spareCount() {
        return spareSet.size();
    }

    /** Frees the spares, the leftovers of an unfinished iteration and every cached array. */
    @Override
    public void close() {
        closeSpares();
        for (INDArray a : outstanding) {
            if (!a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
        outstanding.clear();
        super.close();
    }
}
