package dev.surrogate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.training.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code surrogate quickstart} at a toy size with the test model (the FNO run is the README's first command). */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void runsEndToEndAndWritesTableModelAndPlots() throws Exception {
        TinyPointwise.register();
        Path out = dir.resolve("qs");
        CliTestSupport.Run r = CliTestSupport.run("quickstart", "--model", "tiny", "--samples", "10", "--nx", "32",
                "--epochs", "2", "--width", "8", "--threads", "1", "--no-progress", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rel_l2"), r.out());
        assertTrue(r.out().contains("8 training, 2 held-out samples"), r.out());
        for (String png : new String[] {"prediction.png", "training.png"}) {
            byte[] b = Files.readAllBytes(out.resolve(png));
            assertArrayEquals(PNG, Arrays.copyOf(b, 4), png + " is a PNG");
        }
        assertTrue(Files.isRegularFile(out.resolve("model/config.json")));
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".plot.")), "no temporary plots");
        }
        // a second quickstart into the same directory refuses to overwrite it and changes nothing ...
        byte[] data = Files.readAllBytes(out.resolve("burgers.nc"));
        CliTestSupport.Run again = CliTestSupport.run("quickstart", "--model", "tiny", "--samples", "6", "--nx",
                "32", "--epochs", "1", "--width", "8", "--threads", "1", "--no-progress", "--out", out.toString());
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains(out.resolve("burgers.nc") + " exists; add --force"), again.err());
        assertArrayEquals(data, Files.readAllBytes(out.resolve("burgers.nc")));
        // ... and with --force starts over
        CliTestSupport.Run j = CliTestSupport.run("quickstart", "--model", "tiny", "--samples", "10", "--nx", "32",
                "--epochs", "1", "--width", "8", "--threads", "1", "--no-progress", "--json", "--force", "--out",
                out.toString());
        assertEquals(0, j.code(), j.err());
        Map<String, Object> m = Json.parseObject(j.out());
        assertEquals(2, ((Number) m.get("samples")).intValue());
        assertTrue(((Number) m.get("rel_l2")).doubleValue() > 0);
    }

    @Test
    void rejectsTooFewSamples() {
        CliTestSupport.Run r = CliTestSupport.run("quickstart", "--samples", "3", "--out",
                dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--samples must be >= 5"), r.err());
    }
}
