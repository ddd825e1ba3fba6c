package dev.surrogate.datasets.io;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ucar.ma2.Array;
import ucar.ma2.IndexIterator;
import ucar.ma2.InvalidRangeException;
import ucar.nc2.Attribute;
import ucar.nc2.Dimension;
import ucar.nc2.NetcdfFile;
import ucar.nc2.Variable;
import ucar.nc2.dataset.NetcdfDataset;
import ucar.nc2.ncml.NcMLReader;
import ucar.nc2.util.cache.FileCacheIF;

/**
 * Streams samples from a dataset file in the contract's layout without loading it whole: each read fetches only
 * the requested hyperslab. Reads netCDF-3 (classic and 64-bit offset) and netCDF-4/HDF5 files, whoever wrote them,
 * and NcML documents that aggregate such files along {@code sample} (as {@code merge --ncml} writes them: one
 * dataset whose values stay in the aggregated files).
 *
 * <p>On {@link #open} the layout is checked: dimensions {@code sample}, {@code time}, {@code x} (and {@code y} for
 * 2-D), coordinate variables {@code time(time)}, {@code x(x)} ({@code y(y)}), and each field
 * {@code (sample, time, [y,] x)}. A field is any variable with exactly those dimensions; a per-sample parameter
 * is any other numeric variable on {@code (sample)} alone. Values of any numeric type are converted to
 * {@code float}. The small variables (coordinates, per-sample parameters) and the global attributes are read once
 * by {@link #open}; field values only when asked for.
 *
 * <p>Safety: {@link #open} refuses a file (or a file an NcML aggregation lists) shorter than its header implies
 * ({@link FileCompleteness}), and every read of field values refuses NaN and infinities with a
 * {@link NonFiniteValueException} naming the field, the sample and the time index, so no consumer computes
 * statistics, losses or metrics from them.
 *
 * <pre>{@code
 * try (DatasetReader r = DatasetReader.open(Path.of("b.nc"), "u")) {
 *     float[] u0 = r.readSnapshot("u", 0, 0);        // [nx]
 *     float[] batch = r.readSamples("u", 0, 32);     // [32 * time * nx]
 *     for (Sample s : r.samples("u")) { ... }
 * }
 * }</pre>
 * Not thread-safe: use one reader per thread.
 */
public final class DatasetReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetReader.class);
    /** Serialises the swap of {@code System.out} around {@link NetcdfFile#open}. */
    private static final Object STDOUT_LOCK = new Object();

    private final Path file;
    private final NetcdfFile nc;
    private final int samples;
    private final int times;
    private final int nx;
    private final int ny;
    private final double[] time;
    private final double[] x;
    private final double[] y;
    private final Map<String, Variable> fields = new LinkedHashMap<>();
    private final Map<String, double[]> parameters = new LinkedHashMap<>();
    private final long[] sampleIndices;
    private final Map<String, Object> attributes;
    /** Files of an NcML aggregation, empty for a plain file. */
    private final List<Path> components;

    private DatasetReader(Path file, NetcdfFile nc, List<Path> components, String[] requiredFields)
            throws IOException {
        this.file = file;
        this.nc = nc;
        this.components = List.copyOf(components);
        String name = file.toString();
        Dimension dSample = requireDimension("sample");
        Dimension dTime = requireDimension("time");
        Dimension dX = requireDimension("x");
        Dimension dY = nc.findDimension("y");
        samples = dSample.getLength();
        times = dTime.getLength();
        nx = dX.getLength();
        ny = dY == null ? 0 : dY.getLength();
        time = readCoordinate("time", times);
        x = readCoordinate("x", nx);
        y = dY == null ? new double[0] : readCoordinate("y", ny);
        List<String> fieldDims = dY == null ? List.of("sample", "time", "x") : List.of("sample", "time", "y", "x");
        Variable sc = null;
        for (Variable v : nc.getVariables()) {
            List<String> dims = dimensionNames(v);
            if (!v.getDataType().isNumeric()) {
                continue;
            }
            if (dims.equals(fieldDims)) {
                fields.put(v.getShortName(), v);
            } else if (dims.equals(List.of("sample"))) {
                if (v.getShortName().equals("sample")) {
                    sc = v;
                } else {
                    parameters.put(v.getShortName(), toDouble(v.read()));
                }
            }
        }
        sampleIndices = new long[samples];
        if (sc == null) {
            Arrays.setAll(sampleIndices, i -> i);
        } else {
            IndexIterator it = sc.read().getIndexIterator();
            for (int i = 0; i < samples; i++) {
                sampleIndices[i] = it.getLongNext();
            }
        }
        attributes = readAttributes(nc);
        for (String f : requiredFields) {
            Variable v = nc.findVariable(f);
            if (v == null) {
                throw new DatasetFormatException(name + ": missing variable '" + f + "' (expected " + f
                        + describe(fieldDims) + ")");
            }
            if (!fields.containsKey(f)) {
                throw new DatasetFormatException(name + ": variable '" + f + "' has shape " + shapeOf(v)
                        + ", expected " + expectedShape(fieldDims));
            }
        }
        if (fields.isEmpty()) {
            throw new DatasetFormatException(name + ": no field variable with dimensions " + describe(fieldDims));
        }
    }

    /**
     * Opens a dataset and checks its layout.
     *
     * @param file           a netCDF-3 or netCDF-4 file, or an NcML aggregation of such files ({@code *.ncml})
     * @param requiredFields fields that must be present with dimensions {@code (sample, time, [y,] x)}
     * @return an open reader; close it
     * @throws NoSuchFileException     if the file, or a file an NcML aggregation lists, does not exist
     * @throws AccessDeniedException   if it cannot be read
     * @throws DatasetFormatException  if it is not a NetCDF file, is shorter than its header implies (truncated:
     *                                 the message names the expected and the actual size), or a dimension or
     *                                 variable is missing or has the wrong shape (the message names file,
     *                                 variable, expected and actual shape)
     * @throws IOException             on another read error
     */
    public static DatasetReader open(Path file, String... requiredFields) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "dataset file not found");
        }
        if (Files.isDirectory(file)) {
            throw new DatasetFormatException(file + " is a directory, not a dataset file");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString(), null, "dataset file not readable");
        }
        List<Path> components = List.of();
        if (NcmlFiles.isNcml(file)) {
            components = NcmlFiles.components(file);
            for (Path c : components) {
                if (!Files.isRegularFile(c)) {
                    throw new NoSuchFileException(c.toString(), null, "file of the NcML aggregation " + file
                            + " not found");
                }
                FileCompleteness.check(c);
            }
        } else {
            FileCompleteness.check(file);
        }
        if (!components.isEmpty()) {
            useFileCache();
        }
        NetcdfFile nc;
        try {
            nc = openQuietly(file);
        } catch (FileNotFoundException ex) {
            throw new NoSuchFileException(file.toString(), null, ex.getMessage());
        } catch (IOException ex) {
            throw new DatasetFormatException(file + ": not a " + (components.isEmpty() ? "NetCDF file"
                    : "usable NcML aggregation") + " (" + innermost(ex) + ")");
        }
        try {
            return new DatasetReader(file, nc, components, requiredFields);
        } catch (IOException | RuntimeException ex) {
            nc.close();
            throw ex;
        }
    }

    /**
     * Opens several dataset files as one, their samples one after the other in the order given (an NcML
     * {@code joinExisting} aggregation along {@code sample}, built in memory: nothing is written or copied). Each
     * file is checked as {@link #open} checks one. That the files hold the same kind of data is not checked here:
     * code that joins data sets checks that first ({@code DatasetMerger}, or {@code ConcatenatedFieldSource} of
     * the operators module). {@link #file()} is the first file; {@link #components()} lists them all.
     *
     * @param files          two or more netCDF files (one file is simply {@link #open}ed)
     * @param requiredFields fields that must be present
     * @return an open reader of the joined samples; close it
     * @throws NoSuchFileException    if a file does not exist
     * @throws DatasetFormatException if a file is truncated, not NetCDF, an NcML document, or lacks a field
     * @throws IOException            on another read error
     */
    public static DatasetReader openJoined(List<Path> files, String... requiredFields) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no dataset files to open");
        }
        if (files.size() == 1) {
            return open(files.get(0), requiredFields);
        }
        StringBuilder xml = new StringBuilder("<netcdf xmlns=\"http://www.unidata.ucar.edu/namespaces/netcdf/"
                + "ncml-2.2\"><aggregation dimName=\"sample\" type=\"joinExisting\">");
        List<Path> absolute = new ArrayList<>();
        for (Path f : files) {
            // each file is checked on its own, with the message naming it
            open(f, requiredFields).close();
            if (NcmlFiles.isNcml(f)) {
                throw new DatasetFormatException(f + ": an NcML aggregation cannot be joined with other files; "
                        + "give the files it lists instead");
            }
            Path abs = f.toAbsolutePath().normalize();
            absolute.add(abs);
            xml.append("<netcdf location=\"").append(abs.toString().replace("&", "&amp;").replace("\"", "&quot;")
                    .replace("<", "&lt;")).append("\"/>");
        }
        xml.append("</aggregation></netcdf>");
        Path first = files.get(0);
        useFileCache();
        NetcdfFile nc;
        try {
            nc = quietly(first, () -> NcMLReader.readNcML(new StringReader(xml.toString()),
                    absolute.get(0).resolveSibling("joined.ncml").toUri().toString(), null));
        } catch (IOException ex) {
            throw new DatasetFormatException(first + " and " + (files.size() - 1) + " other files cannot be joined ("
                    + innermost(ex) + ")");
        }
        try {
            return new DatasetReader(first, nc, absolute, requiredFields);
        } catch (IOException | RuntimeException ex) {
            nc.close();
            throw ex;
        }
    }

    /** Opens a NetCDF-Java dataset. */
    @FunctionalInterface
    private interface Opener {
        NetcdfFile open() throws IOException;
    }

    /**
     * Opens with NetCDF-Java while catching what it prints: some of its format probes (e.g. the SIGMET one, tried
     * on files no other format claims) write "In isValidFile(): ..." to standard output, which must carry only
     * results. The text is logged at debug level instead.
     */
    private static NetcdfFile openQuietly(Path file) throws IOException {
        // NetcdfDataset.openFile reads NcML too; it returns plain files as NetcdfFile.open does
        return quietly(file, () -> NetcdfDataset.openFile(file.toString(), null));
    }

    private static NetcdfFile quietly(Path file, Opener opener) throws IOException {
        synchronized (STDOUT_LOCK) {
            PrintStream saved = System.out;
            ByteArrayOutputStream chatter = new ByteArrayOutputStream();
            System.setOut(new PrintStream(chatter, true, StandardCharsets.UTF_8));
            try {
                return opener.open();
            } finally {
                System.setOut(saved);
                if (chatter.size() > 0) {
                    LOG.debug("NetCDF-Java printed while opening {}: {}", file,
                            chatter.toString(StandardCharsets.UTF_8).trim());
                }
            }
        }
    }

    /** @return the message of the deepest cause (NetCDF-Java wraps its reasons in several layers) */
    private static String innermost(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }

    private Dimension requireDimension(String name) throws DatasetFormatException {
        Dimension d = nc.findDimension(name);
        if (d == null) {
            throw new DatasetFormatException(file + ": missing dimension '" + name + "'");
        }
        return d;
    }

    private double[] readCoordinate(String name, int length) throws IOException {
        Variable v = nc.findVariable(name);
        if (v == null) {
            throw new DatasetFormatException(file + ": missing variable '" + name + "' (coordinate " + name + "("
                    + name + "))");
        }
        if (!dimensionNames(v).equals(List.of(name)) || !v.getDataType().isNumeric()) {
            throw new DatasetFormatException(file + ": variable '" + name + "' has shape " + shapeOf(v)
                    + ", expected [" + name + "=" + length + "]");
        }
        return toDouble(v.read());
    }

    private static List<String> dimensionNames(Variable v) {
        List<String> names = new ArrayList<>();
        for (Dimension d : v.getDimensions()) {
            names.add(d.getShortName());
        }
        return names;
    }

    private static String shapeOf(Variable v) {
        StringBuilder sb = new StringBuilder("[");
        List<Dimension> dims = v.getDimensions();
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims.get(i).getShortName()).append('=').append(dims.get(i).getLength());
        }
        return sb.append(']').toString();
    }

    private String expectedShape(List<String> dims) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims.get(i)).append('=').append(nc.findDimension(dims.get(i)).getLength());
        }
        return sb.append(']').toString();
    }

    private static String describe(List<String> dims) {
        return "(" + String.join(", ", dims) + ")";
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * @return the files an NcML aggregation (or {@link #openJoined}) reads, absolute, or an empty list for a plain
     *         file
     */
    public List<Path> components() {
        return components;
    }

    /**
     * @return the file format as NetCDF-Java names it, e.g. {@code "NetCDF-3/CDM"} or {@code "NetCDF-4"}; for an
     *         aggregation {@code "NcML aggregation of 4 files (NetCDF-3/CDM)"} or {@code "4 files joined (...)"}
     */
    public String format() {
        if (!components.isEmpty()) {
            String files = components.size() + " file" + (components.size() == 1 ? "" : "s");
            String kind = nc.getFileTypeDescription();
            return NcmlFiles.isNcmlQuietly(file) ? "NcML aggregation of " + files + " (" + kind + ")"
                    : files + " joined (" + kind + ")";
        }
        return nc.getFileTypeDescription();
    }

    /** @return number of samples */
    public int sampleCount() {
        return samples;
    }

    /** @return number of output times */
    public int timeCount() {
        return times;
    }

    /** @return points in x */
    public int nx() {
        return nx;
    }

    /** @return points in y, 0 for a 1-D dataset */
    public int ny() {
        return ny;
    }

    /** @return 1 or 2 */
    public int spatialDimensions() {
        return ny == 0 ? 1 : 2;
    }

    /** @return grid points per snapshot: nx (1-D) or ny * nx (2-D) */
    public int points() {
        return ny == 0 ? nx : nx * ny;
    }

    /** @return values of one field of one sample: {@code timeCount() * points()} */
    public int valuesPerSample() {
        return times * points();
    }

    /** @return the output times {@code [time]} (a copy) */
    public double[] times() {
        return time.clone();
    }

    /** @return x coordinates {@code [x]} (a copy) */
    public double[] x() {
        return x.clone();
    }

    /** @return y coordinates {@code [y]} (a copy; empty for 1-D) */
    public double[] y() {
        return y.clone();
    }

    /**
     * @return the domain length: the {@code domain_length} attribute if present, else {@code nx * (x[1] - x[0])}
     */
    public double domainLength() {
        Object a = attributes.get("domain_length");
        if (a instanceof Number) {
            return ((Number) a).doubleValue();
        }
        return nx > 1 ? nx * (x[1] - x[0]) : Double.NaN;
    }

    /** @return names of the field variables, in file order */
    public List<String> fieldNames() {
        return List.copyOf(fields.keySet());
    }

    /** @return names of the per-sample parameter variables, in file order */
    public List<String> sampleParameterNames() {
        return List.copyOf(parameters.keySet());
    }

    /**
     * @param name a field or parameter variable
     * @return its name, {@code long_name} and {@code units} (empty strings when absent)
     */
    public VariableSpec variable(String name) {
        Variable v = nc.findVariable(name);
        if (v == null) {
            throw new IllegalArgumentException(file + ": no variable '" + name + "'");
        }
        Attribute ln = v.findAttribute("long_name");
        Attribute un = v.findAttribute("units");
        return new VariableSpec(name, ln == null || !ln.isString() ? "" : ln.getStringValue(),
                un == null || !un.isString() ? "" : un.getStringValue());
    }

    /**
     * @param name a variable of the file
     * @return whether it stores integers (e.g. the labels {@code sample_index} and {@code member} of a forecast
     *         file), as opposed to floating-point values
     * @throws IllegalArgumentException if there is no such variable
     */
    public boolean isIntegerVariable(String name) {
        Variable v = nc.findVariable(name);
        if (v == null) {
            throw new IllegalArgumentException(file + ": no variable '" + name + "'");
        }
        return v.getDataType().isIntegral();
    }

    /** @return global attributes, String or Number values (first element of numeric arrays), in file order */
    public Map<String, Object> attributes() {
        return attributes;
    }

    private static Map<String, Object> readAttributes(NetcdfFile nc) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Attribute a : nc.getGlobalAttributes()) {
            if (a.isString()) {
                m.put(a.getShortName(), a.getStringValue());
            } else if (a.getLength() > 0) {
                m.put(a.getShortName(), a.getNumericValue());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return the global sample indices stored in the {@code sample} coordinate, or 0..samples-1 without one */
    public long[] sampleIndices() {
        return sampleIndices.clone();
    }

    /**
     * Values of a physical parameter for every sample: the per-sample variable if the parameter varies, else the
     * global attribute repeated.
     *
     * @param name parameter name, e.g. {@code "nu"}
     * @return {@code [samples]}
     * @throws IllegalArgumentException if neither a per-sample variable nor a numeric global attribute has that name
     * @throws IOException              on a read error
     */
    public double[] parameter(String name) throws IOException {
        double[] values = parameters.get(name);
        if (values != null) {
            return values.clone();
        }
        Object a = attributes.get(name);
        if (a instanceof Number) {
            double[] d = new double[samples];
            Arrays.fill(d, ((Number) a).doubleValue());
            return d;
        }
        throw new IllegalArgumentException(file + ": no parameter '" + name + "' (neither a variable " + name
                + "(sample) nor a numeric global attribute)");
    }

    /**
     * Reads one sample of a field.
     *
     * @param field  field name
     * @param sample sample index in [0, sampleCount())
     * @return {@code [time * points]}, x fastest
     * @throws IOException on a read error
     */
    public float[] readSample(String field, int sample) throws IOException {
        return readSamples(field, sample, 1);
    }

    /**
     * Reads consecutive samples of a field in one hyperslab read.
     *
     * @param field field name
     * @param first first sample index
     * @param count number of samples, {@code >= 1}
     * @return {@code [count * time * points]}, sample-major, x fastest
     * @throws IOException on a read error
     */
    public float[] readSamples(String field, int first, int count) throws IOException {
        float[] v = toFloat(readBlock(field, first, count));
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw nonFinite(field, v[i], first, 0, i);
            }
        }
        return v;
    }

    /**
     * Reads one snapshot (one sample at one time).
     *
     * @param field     field name
     * @param sample    sample index
     * @param timeIndex index into {@link #times()}
     * @return {@code [points]}, x fastest
     * @throws IOException on a read error
     */
    public float[] readSnapshot(String field, int sample, int timeIndex) throws IOException {
        checkRange(sample, 1);
        if (timeIndex < 0 || timeIndex >= times) {
            throw new IllegalArgumentException("time index " + timeIndex + " outside [0, " + times + ")");
        }
        Variable v = fieldVariable(field);
        int[] origin = new int[v.getRank()];
        int[] shape = v.getShape();
        origin[0] = sample;
        origin[1] = timeIndex;
        shape[0] = 1;
        shape[1] = 1;
        float[] values = toFloat(read(v, origin, shape));
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw nonFinite(field, values[i], sample, timeIndex, i);
            }
        }
        return values;
    }

    /**
     * Reads one sample of a field in double precision (values are float32 in files this toolkit writes).
     *
     * @param field  field name
     * @param sample sample index
     * @return {@code [time * points]}
     * @throws IOException on a read error
     */
    public double[] readSampleAsDouble(String field, int sample) throws IOException {
        return readSamplesAsDouble(field, sample, 1);
    }

    /**
     * Reads consecutive samples of a field in double precision.
     *
     * @param field field name
     * @param first first sample index
     * @param count number of samples, {@code >= 1}
     * @return {@code [count * time * points]}, sample-major, x fastest
     * @throws IOException on a read error
     */
    public double[] readSamplesAsDouble(String field, int first, int count) throws IOException {
        double[] v = toDouble(readBlock(field, first, count));
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw nonFinite(field, v[i], first, 0, i);
            }
        }
        return v;
    }

    /**
     * The error for a non-finite value found in a block read.
     *
     * @param field     the field
     * @param value     the value (NaN or an infinity)
     * @param first     sample of the block's first value
     * @param firstTime time index of the block's first value (0 for whole samples)
     * @param offset    the value's position in the block, {@code [sample][time][points]} order
     */
    private NonFiniteValueException nonFinite(String field, double value, int first, int firstTime, int offset) {
        int points = points();
        int perSample = firstTime == 0 ? times * points : points;
        int sample = first + offset / perSample;
        int time = firstTime + offset % perSample / points;
        int point = offset % points;
        String where = ny == 0 ? "x index " + point
                : String.format(Locale.ROOT, "y index %d, x index %d", point / nx, point % nx);
        String global = sampleIndices[sample] == sample ? "" : " (global sample index " + sampleIndices[sample] + ")";
        return new NonFiniteValueException(String.format(Locale.ROOT,
                "%s: field '%s' has a non-finite value (%s) at sample %d%s, time index %d (t = %s), %s", file, field,
                value, sample, global, time, time < this.time.length ? this.time[time] : "?", where), field, sample,
                time);
    }

    /** Reads samples {@code first .. first + count - 1} of a field in one hyperslab read. */
    private Array readBlock(String field, int first, int count) throws IOException {
        checkRange(first, count);
        Variable v = fieldVariable(field);
        int[] origin = new int[v.getRank()];
        int[] shape = v.getShape();
        origin[0] = first;
        shape[0] = count;
        return read(v, origin, shape);
    }

    /**
     * The file's layout, e.g. to write predictions in the same layout with {@link NetcdfDatasetWriter}: grid,
     * times, fields and per-sample parameters with their long_name and units, and the global attributes.
     *
     * @return the layout; its domain length is {@link #domainLength()}
     */
    public DatasetLayout layout() {
        List<VariableSpec> f = new ArrayList<>();
        for (String name : fields.keySet()) {
            f.add(variable(name));
        }
        List<VariableSpec> p = new ArrayList<>();
        for (String name : parameters.keySet()) {
            p.add(variable(name));
        }
        return new DatasetLayout(domainLength(), nx, ny, time, f, p, attributes);
    }

    /**
     * Iterates over all samples in order, reading one at a time (memory: one sample).
     *
     * @param fieldNames the fields to read (all fields if none are given)
     * @return an iterable whose every iteration reads the file from the first sample; {@link IOException}s
     *         surface as {@link UncheckedIOException}
     */
    public Iterable<Sample> samples(String... fieldNames) {
        List<String> names = fieldNames.length == 0 ? fieldNames() : List.of(fieldNames);
        for (String n : names) {
            fieldVariable(n);
        }
        return blocks(1, (first, count) -> read(first, names));
    }

    /**
     * A block of consecutive samples of one field.
     *
     * @param first  index of the first sample in the file
     * @param count  number of samples
     * @param values {@code [count * time * points]}, sample-major, x fastest
     */
    public record Batch(int first, int count, float[] values) {
    }

    /**
     * Iterates over a field in blocks of {@code batchSize} consecutive samples (the last block may be smaller),
     * one hyperslab read per block (memory: one block).
     *
     * @param field     field name
     * @param batchSize samples per block, {@code >= 1}
     * @return an iterable whose every iteration reads the file from the first sample; {@link IOException}s
     *         surface as {@link UncheckedIOException}
     */
    public Iterable<Batch> batches(String field, int batchSize) {
        fieldVariable(field);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        return blocks(batchSize, (first, count) -> new Batch(first, count, readSamples(field, first, count)));
    }

    /** Reads the {@code count} samples starting at {@code first}, for {@link #blocks}. */
    @FunctionalInterface
    private interface BlockRead<T> {
        T read(int first, int count) throws IOException;
    }

    /** @return an iterable over consecutive blocks of at most {@code size} samples, each made by {@code read} */
    private <T> Iterable<T> blocks(int size, BlockRead<T> read) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < samples;
            }

            @Override
            public T next() {
                if (next >= samples) {
                    throw new NoSuchElementException();
                }
                int count = Math.min(size, samples - next);
                try {
                    T block = read.read(next, count);
                    next += count;
                    return block;
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        };
    }

    /**
     * Reads one sample with its parameters.
     *
     * @param index      sample index
     * @param fieldNames fields to read
     * @return the sample
     * @throws IOException on a read error
     */
    public Sample read(int index, List<String> fieldNames) throws IOException {
        checkRange(index, 1);
        Map<String, float[]> f = new LinkedHashMap<>();
        for (String n : fieldNames) {
            f.put(n, readSample(n, index));
        }
        Map<String, Double> p = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : parameters.entrySet()) {
            p.put(e.getKey(), e.getValue()[index]);
        }
        return new Sample(index, sampleIndices[index], f, p);
    }

    private Variable fieldVariable(String field) {
        Variable v = fields.get(field);
        if (v == null) {
            throw new IllegalArgumentException(file + ": no field '" + field + "'; fields: " + fields.keySet());
        }
        return v;
    }

    private void checkRange(int first, int count) {
        if (count < 1 || first < 0 || first > samples - count) {
            throw new IllegalArgumentException("samples " + first + " .. " + (first + count - 1) + " outside [0, "
                    + samples + ") of " + file);
        }
    }

    private static Array read(Variable v, int[] origin, int[] shape) throws IOException {
        try {
            return v.read(origin, shape);
        } catch (InvalidRangeException ex) {
            throw new IllegalArgumentException("bad section of '" + v.getShortName() + "': " + ex.getMessage(), ex);
        }
    }

    private static float[] toFloat(Array a) {
        if (a.getElementType() == float.class) {
            return (float[]) a.get1DJavaArray(float.class);
        }
        float[] out = new float[(int) a.getSize()];
        IndexIterator it = a.getIndexIterator();
        for (int i = 0; i < out.length; i++) {
            out[i] = it.getFloatNext();
        }
        return out;
    }

    private static double[] toDouble(Array a) {
        double[] out = new double[(int) a.getSize()];
        IndexIterator it = a.getIndexIterator();
        for (int i = 0; i < out.length; i++) {
            out[i] = it.getDoubleNext();
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        nc.close();
        if (!components.isEmpty()) {
            // files released by this aggregation are closed, so that no later reader sees a replaced file's old
            // content; files in use by other open aggregations stay
            FileCacheIF cache = NetcdfDataset.getNetcdfFileCache();
            if (cache != null) {
                cache.clearCache(false);
            }
        }
    }

    /**
     * Lets aggregations keep their files open between reads: without NetCDF-Java's file cache an aggregation opens
     * and closes the file for every read (measured on 32^2 snapshots: about 1.8 ms per read without the cache,
     * 0.2 ms with it, 0.1 to 0.2 ms from a plain file). No cleanup thread (period 0): idle files are closed when an
     * aggregation is closed, or when more than 64 are open.
     */
    private static void useFileCache() {
        synchronized (STDOUT_LOCK) {
            if (NetcdfDataset.getNetcdfFileCache() == null) {
                NetcdfDataset.initNetcdfFileCache(8, 64, 0);
            }
        }
    }
}
