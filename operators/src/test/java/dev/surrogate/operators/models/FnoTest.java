package dev.surrogate.operators.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.GradientCheck;
import dev.surrogate.operators.training.ModelRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FnoTest {
    private static final Fno1d.Config SMALL_1D = new Fno1d.Config(2, 1, 4, 3, 2, 5, 0, false, 1e-6, 7);
    private static final Fno2d.Config SMALL_2D = new Fno2d.Config(1, 2, 3, 2, 2, 2, 4, 0, false, 1e-6, 7);

    private static INDArray run(NeuralOperator model, INDArray input, int[] shape, SameDiff sd) {
        SDVariable in = sd.placeHolder("input", input.dataType(), input.shape());
        SDVariable out = model.forward(sd, in, shape);
        return sd.output(Map.of("input", input), out.name()).get(out.name());
    }

    private static Map<String, long[]> trainableShapes(SameDiff sd) {
        Map<String, long[]> m = new TreeMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                m.put(v.name(), v.getArr().shape());
            }
        }
        return m;
    }

    @Test
    void fno1dGradientsMatchFiniteDifferences() {
        for (Fno1d.Config cfg : new Fno1d.Config[] {SMALL_1D, SMALL_1D.withHeteroscedastic(true)}) {
            SameDiff sd = SameDiff.create();
            SDVariable in = sd.var("input", ModelTestSupport.smooth1d(1, 2, 2, 12, DataType.DOUBLE));
            SDVariable out = new Fno1d(cfg).forward(sd, in, new int[] {12});
            int n = GradientCheck.check(sd, out, Map.of(), 5);
            assertTrue(n > 50, "checked " + n);
        }
    }

    @Test
    void aBatchOfOneSampleHasGradients() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("input", ModelTestSupport.smooth1d(4, 1, 2, 8, DataType.DOUBLE));
        SDVariable out = new Fno1d(SMALL_1D).forward(sd, in, new int[] {8});
        assertTrue(GradientCheck.check(sd, out, Map.of(), 2) > 20);
    }

    @Test
    void fno1dWithDropoutHasCorrectGradientsForAFixedMask() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("input", ModelTestSupport.smooth1d(1, 3, 2, 12, DataType.DOUBLE));
        SDVariable out = new Fno1d(SMALL_1D.withDropout(0.3)).forward(sd, in, new int[] {12});
        assertTrue(GradientCheck.check(sd, out, Map.of(), 4, () -> Nd4j.getRandom().setSeed(5)) > 40);
    }

    @Test
    void fno2dGradientsMatchFiniteDifferences() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("input", ModelTestSupport.smooth2d(1, 2, 1, 6, 8, DataType.DOUBLE));
        SDVariable out = new Fno2d(SMALL_2D).forward(sd, in, new int[] {6, 8});
        assertTrue(GradientCheck.check(sd, out, Map.of(), 3) > 30);
    }

    /**
     * Without the coordinate channels an FNO commutes with periodic shifts (every layer is a convolution or
     * pointwise). Any slip in the layout code (a transposed axis, a wrong reshape) breaks that; with the
     * coordinates the symmetry is broken on purpose, which checks they are really used.
     */
    @Test
    void withoutCoordinatesTheFnoCommutesWithShifts() {
        int nx = 16;
        INDArray u = ModelTestSupport.smooth1d(3, 2, 2, nx, DataType.DOUBLE);
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("input", DataType.DOUBLE, -1, 2, nx);
        SDVariable out = new Fno1d(SMALL_1D.withModes(5)).forward(sd, in, new int[] {nx});
        INDArray shiftedOut = sd.output(Map.of("input", ModelTestSupport.roll(u, 0, 5)), out.name()).get(out.name());
        INDArray outShifted = ModelTestSupport.roll(sd.output(Map.of("input", u), out.name()).get(out.name()), 0, 5);
        assertTrue(shiftedOut.distance1(outShifted) > 1e-3, "coordinates should break the symmetry");

        sd.getVariable("fno1d/lift/weight").getArr().getRow(2).assign(0); // the coordinate row
        shiftedOut = sd.output(Map.of("input", ModelTestSupport.roll(u, 0, 5)), out.name()).get(out.name());
        outShifted = ModelTestSupport.roll(sd.output(Map.of("input", u), out.name()).get(out.name()), 0, 5);
        assertTrue(shiftedOut.distance1(outShifted) < 1e-11, "shift mismatch " + shiftedOut.distance1(outShifted));

        int ny = 8;
        INDArray v = ModelTestSupport.smooth2d(4, 2, 1, ny, nx, DataType.DOUBLE);
        SameDiff sd2 = SameDiff.create();
        SDVariable in2 = sd2.placeHolder("input", DataType.DOUBLE, -1, 1, ny, nx);
        SDVariable out2 = new Fno2d(SMALL_2D.withModes(3, 4)).forward(sd2, in2, new int[] {ny, nx});
        INDArray w = sd2.getVariable("fno2d/lift/weight").getArr();
        w.getRow(1).assign(0);
        w.getRow(2).assign(0);
        for (int[] s : new int[][] {{0, 3}, {2, 0}, {5, 7}}) {
            INDArray a = sd2.output(Map.of("input", ModelTestSupport.roll(v, s[0], s[1])), out2.name())
                    .get(out2.name());
            INDArray b = ModelTestSupport.roll(sd2.output(Map.of("input", v), out2.name()).get(out2.name()), s[0],
                    s[1]);
            assertTrue(a.distance1(b) < 1e-11, "2-D shift " + s[0] + "," + s[1] + ": " + a.distance1(b));
        }
    }

    @Test
    void outputShapesAndDynamicBatch() {
        SameDiff sd = SameDiff.create();
        Fno1d het = new Fno1d(SMALL_1D.withHeteroscedastic(true));
        SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, 2, 16);
        SDVariable out = het.forward(sd, in, new int[] {16});
        for (int batch : new int[] {1, 3}) {
            INDArray y = sd.output(Map.of("input", Nd4j.rand(DataType.FLOAT, batch, 2, 16)), out.name())
                    .get(out.name());
            assertArrayEquals(new long[] {batch, 2, 16}, y.shape());
            assertEquals(DataType.FLOAT, y.dataType());
            // log-variance channel respects the floor
            assertTrue(y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex
                    .point(1), org.nd4j.linalg.indexing.NDArrayIndex.all()).minNumber().doubleValue()
                    >= Math.log(1e-6) - 1e-4);
        }
        INDArray y2 = run(new Fno2d(SMALL_2D), Nd4j.rand(DataType.FLOAT, 2, 1, 6, 8), new int[] {6, 8},
                SameDiff.create());
        assertArrayEquals(new long[] {2, 2, 6, 8}, y2.shape());
    }

    @Test
    void sameSeedSameModelAndWeightsTransferAcrossResolutions() {
        INDArray u = ModelTestSupport.smooth1d(2, 2, 2, 16, DataType.FLOAT);
        SameDiff a = SameDiff.create();
        SameDiff b = SameDiff.create();
        INDArray ya = run(new Fno1d(SMALL_1D), u, new int[] {16}, a);
        INDArray yb = run(new Fno1d(SMALL_1D), u, new int[] {16}, b);
        assertEquals(ya, yb);
        assertFalse(ya.equalsWithEps(run(new Fno1d(SMALL_1D.withSeed(8)), u, new int[] {16}, SameDiff.create()),
                1e-4));

        SameDiff fine = SameDiff.create();
        run(new Fno1d(SMALL_1D), ModelTestSupport.smooth1d(2, 2, 2, 32, DataType.FLOAT), new int[] {32}, fine);
        Map<String, long[]> coarseVars = trainableShapes(a);
        Map<String, long[]> fineVars = trainableShapes(fine);
        assertEquals(coarseVars.keySet(), fineVars.keySet());
        for (String k : coarseVars.keySet()) {
            assertArrayEquals(coarseVars.get(k), fineVars.get(k), k);
        }
        assertEquals(2 + 2 * 3 + 4, coarseVars.size()); // lift, 2 x (spectral, pointwise W and b), projection
    }

    @Test
    void configsRoundTripThroughJsonLikeMaps() {
        Map<String, Object> m = new HashMap<>(SMALL_1D.withDropout(0.1).withHeteroscedastic(true).toMap());
        m.replaceAll((k, v) -> v instanceof Integer i ? Long.valueOf(i) : v); // as a JSON reader might
        assertEquals(SMALL_1D.withDropout(0.1).withHeteroscedastic(true),
                ((Fno1d) ModelRegistry.create(m)).hyperParameters());
        assertEquals(SMALL_2D, ((Fno2d) ModelRegistry.create(SMALL_2D.toMap())).hyperParameters());
        Map<String, Object> bad = new HashMap<>(SMALL_1D.toMap());
        bad.remove("modes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelRegistry.create(bad));
        assertTrue(e.getMessage().contains("modes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelRegistry.create(Map.of("model", "unet")));
        assertThrows(IllegalArgumentException.class, () -> SMALL_1D.withWidth(0));
        assertThrows(IllegalArgumentException.class, () -> SMALL_1D.withDropout(1.0));
    }

    @Test
    void rejectsInputsThatDoNotMatch() {
        SameDiff sd = SameDiff.create();
        SDVariable wrongChannels = sd.placeHolder("a", DataType.FLOAT, -1, 3, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Fno1d(SMALL_1D).forward(sd, wrongChannels, new int[] {16}));
        assertTrue(e.getMessage().contains("3 channels"), e.getMessage());
        SDVariable wrongGrid = sd.placeHolder("b", DataType.FLOAT, -1, 2, 16);
        assertThrows(IllegalArgumentException.class, () -> new Fno1d(SMALL_1D).forward(sd, wrongGrid,
                new int[] {32}));
        assertThrows(IllegalArgumentException.class, () -> new Fno1d(SMALL_1D.withModes(10)).forward(sd, wrongGrid,
                new int[] {16}));
    }
}
