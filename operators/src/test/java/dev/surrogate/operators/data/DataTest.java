package dev.surrogate.operators.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.ParameterSweep;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.io.DatasetReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class DataTest {

    /** value = 1000 * sample + 100 * time + 10 * field + point: every read can be checked by its value. */
    private static InMemoryFieldSource indexed(int samples, int times, int fields, int nx) {
        float[] data = new float[samples * times * fields * nx];
        int k = 0;
        for (int s = 0; s < samples; s++) {
            for (int t = 0; t < times; t++) {
                for (int f = 0; f < fields; f++) {
                    for (int i = 0; i < nx; i++) {
                        data[k++] = 1000 * s + 100 * t + 10 * f + i;
                    }
                }
            }
        }
        List<String> names = fields == 1 ? List.of("u") : List.of("u", "v");
        return new InMemoryFieldSource(data, samples, times, new int[] {nx}, new double[] {1.0}, names);
    }

    @Test
    void finalTaskPairsInitialWithLastSnapshot() {
        InMemoryFieldSource src = indexed(3, 5, 2, 4);
        TaskDataset ds = new TaskDataset(src, Task.of("final", 1), new int[] {2, 0});
        assertEquals(2, ds.size());
        assertEquals(2, ds.inputChannels());
        float[] x = new float[ds.inputSize()];
        float[] y = new float[ds.outputSize()];
        ds.fill(0, x, 0, y, 0);
        assertArrayEquals(new float[] {2000, 2001, 2002, 2003, 2010, 2011, 2012, 2013}, x);
        assertArrayEquals(new float[] {2400, 2401, 2402, 2403, 2410, 2411, 2412, 2413}, y);
    }

    @Test
    void nextTaskSlidesAWindowAndOrdersChannelsSlotMajor() {
        InMemoryFieldSource src = indexed(2, 6, 2, 3);
        TaskDataset ds = new TaskDataset(src, Task.of("next", 3), new int[] {0, 1});
        assertEquals(3, ds.pairsPerSample());
        assertEquals(6, ds.size());
        assertEquals(6, ds.inputChannels());
        assertEquals(2, ds.outputChannels());
        float[] x = new float[ds.inputSize()];
        float[] y = new float[ds.outputSize()];
        ds.fill(4, x, 0, y, 0); // sample 1, pair 1: times 1, 2, 3 -> 4
        float[] expectedX = new float[18];
        int k = 0;
        for (int t = 1; t <= 3; t++) {
            for (int f = 0; f < 2; f++) {
                for (int i = 0; i < 3; i++) {
                    expectedX[k++] = 1000 + 100 * t + 10 * f + i;
                }
            }
        }
        assertArrayEquals(expectedX, x);
        assertArrayEquals(new float[] {1400, 1401, 1402, 1410, 1411, 1412}, y);
    }

    @Test
    void tasksRejectShortTrajectoriesAndUnknownNames() {
        InMemoryFieldSource src = indexed(1, 3, 1, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TaskDataset(src, Task.of("next", 3), new int[] {0}));
        assertTrue(e.getMessage().contains("at least 4 snapshots"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Task.of("previous", 1));
        assertThrows(IllegalArgumentException.class, () -> new TaskDataset(src, Task.of("final", 1),
                new int[] {1}));
        assertEquals(new Task.NextStep(10), Task.fromConfig(new Task.NextStep(10).config()));
    }

    @Test
    void tasksNameTheTimeIndicesOfEveryPairAndAreAnOpenRegistry() {
        InMemoryFieldSource src = indexed(2, 6, 1, 3);
        TaskDataset next = new TaskDataset(src, Task.of("next", 2), new int[] {1, 0});
        // pair 5 = trajectory 0 (the second listed), its pair 1: inputs t = 1, 2, target t = 3
        assertEquals(0, next.sampleOf(5));
        assertEquals(1, next.pairOf(5));
        assertArrayEquals(new int[] {1, 2}, next.inputTimes(5));
        assertArrayEquals(new int[] {3}, next.targetTimes(5));
        TaskDataset fin = new TaskDataset(src, Task.of("final", 1), new int[] {0, 1});
        assertArrayEquals(new int[] {0}, fin.inputTimes(1));
        assertArrayEquals(new int[] {5}, fin.targetTimes(1));

        // a task another module registers: every second snapshot after the first two, as one multi-snapshot target
        Task.register("test-evens", c -> new Task() {
            @Override
            public String name() {
                return "test-evens";
            }

            @Override
            public int window() {
                return 2;
            }

            @Override
            public int horizon() {
                return 2;
            }

            @Override
            public int pairsPerSample(int timeCount) {
                return 1;
            }

            @Override
            public int[] inputTimes(int timeCount, int pair) {
                return new int[] {0, 1};
            }

            @Override
            public int[] targetTimes(int timeCount, int pair) {
                return new int[] {2, 4};
            }
        });
        Task t = Task.fromConfig(Map.of("name", "test-evens", "window", 2));
        TaskDataset d = new TaskDataset(src, t, new int[] {1});
        assertEquals(2, d.outputChannels());
        float[] x = new float[d.inputSize()];
        float[] y = new float[d.outputSize()];
        d.fill(0, x, 0, y, 0);
        float[] expected = new float[6];
        src.read(1, 2, 0, expected, 0);
        src.read(1, 4, 0, expected, 3);
        assertArrayEquals(expected, y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Task.of("sideways", 1));
        assertTrue(e.getMessage().contains("test-evens") && e.getMessage().contains("next"), e.getMessage());
    }

    @Test
    void parametersBecomeConstantInputChannelsAfterTheSnapshots() {
        InMemoryFieldSource src = indexed(3, 4, 1, 5).withParameter("nu", new double[] {0.1, 0.2, 0.3});
        Task t = Task.of("next", 2).withParameters(List.of("nu"));
        assertEquals(t, Task.fromConfig(t.config()), "the parameters round-trip through the config");
        TaskDataset d = new TaskDataset(src, t, new int[] {2, 0});
        assertEquals(3, d.inputChannels());
        float[] x = new float[d.inputSize()];
        float[] y = new float[d.outputSize()];
        d.fill(1, x, 0, y, 0); // trajectory 2, pair 1: snapshots 1, 2 then nu = 0.3
        float[] window = new float[10];
        src.read(2, 1, 0, window, 0);
        src.read(2, 2, 0, window, 5);
        assertArrayEquals(window, Arrays.copyOf(x, 10));
        for (int i = 10; i < 15; i++) {
            assertEquals(0.3f, x[i]);
        }
        Normalizer n = Normalizer.fit(d);
        assertEquals(0.2, n.input().mean()[2], 1e-7, "parameter channel mean over the pairs");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TaskDataset(src,
                Task.of("final", 1).withParameters(List.of("kappa")), new int[] {0}));
        assertTrue(e.getMessage().contains("kappa"), e.getMessage());
    }

    @Test
    void sourcesCarryTimesParametersAndAttributesThroughTheCache() {
        InMemoryFieldSource src = indexed(3, 4, 1, 2).withTimes(new double[] {0, 0.25, 0.5, 0.75})
                .withParameter("nu", new double[] {0.1, 0.2, 0.3})
                .withAttributes(Map.of("equation", "burgers", "domain_length", 1.0, "seed", 7));
        FieldSource cached = FieldSources.cacheIfSmall(src, 1 << 20);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, cached.times(), 0);
        assertEquals(0.25, cached.timeStep(), 1e-15);
        assertEquals(List.of("nu"), cached.sampleParameterNames());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, cached.parameter("nu"), 0);
        // a constant is a numeric attribute, repeated per sample
        assertArrayEquals(new double[] {7, 7, 7}, cached.parameter("seed"), 0);
        assertEquals("burgers", cached.attributes().get("equation"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cached.parameter("kappa"));
        assertTrue(e.getMessage().contains("kappa"), e.getMessage());
        IllegalStateException uneven = assertThrows(IllegalStateException.class,
                () -> src.withTimes(new double[] {0, 1, 3, 4}).timeStep());
        assertTrue(uneven.getMessage().contains("not uniform"), uneven.getMessage());
        assertThrows(IllegalArgumentException.class, () -> src.withTimes(new double[] {0, 1, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> src.withParameter("nu", new double[] {1}));
    }

    @Test
    void netcdfSourcesExposeTheFilesTimesSweptParametersAndAttributes(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = tmp.resolve("sweep.nc");
        BurgersSettings settings = BurgersSettings.defaults().withNx(32).withTimes(0.5, 5);
        new DatasetGenerator(new BurgersProblem(settings), DatasetGenerator.Settings.of(3, 4)
                .withSweeps(List.of(ParameterSweep.parse("nu=0.01:0.1:log")))).generate(file, ProgressListener.NONE);
        try (NetcdfFieldSource src = NetcdfFieldSource.open(file, List.of("u"));
                DatasetReader reader = DatasetReader.open(file)) {
            assertArrayEquals(new double[] {0, 0.125, 0.25, 0.375, 0.5}, src.times(), 1e-12);
            assertEquals(0.125, src.timeStep(), 1e-12);
            assertEquals(List.of("nu"), src.sampleParameterNames());
            double[] nu = src.parameter("nu");
            assertArrayEquals(reader.parameter("nu"), nu, 0);
            for (double v : nu) {
                assertTrue(v >= 0.01 && v <= 0.1, "swept nu " + v);
            }
            assertEquals("burgers", src.attributes().get("equation"));
            FieldSource cached = FieldSources.cacheIfSmall(src);
            assertArrayEquals(nu, cached.parameter("nu"), 0);
            assertArrayEquals(src.times(), cached.times(), 0);
        }
    }

    @Test
    void splitHoldsOutLastSamples() {
        SampleSplit s = SampleSplit.holdOutLast(10, 0.2);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, s.train());
        assertArrayEquals(new int[] {8, 9}, s.validation());
        assertEquals(1, SampleSplit.holdOutLast(3, 0.01).validation().length);
        assertEquals(0, SampleSplit.holdOutLast(3, 0).validation().length);
        assertThrows(IllegalArgumentException.class, () -> SampleSplit.holdOutLast(1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> SampleSplit.counts(10, 8, 3));
    }

    @Test
    void batchesCoverEveryPairOnceAndShuffleDeterministically() {
        InMemoryFieldSource src = indexed(7, 4, 1, 5);
        TaskDataset ds = new TaskDataset(src, Task.of("next", 1), new int[] {0, 1, 2, 3, 4, 5, 6});
        BatchIterator a = new BatchIterator(ds, 4, true, 42);
        BatchIterator b = new BatchIterator(ds, 4, true, 42);
        assertEquals(5, a.batchesPerEpoch()); // 21 pairs: 4, 4, 4, 4 and 5 (no batch of one)
        int[] seen = new int[ds.size()];
        int batches = 0;
        while (a.hasNext()) {
            MultiDataSet m = a.next();
            INDArray f = m.getFeatures(0);
            INDArray l = m.getLabels(0);
            assertEquals(5, f.size(2));
            for (int r = 0; r < f.size(0); r++) {
                int v = (int) f.getFloat(r, 0, 0);
                int sample = v / 1000;
                int time = (v % 1000) / 100;
                seen[sample * 3 + time]++;
                assertEquals(v + 100, (int) l.getFloat(r, 0, 0), "label is the next snapshot");
            }
            batches++;
        }
        assertEquals(5, batches);
        for (int c : seen) {
            assertEquals(1, c);
        }
        b.setEpoch(0);
        a.setEpoch(0);
        assertArrayEquals(a.order(), b.order(), "same seed and epoch -> same order");
        a.setEpoch(1);
        assertFalse(Arrays.equals(a.order(), b.order()), "another epoch -> another order");
        BatchIterator c = new BatchIterator(ds, 4, true, 43);
        assertFalse(Arrays.equals(c.order(), b.order()), "another seed -> another order");
        BatchIterator seq = new BatchIterator(ds, 4, false, 42);
        int[] identity = new int[ds.size()];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, seq.order());
    }

    @Test
    void aSingleLeftOverPairJoinsTheLastBatch() {
        InMemoryFieldSource src = indexed(10, 2, 1, 4);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        for (int[] c : new int[][] {{4, 3}, {3, 3}, {5, 2}, {9, 1}, {10, 1}, {20, 1}, {1, 10}}) {
            TaskDataset ds = new TaskDataset(src, Task.of("final", 1), all);
            BatchIterator it = new BatchIterator(ds, c[0], false, 0);
            int batches = 0;
            int seen = 0;
            java.util.List<Long> sizes = new java.util.ArrayList<>();
            while (it.hasNext()) {
                long n = it.next().getFeatures(0).size(0);
                sizes.add(n);
                assertTrue(n >= 2 || c[0] == 1, "batch size " + c[0] + ": " + sizes);
                seen += n;
                batches++;
            }
            assertEquals(10, seen);
            assertEquals(c[1], batches, "batch size " + c[0] + ": " + sizes);
            assertEquals(c[1], it.batchesPerEpoch());
        }
    }

    @Test
    void channelStatsAccumulateInDoubleBeyondFloatSaturation() {
        // 2^25 ones: a float32 running sum sticks at 2^24 = 16777216, so a float mean would come out 0.5
        ChannelStats stats = new ChannelStats(1);
        float[] block = new float[1 << 20];
        Arrays.fill(block, 1f);
        for (int i = 0; i < 32; i++) {
            stats.add(0, block, 0, block.length);
        }
        assertEquals(1L << 25, stats.count(0));
        assertEquals(1.0, stats.means()[0], 0);
        assertEquals(0.0, stats.stds()[0], 0);
    }

    @Test
    void channelStatsAreExactForLargeOffsetsAndSmallSpread() {
        // 1e4 +- 0.25 in float32 (exactly representable): mean 1e4, std 0.25. E[x^2] - E[x]^2 in float loses it all.
        ChannelStats stats = new ChannelStats(2);
        float[] v = new float[2000];
        for (int i = 0; i < 1000; i++) {
            v[i] = (i % 2 == 0) ? 10000.25f : 9999.75f;
            v[1000 + i] = -3f;
        }
        for (int rep = 0; rep < 10; rep++) {
            stats.addChannelsFirst(v, 0, 1000);
        }
        assertEquals(10000.0, stats.means()[0], 1e-9);
        assertEquals(0.25, stats.stds()[0], 1e-9);
        assertEquals(-3.0, stats.means()[1], 0);
        ChannelStats.Affine a = stats.toAffine();
        assertEquals(1.0, a.std()[1], 0, "a constant channel is shifted, not divided by zero");
    }

    @Test
    void normalizerMakesTrainingChannelsUnitGaussianInsideTheGraph() {
        InMemoryFieldSource src = indexed(4, 3, 2, 8);
        TaskDataset ds = new TaskDataset(src, Task.of("next", 2), new int[] {0, 1, 2, 3});
        Normalizer n = Normalizer.fit(ds);
        assertEquals(4, n.input().channels());
        // encode every input through the graph and check per-channel moments
        BatchIterator it = new BatchIterator(ds, ds.size(), false, 0);
        INDArray x = it.next().getFeatures(0);
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("x", DataType.FLOAT, -1, 4, 8);
        SDVariable z = n.encodeInput(sd, in, 1);
        INDArray enc = sd.output(Map.of("x", x), z.name()).get(z.name());
        for (int c = 0; c < 4; c++) {
            INDArray ch = enc.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c), org.nd4j.linalg.indexing.NDArrayIndex.all());
            assertEquals(0.0, ch.meanNumber().doubleValue(), 1e-4, "mean of channel " + c);
            double var = ch.castTo(DataType.DOUBLE).mul(ch.castTo(DataType.DOUBLE)).meanNumber().doubleValue();
            assertEquals(1.0, var, 1e-4, "variance of channel " + c);
        }
        // decode(encode(y)) round-trips, and the JSON map round-trips
        Normalizer back = Normalizer.fromMap(n.toMap());
        assertArrayEquals(n.output().mean(), back.output().mean(), 0);
        float[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        float[] copy = y.clone();
        ChannelStats.Affine out = n.output();
        for (int i = 0; i < copy.length; i++) {
            int c = i / 8;
            copy[i] = (float) ((copy[i] - out.mean()[c]) / out.std()[c]);
        }
        back.decodeOutputInPlace(copy, 8);
        assertArrayEquals(y, copy, 1e-3f);
    }

    @Test
    void logVarianceIsShiftedByTwiceTheLogOfTheOutputScale() {
        Normalizer n = new Normalizer(ChannelStats.Affine.identity(1),
                new ChannelStats.Affine(new double[] {5, -1}, new double[] {2, 0.5}));
        SameDiff sd = SameDiff.create();
        SDVariable lv = sd.constant("lv", Nd4j.zeros(DataType.FLOAT, 1, 2, 3));
        SDVariable out = n.decodeLogVariance(sd, lv, 1);
        INDArray v = out.eval();
        // variance of z * std is std^2 * var(z): log var shifts by 2 log std
        assertEquals(2 * Math.log(2), v.getDouble(0, 0, 1), 1e-6);
        assertEquals(2 * Math.log(0.5), v.getDouble(0, 1, 2), 1e-6);
    }

    @Test
    void cacheLoadsSmallSourcesAndLeavesLargeOnes() {
        InMemoryFieldSource src = indexed(2, 2, 1, 4);
        FieldSource cached = FieldSources.cacheIfSmall(src, 1 << 20);
        float[] a = new float[4];
        float[] b = new float[4];
        src.read(1, 1, 0, a, 0);
        cached.read(1, 1, 0, b, 0);
        assertArrayEquals(a, b);
        assertTrue(FieldSources.cacheIfSmall(src, 8) == src);
    }

    @Test
    void inMemorySourceRejectsWrongSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InMemoryFieldSource(
                new float[10], 1, 2, new int[] {4}, new double[] {1}, List.of("u")));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> indexed(1, 1, 1, 4).read(0, 1, 0, new float[4], 0));
        assertTrue(Nd4j.getRandom() != null);
    }
}
