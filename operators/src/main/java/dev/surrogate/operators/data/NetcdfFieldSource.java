package dev.surrogate.operators.data;

import dev.surrogate.datasets.io.DatasetReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@link FieldSource} streaming from a NetCDF dataset in the toolkit's layout through the datasets module's
 * {@link DatasetReader}: every {@link #read} fetches one hyperslab, so nothing is loaded whole. For small files
 * wrap it with {@link FieldSources#cacheIfSmall} to avoid re-reading every epoch.
 */
public final class NetcdfFieldSource implements FieldSource {
    private final DatasetReader reader;
    private final List<String> fields;
    private final int[] shape;
    private final double[] lengths;
    /** Parameters read so far, for {@link #parameterValue}. */
    private final Map<String, double[]> parameterCache = new java.util.HashMap<>();

    private NetcdfFieldSource(DatasetReader reader, List<String> fields) {
        this.reader = reader;
        this.fields = List.copyOf(fields);
        double l = reader.domainLength();
        if (reader.spatialDimensions() == 1) {
            shape = new int[] {reader.nx()};
            lengths = new double[] {l};
        } else {
            shape = new int[] {reader.ny(), reader.nx()};
            // the layout has one domain length; y's comes from its own spacing when the domain is not square
            double[] y = reader.y();
            double ly = y.length > 1 ? y.length * (y[1] - y[0]) : l;
            lengths = new double[] {Math.abs(ly - l) < 1e-9 * l ? l : ly, l};
        }
    }

    /**
     * Opens a dataset.
     *
     * @param file   NetCDF file in the contract's layout
     * @param fields fields to use as channels, in this order; all fields in file order when empty
     * @return the source; close it
     * @throws IOException if the file is missing, not NetCDF, or lacks a requested field (the message names it)
     */
    public static NetcdfFieldSource open(Path file, List<String> fields) throws IOException {
        DatasetReader r = DatasetReader.open(file, fields.toArray(String[]::new));
        try {
            return new NetcdfFieldSource(r, fields.isEmpty() ? r.fieldNames() : fields);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** @return the underlying reader (for coordinates, attributes and parameters) */
    public DatasetReader reader() {
        return reader;
    }

    @Override
    public int sampleCount() {
        return reader.sampleCount();
    }

    @Override
    public int timeCount() {
        return reader.timeCount();
    }

    @Override
    public int[] spatialShape() {
        return shape.clone();
    }

    @Override
    public double[] domainLengths() {
        return lengths.clone();
    }

    @Override
    public List<String> fieldNames() {
        return fields;
    }

    @Override
    public double[] times() {
        return reader.times();
    }

    @Override
    public List<String> sampleParameterNames() {
        return reader.sampleParameterNames();
    }

    @Override
    public double[] parameter(String name) {
        try {
            return reader.parameter(name);
        } catch (IOException e) {
            throw new UncheckedIOException(reader.file() + ": cannot read parameter " + name + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public double parameterValue(String name, int sample) {
        return parameterCache.computeIfAbsent(name, this::parameter)[sample];
    }

    @Override
    public Map<String, Object> attributes() {
        return reader.attributes();
    }

    @Override
    public void read(int sample, int time, int field, float[] dst, int offset) {
        checkIndices(sample, time, field);
        try {
            float[] v = reader.readSnapshot(fields.get(field), sample, time);
            System.arraycopy(v, 0, dst, offset, v.length);
        } catch (IOException e) {
            throw new UncheckedIOException(reader.file() + ": cannot read " + fields.get(field) + " of sample "
                    + sample + " at time index " + time + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void readTrajectory(int sample, int field, float[] dst, int offset, int stride) {
        checkIndices(sample, 0, field);
        try {
            float[] v = reader.readSample(fields.get(field), sample);
            int p = points();
            for (int t = 0; t < timeCount(); t++) {
                System.arraycopy(v, t * p, dst, offset + t * stride, p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(reader.file() + ": cannot read " + fields.get(field) + " of sample "
                    + sample + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + reader.file() + ": " + e.getMessage(), e);
        }
    }
}
