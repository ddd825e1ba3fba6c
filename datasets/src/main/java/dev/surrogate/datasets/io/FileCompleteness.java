package dev.surrogate.datasets.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Detects a truncated dataset file (a copy cut short, a download or a {@code head -c} that stopped early) before
 * any value is read, by comparing the file's size with the size its own header implies. NetCDF-Java reads past the
 * end of such a file as zeros (netCDF-3) without complaint, which would silently turn into wrong statistics, wrong
 * training data and wrong metrics.
 *
 * <ul>
 *   <li>netCDF-3 (classic {@code CDF\1}, 64-bit offset {@code CDF\2}, 64-bit data {@code CDF\5}): the header gives
 *       every variable's type, dimensions and begin offset, and the record count; the file must reach the end of
 *       the last value of every variable (of the last record, for record variables). The padding after the last
 *       variable is not required, as in the netCDF C library.</li>
 *   <li>netCDF-4 / HDF5: the superblock stores the end-of-file address; the file must be at least that long (the
 *       check the HDF5 library makes itself).</li>
 * </ul>
 * Other files pass unchecked (NetCDF-Java then decides whether it can read them).
 */
public final class FileCompleteness {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** netCDF-3 tags of the header lists. */
    private static final int NC_DIMENSION = 0x0A;
    private static final int NC_VARIABLE = 0x0B;
    private static final int NC_ATTRIBUTE = 0x0C;
    /** numrecs of a file still being written by a streaming writer: unknown. */
    private static final long STREAMING = 0xFFFFFFFFL;

    private FileCompleteness() {
    }

    /**
     * What a header says about the file's size.
     *
     * @param format   {@code "netCDF-3 classic"}, {@code "netCDF-3 64-bit offset"}, {@code "netCDF-3 64-bit data"},
     *                 {@code "netCDF-4/HDF5"}, or {@code "unknown"}
     * @param expected bytes the file must have at least, or -1 when the header says nothing about it
     * @param records  netCDF-3 record count from the header (-1 for other formats, a file without record
     *                 variables, or a streaming file)
     */
    public record Expectation(String format, long expected, long records) {
    }

    /**
     * Reads the header and computes the smallest size a complete file can have.
     *
     * @param file a dataset file
     * @return the expectation
     * @throws IOException if the file cannot be read or its netCDF-3 header is itself cut short or malformed
     */
    public static Expectation expectation(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] magic = new byte[8];
            int got = readAt(ch, 0, magic);
            if (got >= 4 && magic[0] == 'C' && magic[1] == 'D' && magic[2] == 'F'
                    && (magic[3] == 1 || magic[3] == 2 || magic[3] == 5)) {
                return netcdf3(file, ch, magic[3]);
            }
            // HDF5 allows the superblock at 0, 512, 1024, 2048, ... (a user block may precede it)
            for (long at = 0; at + 8 <= size; at = at == 0 ? 512 : 2 * at) {
                if (readAt(ch, at, magic) == 8 && java.util.Arrays.equals(magic, HDF5_SIGNATURE)) {
                    return hdf5(ch, at);
                }
            }
            return new Expectation("unknown", -1, -1);
        }
    }

    /**
     * Checks that a file is at least as long as its header says.
     *
     * @param file a dataset file
     * @throws DatasetFormatException naming the file, the expected and the actual size if it is shorter, or if its
     *                                netCDF-3 header is itself incomplete
     * @throws IOException            if the file cannot be read
     */
    public static void check(Path file) throws IOException {
        Expectation e;
        try {
            e = expectation(file);
        } catch (EOFException ex) {
            throw new DatasetFormatException(file + ": truncated file: " + ex.getMessage());
        }
        long actual = java.nio.file.Files.size(file);
        if (e.expected() > actual) {
            throw new DatasetFormatException(String.format(java.util.Locale.ROOT,
                    "%s: truncated file: its %s header implies at least %d bytes%s, the file has %d",
                    file, e.format(), e.expected(), e.records() >= 0 ? " (" + e.records() + " records)" : "",
                    actual));
        }
    }

    private static int readAt(FileChannel ch, long position, byte[] dst) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst);
        while (b.hasRemaining()) {
            int n = ch.read(b, position + b.position());
            if (n < 0) {
                break;
            }
        }
        return b.position();
    }

    /** Sequential big-endian reader over a file channel that reports a header cut short. */
    private static final class Header {
        private final FileChannel ch;
        private final Path file;
        private long pos;

        Header(FileChannel ch, Path file, long pos) {
            this.ch = ch;
            this.file = file;
            this.pos = pos;
        }

        ByteBuffer take(int n) throws IOException {
            byte[] b = new byte[n];
            if (readAt(ch, pos, b) < n) {
                throw new EOFException("the header ends at byte " + ch.size() + ", inside an entry at byte " + pos);
            }
            pos += n;
            return ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        }

        int int32() throws IOException {
            return take(4).getInt();
        }

        long int64() throws IOException {
            return take(8).getLong();
        }

        void skip(long n) throws IOException {
            if (pos + n > ch.size()) {
                throw new EOFException("the header ends at byte " + ch.size() + ", inside an entry at byte " + pos);
            }
            pos += n;
        }

        DatasetFormatException malformed(String what) {
            return new DatasetFormatException(file + ": malformed netCDF-3 header: " + what + " at byte " + pos);
        }
    }

    /** One variable of a netCDF-3 header. */
    private record Var(long begin, long bytes, boolean record) {
    }

    private static Expectation netcdf3(Path file, FileChannel ch, byte version) throws IOException {
        boolean cdf5 = version == 5;
        String format = switch (version) {
            case 1 -> "netCDF-3 classic";
            case 2 -> "netCDF-3 64-bit offset";
            default -> "netCDF-3 64-bit data";
        };
        Header h = new Header(ch, file, 4);
        long numrecs = cdf5 ? h.int64() : h.int32() & 0xFFFFFFFFL;
        // dimensions: length 0 marks the record (unlimited) dimension
        List<Long> dims = new ArrayList<>();
        int tag = h.int32();
        long n = cdf5 ? h.int64() : h.int32() & 0xFFFFFFFFL;
        if (tag == NC_DIMENSION) {
            for (long i = 0; i < n; i++) {
                skipName(h, cdf5);
                dims.add(cdf5 ? h.int64() : h.int32() & 0xFFFFFFFFL);
            }
        } else if (tag != 0 || n != 0) {
            throw h.malformed("expected the dimension list");
        }
        skipAttributes(h, cdf5);
        List<Var> vars = new ArrayList<>();
        tag = h.int32();
        n = cdf5 ? h.int64() : h.int32() & 0xFFFFFFFFL;
        if (tag == NC_VARIABLE) {
            for (long i = 0; i < n; i++) {
                skipName(h, cdf5);
                long rank = cdf5 ? h.int64() : h.int32() & 0xFFFFFFFFL;
                long values = 1;
                boolean record = false;
                for (long d = 0; d < rank; d++) {
                    long id = cdf5 ? h.int64() : h.int32() & 0xFFFFFFFFL;
                    if (id < 0 || id >= dims.size()) {
                        throw h.malformed("dimension id " + id + " of " + dims.size());
                    }
                    long len = dims.get((int) id);
                    if (len == 0 && d == 0) {
                        record = true;
                    } else {
                        values = Math.multiplyExact(values, len);
                    }
                }
                skipAttributes(h, cdf5);
                int size = typeSize(h.int32(), h);
                h.skip(cdf5 ? 8 : 4); // vsize: recomputed from the shape, since it saturates above 4 GiB
                long begin = version == 1 ? h.int32() & 0xFFFFFFFFL : h.int64();
                vars.add(new Var(begin, Math.multiplyExact(values, size), record));
            }
        } else if (tag != 0 || n != 0) {
            throw h.malformed("expected the variable list");
        }
        if ((numrecs == STREAMING && !cdf5) || numrecs < 0) {
            numrecs = -1;
        }
        long expected = h.pos;
        long recordSize = 0;
        int recordVars = 0;
        for (Var v : vars) {
            if (v.record()) {
                recordVars++;
                recordSize += pad4(v.bytes());
            }
        }
        if (recordVars == 1) {
            // the format's special case: a file's only record variable is not padded between records
            for (Var v : vars) {
                if (v.record()) {
                    recordSize = v.bytes();
                }
            }
        }
        for (Var v : vars) {
            if (!v.record()) {
                expected = Math.max(expected, v.begin() + v.bytes());
            } else if (numrecs > 0) {
                expected = Math.max(expected, v.begin() + (numrecs - 1) * recordSize + v.bytes());
            }
        }
        return new Expectation(format, expected, recordVars == 0 ? -1 : numrecs);
    }

    private static void skipName(Header h, boolean cdf5) throws IOException {
        long len = cdf5 ? h.int64() : h.int32() & 0xFFFFFFFFL;
        h.skip(pad4(len));
    }

    private static void skipAttributes(Header h, boolean cdf5) throws IOException {
        int tag = h.int32();
        long n = cdf5 ? h.int64() : h.int32() & 0xFFFFFFFFL;
        if (tag == 0 && n == 0) {
            return;
        }
        if (tag != NC_ATTRIBUTE) {
            throw h.malformed("expected an attribute list");
        }
        for (long i = 0; i < n; i++) {
            skipName(h, cdf5);
            int size = typeSize(h.int32(), h);
            long count = cdf5 ? h.int64() : h.int32() & 0xFFFFFFFFL;
            h.skip(pad4(Math.multiplyExact(count, size)));
        }
    }

    private static int typeSize(int type, Header h) throws DatasetFormatException {
        return switch (type) {
            case 1, 2, 7 -> 1;     // byte, char, ubyte
            case 3, 8 -> 2;        // short, ushort
            case 4, 5, 9 -> 4;     // int, float, uint
            case 6, 10, 11 -> 8;   // double, int64, uint64
            default -> throw h.malformed("unknown type " + type);
        };
    }

    private static long pad4(long n) {
        return (n + 3) & ~3L;
    }

    private static Expectation hdf5(FileChannel ch, long at) throws IOException {
        byte[] head = new byte[16];
        if (readAt(ch, at, head) < 16) {
            return new Expectation("netCDF-4/HDF5", at + 16, -1);
        }
        int version = head[8];
        int offsetSize;
        long fieldsAt;
        if (version == 0 || version == 1) {
            offsetSize = head[13];
            // base address, then free-space address, then the end-of-file address
            fieldsAt = at + (version == 0 ? 24 : 28);
        } else if (version == 2 || version == 3) {
            offsetSize = head[9];
            // base address, then superblock-extension address, then the end-of-file address
            fieldsAt = at + 12;
        } else {
            return new Expectation("netCDF-4/HDF5", -1, -1);
        }
        if (offsetSize != 2 && offsetSize != 4 && offsetSize != 8) {
            return new Expectation("netCDF-4/HDF5", -1, -1);
        }
        byte[] fields = new byte[3 * offsetSize];
        if (readAt(ch, fieldsAt, fields) < fields.length) {
            return new Expectation("netCDF-4/HDF5", fieldsAt + fields.length, -1);
        }
        ByteBuffer b = ByteBuffer.wrap(fields).order(ByteOrder.LITTLE_ENDIAN);
        long base = address(b, 0, offsetSize);
        long eof = address(b, 2 * offsetSize, offsetSize);
        if (base < 0 || eof < 0) {
            return new Expectation("netCDF-4/HDF5", -1, -1);
        }
        return new Expectation("netCDF-4/HDF5", base + eof, -1);
    }

    /** @return the little-endian unsigned address, or -1 for HDF5's "undefined address" (all bits set) */
    private static long address(ByteBuffer b, int at, int size) {
        long v = 0;
        boolean allSet = true;
        for (int i = size - 1; i >= 0; i--) {
            int x = b.get(at + i) & 0xFF;
            allSet &= x == 0xFF;
            v = (v << 8) | x;
        }
        return allSet ? -1 : v;
    }
}
