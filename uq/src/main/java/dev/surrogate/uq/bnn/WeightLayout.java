package dev.surrogate.uq.bnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where each sampled weight array sits in the flat parameter vector of HMC: arrays in a fixed order, each
 * flattened in C order, one after another.
 */
public final class WeightLayout {
    /**
     * One array.
     *
     * @param name   variable name in the graph
     * @param shape  its shape
     * @param offset index of its first value in the flat vector
     * @param length number of values
     */
    public record Entry(String name, long[] shape, int offset, int length) {
    }

    private final List<Entry> entries;
    private final int size;

    private WeightLayout(List<Entry> entries, int size) {
        this.entries = List.copyOf(entries);
        this.size = size;
    }

    /**
     * @param weights arrays by name (at least those in {@code names})
     * @param names   the arrays to lay out, in this order
     * @return the layout
     * @throws IllegalArgumentException if a name has no array
     */
    public static WeightLayout of(Map<String, INDArray> weights, List<String> names) {
        List<Entry> e = new ArrayList<>();
        long offset = 0;
        for (String n : names) {
            INDArray a = weights.get(n);
            if (a == null) {
                throw new IllegalArgumentException("no weight named '" + n + "'; the model has " + weights.keySet());
            }
            e.add(new Entry(n, a.shape(), Math.toIntExact(offset), Math.toIntExact(a.length())));
            offset += a.length();
        }
        return new WeightLayout(e, Math.toIntExact(offset));
    }

    /** @return the arrays in order */
    public List<Entry> entries() {
        return entries;
    }

    /** @return names in order */
    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /** @return total number of values */
    public int size() {
        return size;
    }

    /**
     * @param weights arrays by name; not modified
     * @param out     receives the laid-out values from index 0; modified
     */
    public void flatten(Map<String, INDArray> weights, double[] out) {
        for (Entry e : entries) {
            double[] v = weights.get(e.name()).dup('c').data().asDouble();
            System.arraycopy(v, 0, out, e.offset(), e.length());
        }
    }

    /**
     * @param q flat values (from index 0); not modified
     * @return new float32 arrays by name
     */
    public Map<String, INDArray> arrays(double[] q) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            float[] f = new float[e.length()];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) q[e.offset() + i];
            }
            m.put(e.name(), Nd4j.create(f, e.shape(), 'c'));
        }
        return m;
    }

    /**
     * Copies flat values into live graph arrays.
     *
     * @param q       flat values; not modified
     * @param targets live arrays by name; modified
     * @param buffer  scratch of at least the largest entry's length, reused between calls
     */
    void write(double[] q, Map<String, INDArray> targets, float[] buffer) {
        for (Entry e : entries) {
            for (int i = 0; i < e.length(); i++) {
                buffer[i] = (float) q[e.offset() + i];
            }
            try (INDArray src = Nd4j.create(Arrays.copyOf(buffer, e.length()), e.shape(), 'c')) {
                targets.get(e.name()).assign(src);
            }
        }
    }

    /** @return length of the largest entry */
    int largest() {
        int m = 0;
        for (Entry e : entries) {
            m = Math.max(m, e.length());
        }
        return m;
    }
}
