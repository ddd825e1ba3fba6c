package dev.surrogate.operators.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.GradientCheck;
import dev.surrogate.operators.training.ModelRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DeepOnetTest {
    private static final DeepOnet.Config SMALL_1D = new DeepOnet.Config(2, 1, 1, 8, 6, 2, 5, 2, 4, "tanh", 0,
            false, 1e-6, 3);
    private static final DeepOnet.Config SMALL_2D = new DeepOnet.Config(1, 2, 2, 4, 6, 1, 5, 1, 3, "gelu", 0,
            false, 1e-6, 3);

    private static INDArray run(DeepOnet model, INDArray input, int[] shape) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("input", input.dataType(), input.shape());
        SDVariable out = model.forward(sd, in, shape);
        return sd.output(Map.of("input", input), out.name()).get(out.name());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (DeepOnet.Config cfg : new DeepOnet.Config[] {SMALL_1D, SMALL_1D.withHeteroscedastic(true)
                .withDropout(0.2)}) {
            SameDiff sd = SameDiff.create();
            SDVariable in = sd.var("input", ModelTestSupport.smooth1d(1, 3, 2, 16, DataType.DOUBLE));
            SDVariable out = new DeepOnet(cfg).forward(sd, in, new int[] {16});
            assertTrue(GradientCheck.check(sd, out, Map.of(), 5, () -> org.nd4j.linalg.factory.Nd4j.getRandom()
                    .setSeed(9)) > 40);
        }
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("input", ModelTestSupport.smooth2d(1, 2, 1, 8, 12, DataType.DOUBLE));
        SDVariable out = new DeepOnet(SMALL_2D).forward(sd, in, new int[] {8, 12});
        assertTrue(GradientCheck.check(sd, out, Map.of(), 5) > 30);
    }

    /** The branch net sees one row per sample: a batch of one must have gradients too. */
    @Test
    void aBatchOfOneSampleHasGradients() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("input", ModelTestSupport.smooth1d(1, 1, 2, 16, DataType.DOUBLE));
        SDVariable out = new DeepOnet(SMALL_1D).forward(sd, in, new int[] {16});
        assertTrue(GradientCheck.check(sd, out, Map.of(), 3) > 20);
    }

    /** The branch sees the field only at the sensors: changing it between sensors changes nothing. */
    @Test
    void theBranchReadsTheFieldAtTheSensors() {
        int nx = 32; // sensors at every 4th point
        INDArray u = ModelTestSupport.smooth1d(5, 2, 2, nx, DataType.DOUBLE);
        INDArray v = u.dup();
        v.putScalar(new long[] {0, 1, 5}, 3.0);
        v.putScalar(new long[] {1, 0, 30}, -2.0);
        DeepOnet model = new DeepOnet(SMALL_1D);
        INDArray yu = run(model, u, new int[] {nx});
        assertEquals(yu, run(model, v, new int[] {nx}));
        v.putScalar(new long[] {0, 1, 4}, 3.0);
        INDArray yv = run(model, v, new int[] {nx});
        assertTrue(yu.get(NDArrayIndex.point(0)).distance1(yv.get(NDArrayIndex.point(0))) > 1e-6);
        assertEquals(yu.get(NDArrayIndex.point(1)), yv.get(NDArrayIndex.point(1)), "other samples unaffected");
    }

    /** Same function on a grid twice as fine: same sensor values, same trunk coordinates at the shared points. */
    @Test
    void twiceTheResolutionGivesTheSameValuesAtSharedPoints() {
        DeepOnet model = new DeepOnet(SMALL_1D.withHeteroscedastic(true));
        INDArray coarse = run(model, ModelTestSupport.smooth1d(6, 2, 2, 16, DataType.DOUBLE), new int[] {16});
        INDArray fine = run(model, ModelTestSupport.smooth1d(6, 2, 2, 32, DataType.DOUBLE), new int[] {32});
        assertArrayEquals(new long[] {2, 2, 16}, coarse.shape());
        INDArray even = fine.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 32));
        assertTrue(coarse.distance1(even) < 1e-11, "mismatch " + coarse.distance1(even));

        DeepOnet model2 = new DeepOnet(SMALL_2D);
        INDArray c2 = run(model2, ModelTestSupport.smooth2d(7, 2, 1, 8, 12, DataType.DOUBLE), new int[] {8, 12});
        INDArray f2 = run(model2, ModelTestSupport.smooth2d(7, 2, 1, 16, 24, DataType.DOUBLE), new int[] {16, 24});
        assertArrayEquals(new long[] {2, 2, 8, 12}, c2.shape());
        INDArray even2 = f2.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 16),
                NDArrayIndex.interval(0, 2, 24));
        assertTrue(c2.distance1(even2) < 1e-11, "2-D mismatch " + c2.distance1(even2));
    }

    @Test
    void configValidationAndRoundTrip() {
        assertEquals(SMALL_2D, ((DeepOnet) ModelRegistry.create(SMALL_2D.toMap())).hyperParameters());
        assertThrows(IllegalArgumentException.class, () -> SMALL_1D.withActivation("swish"));
        assertThrows(IllegalArgumentException.class, () -> SMALL_1D.withSensors(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeepOnet.Config(1, 1, 3, 8, 4, 1, 4, 1, 4, "tanh", 0, false, 1e-6, 0));
        assertTrue(e.getMessage().contains("spatialDims"), e.getMessage());
    }
}
