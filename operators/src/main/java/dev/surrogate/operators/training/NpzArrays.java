package dev.surrogate.operators.training;

import dev.surrogate.datasets.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named float32 arrays in NumPy's {@code .npz} format (a zip of {@code .npy} files, format version 1.0), so
 * {@code numpy.load("weights.npz")} reads a model's weights by variable name. Extra entries that are not
 * {@code .npy} files (e.g. {@code state.json} in a checkpoint) may sit in the same zip.
 */
public final class NpzArrays {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpzArrays() {
    }

    /**
     * Writes arrays and text entries atomically.
     *
     * @param file   destination {@code .npz}
     * @param arrays arrays by name (stored as {@code name.npy}, converted to float32 C order)
     * @param texts  extra entries by full entry name (UTF-8), may be empty
     */
    public static void write(Path file, Map<String, INDArray> arrays, Map<String, String> texts) {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(Deflater.BEST_SPEED);
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                writeNpy(zip, e.getValue());
                zip.closeEntry();
            }
            for (Map.Entry<String, String> e : texts.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /**
     * Reads every {@code .npy} entry as a float32 array and every other entry as UTF-8 text.
     *
     * @param file an {@code .npz} file
     * @return arrays by name (without {@code .npy}), in file order, and texts by entry name
     * @throws UncheckedIOException naming the file if it cannot be read
     * @throws IllegalArgumentException naming the entry if an array is not float32/float64 C-order
     */
    public static Contents read(Path file) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(
                new java.io.BufferedInputStream(in, 1 << 16))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                byte[] bytes = zip.readAllBytes();
                if (name.endsWith(".npy")) {
                    String key = name.substring(0, name.length() - 4);
                    try {
                        arrays.put(key, readNpy(bytes));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + ": entry " + name + ": " + e.getMessage(), e);
                    }
                } else {
                    texts.put(name, new String(bytes, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Contents(arrays, texts);
    }

    /**
     * What an {@code .npz} file holds.
     *
     * @param arrays float32 arrays by name
     * @param texts  other entries by name
     */
    public record Contents(Map<String, INDArray> arrays, Map<String, String> texts) {
    }

    static void writeNpy(OutputStream out, INDArray array) throws IOException {
        INDArray a = array.castTo(DataType.FLOAT).dup('c');
        long[] shape = a.shape();
        StringBuilder s = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                s.append(shape.length == 1 ? "," : ", ");
            }
        }
        s.append("), }");
        // magic (6) + version (2) + header length (2) + header must be a multiple of 64, header ends with \n
        int unpadded = 10 + s.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        s.append(" ".repeat(pad)).append('\n');
        byte[] header = s.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length & 0xff);
        out.write((header.length >>> 8) & 0xff);
        out.write(header);
        float[] values = a.length() == 0 ? new float[0] : a.data().asFloat();
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values, 0, (int) a.length());
        out.write(buf.array(), 0, (int) a.length() * Float.BYTES);
    }

    static INDArray readNpy(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        byte[] magic = new byte[6];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException("not a .npy array (bad magic)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        int headerLength;
        if (major == 1) {
            headerLength = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
        } else {
            headerLength = in.readUnsignedByte() | (in.readUnsignedByte() << 8) | (in.readUnsignedByte() << 16)
                    | (in.readUnsignedByte() << 24);
        }
        byte[] headerBytes = new byte[headerLength];
        in.readFully(headerBytes);
        String header = new String(headerBytes, StandardCharsets.US_ASCII);
        String descr = group(DESCR, header, "descr");
        if ("True".equals(group(ORDER, header, "fortran_order"))) {
            throw new IllegalArgumentException("Fortran-order arrays are not supported");
        }
        String[] dims = group(SHAPE, header, "shape").split(",");
        java.util.List<Long> shapeList = new java.util.ArrayList<>();
        for (String d : dims) {
            if (!d.isBlank()) {
                shapeList.add(Long.parseLong(d.trim()));
            }
        }
        long[] shape = shapeList.stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        int offset = bytes.length - in.available();
        ByteBuffer data = ByteBuffer.wrap(bytes, offset, bytes.length - offset).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) n];
        switch (descr) {
            case "<f4":
                check(data.remaining(), n * 4);
                data.asFloatBuffer().get(values);
                break;
            case "<f8":
                check(data.remaining(), n * 8);
                for (int i = 0; i < n; i++) {
                    values[i] = (float) data.getDouble();
                }
                break;
            default:
                throw new IllegalArgumentException("dtype " + descr + " is not supported (need <f4 or <f8)");
        }
        return shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
    }

    private static void check(int have, long need) {
        if (have < need) {
            throw new IllegalArgumentException("truncated array data: " + have + " bytes, need " + need);
        }
    }

    private static String group(Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    /** For tests: an in-memory {@code .npy} encoding. */
    static byte[] toNpy(INDArray a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeNpy(out, a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
