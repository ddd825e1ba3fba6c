package dev.surrogate.datasets.io;

import java.util.Map;

/**
 * One sample read from a dataset.
 *
 * @param index       position in the file, 0-based
 * @param globalIndex the sample's index in the whole dataset (the {@code sample} coordinate; equal to
 *                    {@code index} unless the file is a shard)
 * @param fields      requested fields by name, each {@code [time * (ny *) nx]} with x fastest
 * @param parameters  per-sample parameters by name (empty when none vary)
 */
public record Sample(int index, long globalIndex, Map<String, float[]> fields, Map<String, Double> parameters) {

    /**
     * @param name field name
     * @return its values {@code [time * points]}
     * @throws IllegalArgumentException if the field was not read
     */
    public float[] field(String name) {
        float[] v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field '" + name + "' was not read; read fields: " + fields.keySet());
        }
        return v;
    }
}
