package dev.surrogate.operators.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpzArraysTest {
    @TempDir
    Path tmp;

    @Test
    void npyHeaderFollowsTheNumpyFormat() {
        byte[] b = NpzArrays.toNpy(Nd4j.createFromArray(new float[] {1.5f, -2f, 3f}));
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        int headerLen = (b[8] & 0xff) | ((b[9] & 0xff) << 8);
        assertEquals(0, (10 + headerLen) % 64, "data start is 64-byte aligned");
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
        assertEquals('\n', header.charAt(header.length() - 1));
        assertEquals(10 + headerLen + 12, b.length);
        // little-endian float32 1.5 = 0x3FC00000
        assertEquals(0x00, b[10 + headerLen] & 0xff);
        assertEquals(0xC0, b[10 + headerLen + 2] & 0xff);
        assertEquals(0x3F, b[10 + headerLen + 3] & 0xff);
    }

    @Test
    void roundTripsArraysOfEveryRankAndTexts() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("scalar", Nd4j.scalar(3.25f));
        arrays.put("layer/w", Nd4j.rand(DataType.FLOAT, 4, 3, 2));
        arrays.put("b", Nd4j.rand(DataType.DOUBLE, 5).castTo(DataType.FLOAT));
        arrays.put("view", Nd4j.rand(DataType.FLOAT, 6, 6).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5)));
        Path f = tmp.resolve("a.npz");
        NpzArrays.write(f, arrays, Map.of("state.json", "{\"x\": 1}"));
        NpzArrays.Contents c = NpzArrays.read(f);
        assertEquals(arrays.keySet(), c.arrays().keySet());
        for (String k : arrays.keySet()) {
            assertEquals(arrays.get(k), c.arrays().get(k), k);
        }
        assertEquals("{\"x\": 1}", c.texts().get("state.json"));
    }

    @Test
    void rejectsNonNpyData() {
        byte[] junk = "not numpy".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IllegalArgumentException.class, () -> NpzArrays.readNpy(junk));
    }
}
