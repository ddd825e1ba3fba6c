package dev.surrogate.datasets.io;

import dev.surrogate.datasets.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ucar.ma2.Array;
import ucar.ma2.DataType;
import ucar.ma2.InvalidRangeException;
import ucar.nc2.Attribute;
import ucar.nc2.Dimension;
import ucar.nc2.NetcdfFileWriter;
import ucar.nc2.Variable;

/**
 * Writes a dataset in the contract's layout (see {@link DatasetLayout}) as a netCDF-3 64-bit-offset file, one
 * sample at a time, so memory stays bounded whatever the number of samples.
 *
 * <p>Provenance: the writer records the program's version and commit and the UTC time of writing in the
 * {@code history} and {@code source} attributes (see {@link #stamped}).
 *
 * <p>{@code sample} is the record (unlimited) dimension: every variable on it (fields, per-sample parameters, the
 * {@code sample} coordinate) is a record variable, and record i holds sample i of each of them. NetCDF-Java 4.5.5
 * refuses a fixed-size variable above 4 GiB ({@code 2^32 - 4} bytes) in this format; for a record variable the
 * limit applies to one record, i.e. one sample of one field, so the file's total size is unbounded (tested
 * without writing gigabytes in {@code NetcdfDatasetWriterTest}).
 *
 * <p>The file is written to a temporary file in the target's directory and renamed onto the target only by
 * {@link #commit()}; {@link #close()} without a commit (a failure, an exception, an interrupted run) deletes the
 * temporary file and leaves any existing target untouched. The temporary file is also registered for deletion at
 * JVM exit, so a run stopped by Ctrl-C leaves nothing that looks like a dataset.
 *
 * <pre>{@code
 * try (NetcdfDatasetWriter w = NetcdfDatasetWriter.create(Path.of("b.nc"), layout, 0, samples)) {
 *     for (int i = 0; i < samples; i++) w.writeSample(i, fields, params);
 *     w.commit();
 * }
 * }</pre>
 * Not thread-safe: one thread writes.
 */
public final class NetcdfDatasetWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetcdfDatasetWriter.class);

    private final Path target;
    private final Path temp;
    private final DatasetLayout layout;
    private final int samples;
    private final NetcdfFileWriter writer;
    private final List<Variable> fieldVars = new ArrayList<>();
    private final List<Variable> paramVars = new ArrayList<>();
    private final List<Variable> labelVars = new ArrayList<>();
    private final Variable sampleVar;
    /** Global index of each local sample: the {@code sample} coordinate, written with each record. */
    private final int[] index;
    private final int[] fieldShape;
    private final int[] origin;
    private final int[] paramOrigin = new int[1];
    private final boolean[] written;
    private boolean committed;
    private boolean closed;

    private NetcdfDatasetWriter(Path target, Path temp, DatasetLayout layout, int[] index) throws IOException {
        this.target = target;
        this.temp = temp;
        this.layout = layout;
        this.samples = index.length;
        this.written = new boolean[samples];
        writer = NetcdfFileWriter.createNew(NetcdfFileWriter.Version.netcdf3, temp.toString());
        writer.setLargeFile(true);
        // every value is written exactly once; pre-filling would double the I/O
        writer.setFill(false);
        // sample is the record (unlimited) dimension: netCDF-3 then limits only one sample of a variable to 4 GiB,
        // not the whole variable, and each sample's values lie together in its record
        Dimension dSample = writer.addUnlimitedDimension("sample");
        Dimension dTime = writer.addDimension(null, "time", layout.timeCount());
        Dimension dY = layout.ny() > 0 ? writer.addDimension(null, "y", layout.ny()) : null;
        Dimension dX = writer.addDimension(null, "x", layout.nx());

        Variable vSample = addVariable("sample", DataType.INT, List.of(dSample), "sample index", "1");
        Variable vTime = addVariable("time", DataType.DOUBLE, List.of(dTime), "time (nondimensional)", "1");
        vTime.addAttribute(new Attribute("axis", "T"));
        Variable vY = dY == null ? null : addCoordinate(dY);
        Variable vX = addCoordinate(dX);

        List<Dimension> fieldDims = dY == null ? List.of(dSample, dTime, dX) : List.of(dSample, dTime, dY, dX);
        String labels = String.join(" ", layout.sampleLabels().stream().map(VariableSpec::name).toList());
        for (VariableSpec f : layout.fields()) {
            Variable v = addVariable(f.name(), DataType.FLOAT, fieldDims, f.longName(), f.units());
            if (!labels.isEmpty()) {
                v.addAttribute(new Attribute("coordinates", labels));
            }
            fieldVars.add(v);
        }
        for (VariableSpec p : layout.sampleParameters()) {
            paramVars.add(addVariable(p.name(), DataType.DOUBLE, List.of(dSample), p.longName(), p.units()));
        }
        for (VariableSpec l : layout.sampleLabels()) {
            labelVars.add(addVariable(l.name(), DataType.INT, List.of(dSample), l.longName(), l.units()));
        }
        for (Map.Entry<String, Object> e : stamped(layout.attributes(), Provenance.current()).entrySet()) {
            writer.addGroupAttribute(null, attribute(e.getKey(), e.getValue()));
        }
        writer.create();

        this.sampleVar = vSample;
        this.index = index.clone();
        try {
            writer.write(vTime, Array.factory(layout.times()));
            writer.write(vX, Array.factory(cellPositions(layout.nx(), layout.domainLength())));
            if (vY != null) {
                writer.write(vY, Array.factory(cellPositions(layout.ny(), layout.domainLength())));
            }
        } catch (InvalidRangeException ex) {
            throw new IllegalStateException("coordinate shapes disagree with their dimensions", ex);
        }
        fieldShape = dY == null ? new int[] {1, layout.timeCount(), layout.nx()}
                : new int[] {1, layout.timeCount(), layout.ny(), layout.nx()};
        origin = new int[fieldShape.length];
    }

    private Variable addVariable(String name, DataType type, List<Dimension> dims, String longName, String units) {
        Variable v = writer.addVariable(null, name, type, dims);
        v.addAttribute(new Attribute("long_name", longName));
        v.addAttribute(new Attribute("units", units));
        return v;
    }

    /** Adds the coordinate variable {@code x(x)} or {@code y(y)} of a spatial dimension. */
    private Variable addCoordinate(Dimension d) {
        String name = d.getShortName();
        Variable v = addVariable(name, DataType.DOUBLE, List.of(d), name
                + " position of grid point (periodic domain [0, L))", "1");
        v.addAttribute(new Attribute("axis", name.toUpperCase(Locale.ROOT)));
        return v;
    }

    /** @return the cell positions {@code i L / n}, {@code [n]} */
    private static double[] cellPositions(int n, double length) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = i * length / n;
        }
        return c;
    }

    /**
     * netCDF-3 has no 64-bit integers: longs become int when they fit, else double when exact (|v| <= 2^53), else
     * their decimal text; other numbers are stored as their own type.
     */
    static Attribute attribute(String name, Object value) {
        if (value instanceof String) {
            return new Attribute(name, (String) value);
        }
        if (value instanceof Long) {
            long v = (Long) value;
            if (v == (int) v) {
                return new Attribute(name, (int) v);
            }
            if (v >= -(1L << 53) && v <= (1L << 53)) {
                return new Attribute(name, (double) v);
            }
            return new Attribute(name, Long.toString(v));
        }
        return new Attribute(name, (Number) value);
    }

    /** A history line that already starts with a UTC time stamp, as {@link Provenance#historyLine} writes. */
    private static final Pattern STAMPED = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?Z.*");

    /**
     * The global attributes as written: the layout's, with provenance. {@code history} (CF: one line per program
     * run, oldest first) goes last; its last line is taken to describe this write (e.g. the command line) and gets
     * the UTC time and the program's version and commit in front, unless it already starts with a time stamp (a
     * history copied unchanged from an input), in which case a line of its own is added. {@code source} gets the
     * program's version and commit: set to them when absent, appended when they are not already in it.
     *
     * @param attributes the layout's global attributes
     * @param program    the version and commit to record
     * @return the attributes to write, in order
     */
    static Map<String, Object> stamped(Map<String, Object> attributes, Provenance program) {
        Map<String, Object> out = new LinkedHashMap<>(attributes);
        Object source = out.get("source");
        if (source == null || source.toString().isBlank()) {
            out.put("source", program.describe());
        } else if (!source.toString().contains(program.describe())) {
            out.put("source", source + "; " + program.describe());
        }
        Object old = out.remove("history");
        String history = old == null ? "" : old.toString().strip();
        int cut = history.lastIndexOf('\n');
        String last = history.substring(cut + 1);
        String earlier = cut < 0 ? "" : history.substring(0, cut + 1);
        if (history.isEmpty()) {
            history = program.historyLine("");
        } else if (STAMPED.matcher(last).matches()) {
            history = history + "\n" + program.historyLine("");
        } else {
            history = earlier + program.historyLine(last);
        }
        out.put("history", history);
        return out;
    }

    /**
     * The global attributes a file written now with these attributes gets (see {@link #stamped}), e.g. for a
     * description of a dataset written by other means (an NcML aggregation).
     *
     * @param attributes the layout's global attributes
     * @return the attributes with this program's provenance, in order
     */
    public static Map<String, Object> stampedAttributes(Map<String, Object> attributes) {
        return stamped(attributes, Provenance.current());
    }

    /**
     * Starts a dataset file. The target's directory must exist; the target itself is only replaced by
     * {@link #commit()}.
     *
     * @param target      the final file, e.g. {@code b.nc}
     * @param layout      grid, times, fields, parameters and attributes
     * @param firstSample global index of the file's first sample (0 unless the file is one shard of a larger set),
     *                    stored in the {@code sample} coordinate
     * @param samples     number of samples in this file, {@code >= 1}
     * @return an open writer; close it (try-with-resources) whatever happens
     * @throws NoSuchFileException      if the target's directory does not exist
     * @throws IllegalArgumentException if the target is a directory or its directory is not writable
     * @throws IOException              if the temporary file cannot be created
     */
    public static NetcdfDatasetWriter create(Path target, DatasetLayout layout, long firstSample, int samples)
            throws IOException {
        if (samples < 1) {
            throw new IllegalArgumentException("number of samples must be >= 1, got " + samples);
        }
        if (firstSample < 0 || firstSample + samples - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sample indices " + firstSample + " .. " + (firstSample + samples - 1)
                    + " must lie in [0, 2^31)");
        }
        int[] index = new int[samples];
        for (int i = 0; i < samples; i++) {
            index[i] = Math.toIntExact(firstSample + i);
        }
        return open(target, layout, index);
    }

    /**
     * Starts a dataset file whose samples carry the given global indices (e.g. predictions for some samples of a
     * larger set). The target's directory must exist; the target itself is only replaced by {@link #commit()}.
     *
     * @param target        the final file
     * @param layout        grid, times, fields, parameters, labels and attributes
     * @param sampleIndices the {@code sample} coordinate, one value per sample: strictly increasing (a CF coordinate
     *                      is monotonic), in [0, 2^31); at least one
     * @return an open writer; close it (try-with-resources) whatever happens
     * @throws NoSuchFileException      if the target's directory does not exist
     * @throws IllegalArgumentException if the indices are empty, not increasing or out of range, or the target is
     *                                  a directory or its directory is not writable
     * @throws IOException              if the temporary file cannot be created
     */
    public static NetcdfDatasetWriter create(Path target, DatasetLayout layout, long[] sampleIndices)
            throws IOException {
        if (sampleIndices.length < 1) {
            throw new IllegalArgumentException("number of samples must be >= 1, got 0");
        }
        int[] index = new int[sampleIndices.length];
        for (int i = 0; i < index.length; i++) {
            long v = sampleIndices[i];
            if (v < 0 || v > Integer.MAX_VALUE || (i > 0 && v <= sampleIndices[i - 1])) {
                throw new IllegalArgumentException("sample index " + v + " at position " + i + " must lie in "
                        + "[0, 2^31) and exceed the previous one" + (i > 0 ? " (" + sampleIndices[i - 1] + ")" : ""));
            }
            index[i] = (int) v;
        }
        return open(target, layout, index);
    }

    private static NetcdfDatasetWriter open(Path target, DatasetLayout layout, int[] index) throws IOException {
        Path abs = AtomicFiles.checkTarget(target);
        Path temp = AtomicFiles.createTemp(abs, ".tmp");
        temp.toFile().deleteOnExit();
        try {
            return new NetcdfDatasetWriter(abs, temp, layout, index);
        } catch (IOException ex) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot write " + target + ": " + AtomicFiles.withoutTemp(ex.getMessage(), temp,
                    target), ex);
        } catch (RuntimeException ex) {
            Files.deleteIfExists(temp);
            throw ex;
        }
    }

    /** @return the layout being written */
    public DatasetLayout layout() {
        return layout;
    }

    /** @return number of samples in the file */
    public int samples() {
        return samples;
    }

    /** @return the temporary file being written (renamed onto the target by {@link #commit()}) */
    public Path tempFile() {
        return temp;
    }

    /**
     * Writes one sample. Samples may be written in any order, each exactly once.
     *
     * @param index      local sample index in [0, samples)
     * @param fields     one array per field of the layout, each {@code [time * (ny *) nx]} (x fastest); not kept
     * @param parameters one value per per-sample parameter of the layout
     * @throws IOException on a write error
     */
    public void writeSample(int index, float[][] fields, double[] parameters) throws IOException {
        writeSample(index, fields, parameters, new int[0]);
    }

    /**
     * Writes one sample of a layout with per-sample labels. Samples may be written in any order, each exactly once.
     *
     * @param index      local sample index in [0, samples)
     * @param fields     one array per field of the layout, each {@code [time * (ny *) nx]} (x fastest); not kept
     * @param parameters one value per per-sample parameter of the layout
     * @param labels     one value per per-sample label of the layout ({@link DatasetLayout#sampleLabels()})
     * @throws IOException on a write error
     */
    public void writeSample(int index, float[][] fields, double[] parameters, int[] labels) throws IOException {
        checkOpen();
        if (index < 0 || index >= samples) {
            throw new IllegalArgumentException("sample index " + index + " outside [0, " + samples + ")");
        }
        if (written[index]) {
            throw new IllegalStateException("sample " + index + " written twice");
        }
        if (fields.length != fieldVars.size()) {
            throw new IllegalArgumentException("got " + fields.length + " fields, layout has " + fieldVars.size());
        }
        if (parameters.length != paramVars.size()) {
            throw new IllegalArgumentException("got " + parameters.length + " per-sample parameters, layout has "
                    + paramVars.size());
        }
        if (labels.length != labelVars.size()) {
            throw new IllegalArgumentException("got " + labels.length + " per-sample labels, layout has "
                    + labelVars.size());
        }
        int expected = layout.valuesPerSample();
        origin[0] = index;
        paramOrigin[0] = index;
        try {
            for (int f = 0; f < fields.length; f++) {
                if (fields[f].length != expected) {
                    throw new IllegalArgumentException("field '" + fieldVars.get(f).getShortName() + "' has "
                            + fields[f].length + " values, expected " + expected);
                }
                writer.write(fieldVars.get(f), origin, Array.factory(DataType.FLOAT, fieldShape, fields[f]));
            }
            for (int p = 0; p < parameters.length; p++) {
                writer.write(paramVars.get(p), paramOrigin,
                        Array.factory(DataType.DOUBLE, new int[] {1}, new double[] {parameters[p]}));
            }
            for (int l = 0; l < labels.length; l++) {
                writer.write(labelVars.get(l), paramOrigin,
                        Array.factory(DataType.INT, new int[] {1}, new int[] {labels[l]}));
            }
            writer.write(sampleVar, paramOrigin, Array.factory(DataType.INT, new int[] {1},
                    new int[] {this.index[index]}));
        } catch (InvalidRangeException ex) {
            throw new IllegalStateException("sample shape disagrees with the file's dimensions", ex);
        } catch (IOException ex) {
            throw failure(ex);
        }
        written[index] = true;
    }

    /**
     * Finishes the file and renames it atomically onto the target (replacing an existing file).
     *
     * @throws IllegalStateException if some sample was never written
     * @throws IOException           if closing or renaming fails (the temporary file is then deleted)
     */
    public void commit() throws IOException {
        checkOpen();
        for (int i = 0; i < samples; i++) {
            if (!written[i]) {
                throw new IllegalStateException("sample " + i + " of " + samples + " was never written");
            }
        }
        closed = true;
        try {
            writer.close();
            AtomicFiles.moveIntoPlace(temp, target);
            committed = true;
        } catch (IOException ex) {
            throw failure(ex);
        } finally {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Without a prior {@link #commit()}: abandons the file, deleting the temporary file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.abort();
        } catch (IOException | RuntimeException ex) {
            LOG.debug("closing abandoned {} failed: {}", temp, ex.toString());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** @return the error to throw for a failed write: it names the target, never the temporary file */
    private IOException failure(IOException ex) {
        return new IOException("cannot write " + target + ": " + AtomicFiles.withoutTemp(ex.getMessage(), temp,
                target), ex);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("writer for " + target + " is closed");
        }
    }
}
