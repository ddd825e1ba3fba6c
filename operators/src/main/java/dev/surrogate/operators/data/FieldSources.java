package dev.surrogate.operators.data;

/** Helpers around {@link FieldSource}. */
public final class FieldSources {
    /** Default memory budget below which {@link #cacheIfSmall(FieldSource)} loads a dataset whole: 512 MiB. */
    public static final long DEFAULT_CACHE_BYTES = 512L << 20;

    private FieldSources() {
    }

    /** {@link #cacheIfSmall(FieldSource, long)} with {@link #DEFAULT_CACHE_BYTES}. */
    public static FieldSource cacheIfSmall(FieldSource source) {
        return cacheIfSmall(source, DEFAULT_CACHE_BYTES);
    }

    /**
     * Loads a source into memory when it takes at most {@code maxBytes} as float32, so training epochs do not
     * re-read the file; larger sources are returned unchanged and keep streaming from disk.
     *
     * @param source   the dataset; still owned by the caller (closing it is the caller's business)
     * @param maxBytes budget in bytes
     * @return an {@link InMemoryFieldSource} copy, or {@code source} itself
     */
    public static FieldSource cacheIfSmall(FieldSource source, long maxBytes) {
        long values = (long) source.sampleCount() * source.timeCount() * source.fieldCount() * source.points();
        if (values * Float.BYTES > maxBytes || values > Integer.MAX_VALUE - 8) {
            return source;
        }
        float[] data = new float[(int) values];
        int p = source.points();
        int fields = source.fieldCount();
        int perSample = source.timeCount() * fields * p;
        for (int s = 0; s < source.sampleCount(); s++) {
            for (int f = 0; f < fields; f++) {
                source.readTrajectory(s, f, data, s * perSample + f * p, fields * p);
            }
        }
        InMemoryFieldSource cached = new InMemoryFieldSource(data, source.sampleCount(), source.timeCount(),
                source.spatialShape(), source.domainLengths(), source.fieldNames()).withTimes(source.times())
                .withAttributes(source.attributes());
        for (String name : source.sampleParameterNames()) {
            cached = cached.withParameter(name, source.parameter(name));
        }
        return cached;
    }
}
