package dev.surrogate.generative.constraints;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sparse observations of trajectories, for data assimilation by constrained sampling: values of a field at grid
 * points and snapshot times, per sample. Read from a CSV file with a header naming the columns {@code sample} (the
 * global sample index, the file's {@code sample} coordinate), {@code time} (the snapshot index in the file),
 * {@code x} (grid index; and {@code y} for 2-D data), optionally {@code field} (a field name; needed when the
 * model has several fields) and {@code value}; blank lines and lines starting with {@code #} are skipped.
 */
public final class Observations {
    /**
     * One observed value.
     *
     * @param time  snapshot index in the data file
     * @param field field index in the model's fields
     * @param point grid point index (x fastest)
     * @param value the value, field units
     */
    public record Value(int time, int field, int point, double value) {
    }

    private final Path file;
    private final Map<Long, List<Value>> bySample;

    private Observations(Path file, Map<Long, List<Value>> bySample) {
        this.file = file;
        this.bySample = bySample;
    }

    /**
     * @param values observed values by global sample index
     * @return observations held in memory
     */
    public static Observations of(Map<Long, List<Value>> values) {
        Map<Long, List<Value>> m = new HashMap<>();
        values.forEach((k, v) -> m.put(k, List.copyOf(v)));
        return new Observations(null, m);
    }

    /**
     * Reads a CSV file.
     *
     * @param file   the file
     * @param fields the model's fields, in channel order
     * @param shape  the grid {@code {nx}} or {@code {ny, nx}}
     * @param times  snapshots per trajectory in the data
     * @return the observations
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file and line of a malformed or out-of-range entry
     */
    public static Observations read(Path file, List<String> fields, int[] shape, int times) throws IOException {
        Map<Long, List<Value>> m = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            Map<String, Integer> column = null;
            while ((line = r.readLine()) != null) {
                number++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split(",");
                if (column == null) {
                    column = header(file, number, cells, shape.length);
                    continue;
                }
                if (cells.length != column.size()) {
                    throw new IllegalArgumentException(file + " line " + number + ": " + cells.length + " cells, the "
                            + "header has " + column.size());
                }
                try {
                    long sample = Long.parseLong(cells[column.get("sample")].trim());
                    int time = Integer.parseInt(cells[column.get("time")].trim());
                    int x = Integer.parseInt(cells[column.get("x")].trim());
                    int y = shape.length == 2 ? Integer.parseInt(cells[column.get("y")].trim()) : 0;
                    double value = Double.parseDouble(cells[column.get("value")].trim());
                    int field = 0;
                    if (column.containsKey("field")) {
                        field = fields.indexOf(cells[column.get("field")].trim());
                        if (field < 0) {
                            throw new IllegalArgumentException(file + " line " + number + ": field '"
                                    + cells[column.get("field")].trim() + "' is not one of the model's " + fields);
                        }
                    } else if (fields.size() > 1) {
                        throw new IllegalArgumentException(file + ": the model has fields " + fields + "; add a "
                                + "'field' column");
                    }
                    int nx = shape[shape.length - 1];
                    int ny = shape.length == 2 ? shape[0] : 1;
                    if (time < 0 || time >= times || x < 0 || x >= nx || y < 0 || y >= ny || !Double.isFinite(value)) {
                        throw new IllegalArgumentException(file + " line " + number + ": time " + time + ", x " + x
                                + (shape.length == 2 ? ", y " + y : "") + ", value " + value + " outside the data's "
                                + times + " snapshots and grid " + Arrays.toString(shape) + " (or not finite)");
                    }
                    m.computeIfAbsent(sample, k -> new ArrayList<>()).add(new Value(time, field, y * nx + x, value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + number + ": not a number: " + e.getMessage());
                }
            }
            if (column == null) {
                throw new IllegalArgumentException(file + ": no header line (sample,time,x,value)");
            }
        }
        return new Observations(file, m);
    }

    private static Map<String, Integer> header(Path file, int line, String[] cells, int dims) {
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < cells.length; i++) {
            column.put(cells[i].trim().toLowerCase(Locale.ROOT), i);
        }
        List<String> needed = new ArrayList<>(List.of("sample", "time", "x", "value"));
        if (dims == 2) {
            needed.add("y");
        }
        for (String n : needed) {
            if (!column.containsKey(n)) {
                throw new IllegalArgumentException(file + " line " + line + ": the header needs the columns "
                        + needed + (dims == 2 ? "" : " (and 'field' for several fields)") + ", got "
                        + Arrays.toString(cells));
            }
        }
        return column;
    }

    /**
     * @param sample global sample index
     * @return its observed values (empty if none)
     */
    public List<Value> of(long sample) {
        return bySample.getOrDefault(sample, List.of());
    }

    /** @return the file read, or null for observations built in memory */
    public Path file() {
        return file;
    }

    /** @return number of observed values */
    public int size() {
        return bySample.values().stream().mapToInt(List::size).sum();
    }
}
