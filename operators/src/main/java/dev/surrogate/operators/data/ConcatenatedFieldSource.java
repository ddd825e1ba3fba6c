package dev.surrogate.operators.data;

import dev.surrogate.datasets.shard.DatasetMerger;
import dev.surrogate.datasets.shard.Shard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Several {@link FieldSource}s as one dataset, their samples one after the other: sample {@code k} of the result
 * is sample {@code k - offset(p)} of the part {@code p} whose range holds it. Nothing is copied; every read goes to
 * the part. Used to train and evaluate on the shards of a set (or on several runs) without merging them first.
 *
 * <p>The parts must describe the same kind of data, checked when the source is made: the same grid and domain
 * lengths, the same fields in the same order, the same snapshot times, the same per-sample parameters, and the same
 * global attributes (equation, constant physical parameters, solver, forcing, ...) except those that describe a
 * run rather than the data ({@link #MAY_DIFFER}: provenance, seed, the file's place in a shard set, and the
 * {@code NAME_sweep} descriptions of swept parameters, whose values are per sample anyway). Attributes that differ
 * are left out of {@link #attributes()}.
 */
public final class ConcatenatedFieldSource implements FieldSource {
    /**
     * Global attributes the parts may disagree on: provenance ({@code history}, {@code source}, {@code title}),
     * the run's {@code seed}, and each file's place in a set ({@code first_sample} and the shard attributes).
     */
    public static final Set<String> MAY_DIFFER;

    static {
        Set<String> s = new LinkedHashSet<>(DatasetMerger.PER_RUN_ATTRIBUTES);
        s.addAll(List.of("title", "seed", Shard.SET_FIRST_SAMPLE, Shard.SET_SAMPLES));
        MAY_DIFFER = Set.copyOf(s);
    }

    private final List<FieldSource> parts;
    private final List<String> names;
    /** {@code offsets[p]} is the first sample of part p; {@code offsets[parts]} the total. */
    private final int[] offsets;
    private final Map<String, Object> attributes;

    private ConcatenatedFieldSource(List<? extends FieldSource> parts, List<String> names) {
        this.parts = List.copyOf(parts);
        this.names = List.copyOf(names);
        this.offsets = new int[parts.size() + 1];
        for (int p = 0; p < parts.size(); p++) {
            offsets[p + 1] = Math.addExact(offsets[p], parts.get(p).sampleCount());
        }
        FieldSource ref = parts.get(0);
        for (int p = 1; p < parts.size(); p++) {
            FieldSource o = parts.get(p);
            same("grid", Arrays.toString(ref.spatialShape()), Arrays.toString(o.spatialShape()), p);
            same("domain lengths", Arrays.toString(ref.domainLengths()), Arrays.toString(o.domainLengths()), p);
            same("fields", ref.fieldNames(), o.fieldNames(), p);
            same("snapshot times", Arrays.toString(ref.times()), Arrays.toString(o.times()), p);
            same("per-sample parameters", ref.sampleParameterNames(), o.sampleParameterNames(), p);
        }
        Map<String, Object> common = new LinkedHashMap<>(ref.attributes());
        for (int p = 1; p < parts.size(); p++) {
            Map<String, Object> other = parts.get(p).attributes();
            Set<String> keys = new LinkedHashSet<>(ref.attributes().keySet());
            keys.addAll(other.keySet());
            for (String k : keys) {
                Object a = ref.attributes().get(k);
                Object b = other.get(k);
                if (equal(a, b)) {
                    continue;
                }
                if (!mayDiffer(k)) {
                    throw new IllegalArgumentException("attribute '" + k + "' differs: " + names.get(0) + " has "
                            + show(a) + ", " + names.get(p) + " has " + show(b) + "; only data of the same "
                            + "equation, parameters and solver form one dataset");
                }
                common.remove(k);
            }
        }
        this.attributes = java.util.Collections.unmodifiableMap(common);
    }

    /**
     * Joins sources along samples, checking that they agree (see the class documentation).
     *
     * @param parts the sources in order, at least one; owned by the result from now on (closed by its
     *              {@link #close()})
     * @param names how messages name each part (e.g. its file), one per part
     * @return the joined source
     * @throws IllegalArgumentException naming both parts and the difference if they disagree, or if the total
     *                                  exceeds {@code 2^31 - 1} samples
     */
    public static ConcatenatedFieldSource of(List<? extends FieldSource> parts, List<String> names) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no sources to join");
        }
        if (names.size() != parts.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + parts.size() + " sources");
        }
        try {
            return new ConcatenatedFieldSource(parts, names);
        } catch (ArithmeticException ex) {
            throw new IllegalArgumentException("the sources hold more than 2^31 - 1 samples together");
        }
    }

    /**
     * @param key a global attribute
     * @return whether parts may disagree on it ({@link #MAY_DIFFER} or a sweep's description {@code NAME_sweep})
     */
    public static boolean mayDiffer(String key) {
        return MAY_DIFFER.contains(key) || key.endsWith("_sweep");
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }

    private static String show(Object v) {
        return v == null ? "none" : v instanceof String ? "'" + v + "'" : v.toString();
    }

    private void same(String what, Object a, Object b, int p) {
        if (!Objects.equals(a, b)) {
            throw new IllegalArgumentException(what + " differ: " + names.get(0) + " has " + a + ", " + names.get(p)
                    + " has " + b);
        }
    }

    /** @return the parts, in order */
    public List<FieldSource> parts() {
        return parts;
    }

    /**
     * @param part index of a part
     * @return the first sample of that part in this source
     */
    public int offset(int part) {
        return offsets[part];
    }

    /** @return the part holding sample {@code sample} */
    private int partOf(int sample) {
        if (sample < 0 || sample >= offsets[parts.size()]) {
            throw new IndexOutOfBoundsException("sample " + sample + " outside [0, " + sampleCount() + ")");
        }
        int i = Arrays.binarySearch(offsets, sample);
        // an exact hit is a part's first sample; parts are never empty, so the next offset is larger
        return i >= 0 ? i : -i - 2;
    }

    @Override
    public int sampleCount() {
        return offsets[parts.size()];
    }

    @Override
    public int timeCount() {
        return parts.get(0).timeCount();
    }

    @Override
    public int[] spatialShape() {
        return parts.get(0).spatialShape();
    }

    @Override
    public double[] domainLengths() {
        return parts.get(0).domainLengths();
    }

    @Override
    public List<String> fieldNames() {
        return parts.get(0).fieldNames();
    }

    @Override
    public double[] times() {
        return parts.get(0).times();
    }

    @Override
    public List<String> sampleParameterNames() {
        return parts.get(0).sampleParameterNames();
    }

    @Override
    public double[] parameter(String name) {
        double[] all = new double[sampleCount()];
        for (int p = 0; p < parts.size(); p++) {
            double[] v = parts.get(p).parameter(name);
            System.arraycopy(v, 0, all, offsets[p], v.length);
        }
        return all;
    }

    @Override
    public double parameterValue(String name, int sample) {
        int p = partOf(sample);
        return parts.get(p).parameterValue(name, sample - offsets[p]);
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public int points() {
        return parts.get(0).points();
    }

    @Override
    public void read(int sample, int time, int field, float[] dst, int offset) {
        checkIndices(sample, time, field);
        int p = partOf(sample);
        parts.get(p).read(sample - offsets[p], time, field, dst, offset);
    }

    @Override
    public void readTrajectory(int sample, int field, float[] dst, int offset, int stride) {
        checkIndices(sample, 0, field);
        int p = partOf(sample);
        parts.get(p).readTrajectory(sample - offsets[p], field, dst, offset, stride);
    }

    /** Closes every part, also when one fails (the first failure is rethrown). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (FieldSource p : parts) {
            try {
                p.close();
            } catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                } else {
                    first.addSuppressed(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** @return the names given for the parts */
    public List<String> names() {
        return new ArrayList<>(names);
    }
}
