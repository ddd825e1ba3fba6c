package dev.surrogate.uq.ensemble;

import dev.surrogate.operators.data.FieldSource;
import java.util.List;
import java.util.Map;

/**
 * A view of a {@link FieldSource} whose reads are serialised, so members training in parallel can share a source
 * that streams from a file (NetCDF readers are not thread-safe). In-memory sources need no such view.
 */
final class SynchronizedFieldSource implements FieldSource {
    private final FieldSource source;

    SynchronizedFieldSource(FieldSource source) {
        this.source = source;
    }

    @Override
    public int sampleCount() {
        return source.sampleCount();
    }

    @Override
    public int timeCount() {
        return source.timeCount();
    }

    @Override
    public int[] spatialShape() {
        return source.spatialShape();
    }

    @Override
    public double[] domainLengths() {
        return source.domainLengths();
    }

    @Override
    public List<String> fieldNames() {
        return source.fieldNames();
    }

    @Override
    public synchronized double[] times() {
        return source.times();
    }

    @Override
    public synchronized List<String> sampleParameterNames() {
        return source.sampleParameterNames();
    }

    @Override
    public synchronized double[] parameter(String name) {
        return source.parameter(name);
    }

    @Override
    public synchronized double parameterValue(String name, int sample) {
        return source.parameterValue(name, sample);
    }

    @Override
    public synchronized Map<String, Object> attributes() {
        return source.attributes();
    }

    @Override
    public synchronized void read(int sample, int time, int field, float[] dst, int offset) {
        source.read(sample, time, field, dst, offset);
    }

    @Override
    public synchronized void readTrajectory(int sample, int field, float[] dst, int offset, int stride) {
        source.readTrajectory(sample, field, dst, offset, stride);
    }

    @Override
    public int points() {
        return source.points();
    }

    /** Does nothing: the wrapped source belongs to the caller. */
    @Override
    public void close() {
    }
}
