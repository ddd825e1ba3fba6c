package dev.surrogate.generative.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.generative.Generative;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.models.Fno2d;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.ModelRegistry;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FilmFnoTest {
    private static final int NX = 16;

    @BeforeAll
    static void init() {
        Nd4jRuntime.init();
        Generative.register();
    }

    private static Fno1d backbone(int in) {
        return new Fno1d(Fno1d.Config.defaults(in, 2).withWidth(8).withModes(4).withLayers(3)
                .withProjectionWidth(16).withSeed(3));
    }

    /** Input {@code [batch, 4, nx]} with channel 2 the time (constant in space, per row). */
    private static INDArray input(double[] t) {
        SplittableRandom r = new SplittableRandom(1);
        float[] v = new float[t.length * 4 * NX];
        for (int b = 0; b < t.length; b++) {
            for (int c = 0; c < 4; c++) {
                for (int i = 0; i < NX; i++) {
                    v[(b * 4 + c) * NX + i] = c == 2 ? (float) t[b] : (float) r.nextGaussian();
                }
            }
        }
        return Nd4j.create(v, new long[] {t.length, 4, NX}, 'c');
    }

    private static INDArray run(NeuralOperator m, INDArray x, Map<String, Float> scale) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, x.size(1), NX);
        SDVariable out = m.forward(sd, in, new int[] {NX});
        scale.forEach((name, s) -> sd.getVariable(name).getArr().assign(s));
        return sd.output(Map.of("in", x), out.name()).get(out.name()).dup();
    }

    @Test
    void startsAsThePlainFnoOnTheOtherChannels() {
        FilmFno film = FilmFno.of(backbone(3), 2, 5);
        INDArray x = input(new double[] {0.1, 0.7});
        INDArray withFilm = run(film, x, Map.of());
        // the same backbone on the input without the time channel
        INDArray rest = Nd4j.concat(1, x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)), x.get(org.nd4j.linalg.indexing.NDArrayIndex
                .all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 4)));
        INDArray plain = run(backbone(3), rest, Map.of());
        assertArrayEquals(plain.data().asFloat(), withFilm.data().asFloat(), 0f,
                "a zero-initialised FiLM head is the identity modulation");
    }

    @Test
    void theTimeChangesTheOutputOnlyThroughTheModulation() {
        FilmFno film = FilmFno.of(backbone(3), 2, 5);
        INDArray early = input(new double[] {0.1});
        INDArray late = input(new double[] {0.9});
        // a non-zero head: the output now depends on t, with the other channels unchanged
        Map<String, Float> head = Map.of("film/out/weight", 0.05f, "film/out/bias", 0.01f);
        float[] a = run(film, early, head).data().asFloat();
        float[] b = run(film, late, head).data().asFloat();
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        assertTrue(diff > 1e-4, "t moves the output: " + diff);
        // and with the zero head it does not
        float[] c = run(film, early, Map.of()).data().asFloat();
        float[] d = run(film, late, Map.of()).data().asFloat();
        assertArrayEquals(c, d, 0f);
    }

    @Test
    void configRoundTripsThroughTheRegistryIn1dAnd2d() {
        FilmFno film = new FilmFno(backbone(3), 2, 8, 50, 32, 7);
        NeuralOperator again = ModelRegistry.create(film.config());
        assertEquals(film.config(), again.config());
        assertEquals(4, again.inChannels());
        assertEquals(FilmFno.MODEL, ModelRegistry.typeOf(again));
        Fno2d b2 = new Fno2d(Fno2d.Config.defaults(2, 1).withWidth(4).withModes(2, 2).withLayers(1));
        FilmFno f2 = FilmFno.of(b2, 0, 1);
        assertEquals(3, f2.inChannels());
        assertEquals(2, f2.spatialDims());
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 3, 8, 8);
        SDVariable out = f2.forward(sd, in, new int[] {8, 8});
        INDArray y = sd.output(Map.of("in", Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8)), out.name()).get(out.name());
        assertArrayEquals(new long[] {2, 1, 8, 8}, y.shape());
        assertThrows(IllegalArgumentException.class, () -> FilmFno.of(backbone(3), 5, 1));
    }
}
