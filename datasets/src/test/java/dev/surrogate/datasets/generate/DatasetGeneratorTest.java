package dev.surrogate.datasets.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.random.SampleSeeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, sharding, sweeps, bounded memory, progress and failure handling of the generator. */
class DatasetGeneratorTest {

    @TempDir
    Path dir;

    private static DatasetProblem burgers() {
        return new BurgersProblem(BurgersSettings.defaults().withNx(32).withTimes(0.05, 3));
    }

    private static float[] allOf(Path file, String field) throws IOException {
        try (DatasetReader r = DatasetReader.open(file, field)) {
            return r.readSamples(field, 0, r.sampleCount());
        }
    }

    @Test
    void oneThreadAndTwoThreadsWriteIdenticalFields() throws IOException {
        Path one = dir.resolve("one.nc");
        Path two = dir.resolve("two.nc");
        DatasetGenerator.Settings s = DatasetGenerator.Settings.of(7, 42)
                .withSweeps(List.of(ParameterSweep.parse("nu=0.05:0.2:log")));
        new DatasetGenerator(burgers(), s.withThreads(1)).generate(one, ProgressListener.NONE);
        new DatasetGenerator(burgers(), s.withThreads(2)).generate(two, ProgressListener.NONE);
        float[] a = allOf(one, "u");
        float[] b = allOf(two, "u");
        // bitwise equality of every float (Arrays.equals compares floatToIntBits)
        assertTrue(java.util.Arrays.equals(a, b), "fields differ between 1 and 2 threads");
        try (DatasetReader r1 = DatasetReader.open(one); DatasetReader r2 = DatasetReader.open(two)) {
            assertArrayEquals(r1.parameter("nu"), r2.parameter("nu"));
        }
        float[] other = allOf(one, "u");
        assertTrue(java.util.Arrays.equals(a, other));
    }

    @Test
    void shardsReproduceTheSamplesOfOneRun() throws IOException {
        DatasetGenerator.Settings s = DatasetGenerator.Settings.of(6, 3).withThreads(2)
                .withSweeps(List.of(ParameterSweep.parse("nu=0.05:0.2")));
        Path whole = dir.resolve("whole.nc");
        new DatasetGenerator(burgers(), s).generate(whole, ProgressListener.NONE);
        Path first = dir.resolve("first.nc");
        Path second = dir.resolve("second.nc");
        new DatasetGenerator(burgers(), new DatasetGenerator.Settings(2, 0, 3, 1, s.sweeps(), ""))
                .generate(first, ProgressListener.NONE);
        new DatasetGenerator(burgers(), new DatasetGenerator.Settings(4, 2, 3, 2, s.sweeps(), ""))
                .generate(second, ProgressListener.NONE);
        float[] w = allOf(whole, "u");
        float[] a = allOf(first, "u");
        float[] b = allOf(second, "u");
        float[] joined = new float[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertTrue(java.util.Arrays.equals(w, joined), "shards differ from the single run");
        try (DatasetReader r = DatasetReader.open(second)) {
            assertArrayEquals(new long[] {2, 3, 4, 5}, r.sampleIndices());
            assertEquals(2, ((Number) r.attributes().get("first_sample")).intValue());
        }
    }

    @Test
    void twoDimensionalTwoFieldProblemPlugsIn() throws IOException {
        Path out = dir.resolve("toy.nc");
        ToyProblem toy = new ToyProblem(i -> false);
        DatasetGenerator gen = new DatasetGenerator(toy, DatasetGenerator.Settings.of(5, 8).withThreads(2)
                .withSweeps(List.of(ParameterSweep.parse("k=1:3"))));
        gen.generate(out, ProgressListener.NONE);
        SampleSeeds seeds = new SampleSeeds(8);
        try (DatasetReader r = DatasetReader.open(out, "u", "v")) {
            assertEquals(2, r.spatialDimensions());
            assertEquals(ToyProblem.NY, r.ny());
            assertEquals("toy", r.attributes().get("equation"));
            assertEquals("CF-1.8", r.attributes().get("Conventions"));
            assertEquals(8, ((Number) r.attributes().get("seed")).intValue());
            assertEquals("k=1.0:3.0:lin", r.attributes().get("k_sweep"));
            assertFalse(r.attributes().containsKey("k"));
            double[] k = r.parameter("k");
            for (int s = 0; s < 5; s++) {
                double xi = seeds.stream(s, SampleSeeds.INITIAL_CONDITION).nextGaussian();
                float[] u = r.readSnapshot("u", s, 2);
                float[] v = r.readSnapshot("v", s, 2);
                for (int p = 0; p < u.length; p++) {
                    assertEquals((float) (k[s] * (s + 1) * 2 + xi + p), u[p]);
                    assertEquals(-u[p], v[p]);
                }
                assertEquals(gen.parameterValues(s).get("k"), k[s]);
            }
        }
    }

    @Test
    void inFlightSamplesAreBoundedAndProgressIsReportedInOrder() throws IOException {
        ToyProblem toy = new ToyProblem(i -> false);
        int threads = 2;
        int n = 300;
        AtomicLong maxInFlight = new AtomicLong();
        List<Long> done = new ArrayList<>();
        int[] startsAndFinishes = new int[2];
        ProgressListener listener = new ProgressListener() {
            @Override
            public void started(long total) {
                assertEquals(n, total);
                startsAndFinishes[0]++;
            }

            @Override
            public void progress(long d, long total) {
                done.add(d);
                maxInFlight.accumulateAndGet(toy.started.get() - d, Math::max);
            }

            @Override
            public void finished() {
                startsAndFinishes[1]++;
            }
        };
        new DatasetGenerator(toy, DatasetGenerator.Settings.of(n, 1).withThreads(threads))
                .generate(dir.resolve("bounded.nc"), listener);
        assertEquals(n, done.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, done.get(i));
        }
        assertTrue(maxInFlight.get() <= 2 * threads, "in flight: " + maxInFlight.get());
        assertArrayEquals(new int[] {1, 1}, startsAndFinishes);
    }

    @Test
    void aFailingSampleIsNamedAndNoFileIsLeft() throws IOException {
        Path out = dir.resolve("fail.nc");
        ToyProblem toy = new ToyProblem(i -> i == 13);
        SampleFailedException e = assertThrows(SampleFailedException.class, () -> new DatasetGenerator(toy,
                DatasetGenerator.Settings.of(40, 1).withThreads(2)
                        .withSweeps(List.of(ParameterSweep.parse("k=1:2")))).generate(out, ProgressListener.NONE));
        assertEquals(13, e.sampleIndex());
        assertTrue(e.getMessage().startsWith("sample 13 (k=") && e.getMessage().contains("toy failure"),
                e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void sweepsAreValidatedAgainstTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetGenerator(
                burgers(), DatasetGenerator.Settings.of(2, 1).withSweeps(List.of(ParameterSweep.parse("mu=1:2")))));
        assertTrue(e.getMessage().contains("mu") && e.getMessage().contains("[nu]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DatasetGenerator(burgers(),
                DatasetGenerator.Settings.of(2, 1).withSweeps(List.of(ParameterSweep.parse("nu=-1:2")))));
        assertTrue(e.getMessage().contains("nu") && e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetGenerator.Settings.of(2, 1).withSweeps(
                List.of(ParameterSweep.parse("nu=1:2"), ParameterSweep.parse("nu=1:3"))));
        assertThrows(IllegalArgumentException.class, () -> DatasetGenerator.Settings.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> DatasetGenerator.Settings.of(1, 1).withThreads(0));
    }
}
