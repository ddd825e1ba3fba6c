package dev.surrogate.uq.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.ChannelStats;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.training.LrSchedule;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelRegistry;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.operators.training.SupervisedObjective;
import dev.surrogate.operators.training.SurrogateGraph;
import dev.surrogate.operators.training.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The surrogate forward model predicts what the operator itself predicts (one pass, or its own rollout), and its
 * SameDiff derivative in nu matches finite differences. Untrained tiny operators suffice for both.
 */
class SurrogateForwardTest {
    private static final int NX = 64;

    @TempDir
    static Path tmp;
    static Path file;

    @BeforeAll
    static void data() throws Exception {
        Nd4jRuntime.init(1);
        file = InverseProblemTest.burgers(tmp);
    }

    private static Predictor predictor(Task task) {
        Fno1d model = new Fno1d(Fno1d.Config.defaults(2, 1).withWidth(4).withModes(6).withLayers(2)
                .withProjectionWidth(8).withSeed(3));
        // a normaliser that scales the nu channel to order one, as one fitted on a sweep would
        Normalizer norm = new Normalizer(ChannelStats.affine(new double[] {0, 0.05}, new double[] {0.5, 0.02}),
                ChannelStats.affine(new double[] {0}, new double[] {0.5}));
        Nd4j.getRandom().setSeed(2);
        Map<String, INDArray> w = SurrogateGraph.build(model, norm, new int[] {NX}).weights();
        double[] lengths = {1.0};
        ModelConfig config = new ModelConfig(ModelRegistry.typeOf(model), model.config(), task, List.of("u"),
                new int[] {NX}, lengths, norm, SupervisedObjective.TYPE,
                new SupervisedObjective(Loss.byName("mse", lengths)).config(),
                new TrainingSettings(1, 1, 1e-3, 0, LrSchedule.of("constant", 1), 0), Map.of());
        return new Predictor(config, model, w);
    }

    private static INDArray input(Observations obs, double nu) {
        float[] x = new float[2 * NX];
        for (int i = 0; i < NX; i++) {
            x[i] = (float) obs.initial()[i];
            x[NX + i] = (float) nu;
        }
        return Nd4j.create(x, new long[] {1, 2, NX}, 'c');
    }

    @Test
    void rolloutOfANextModelMatchesThePredictorsOwnRollout() throws Exception {
        Observations obs = InverseProblemTest.observe(file, 0.01, 5);
        Predictor p = predictor(Task.of("next", 1).withParameters(List.of("nu")));
        SurrogateForward f = new SurrogateForward(p.config(), weights(p), obs);
        double nu = 0.037;
        double[] mine = f.predict(nu);
        INDArray roll = p.rollout(input(obs, nu), obs.lastTimeIndex());
        for (int k = 0; k < obs.timeIndices().length; k++) {
            for (int j = 0; j < obs.points().length; j++) {
                double expected = roll.getDouble(0, obs.timeIndices()[k] - 1, 0, obs.points()[j]);
                assertEquals(expected, mine[k * obs.points().length + j], 1e-5 * Math.max(1, Math.abs(expected)));
            }
        }
        // dm/dnu from SameDiff against a central difference of the float32 misfit
        double[] d = new double[1];
        double m = f.misfit(nu, obs.values(), d);
        double h = 1e-3;
        double fd = (f.misfit(nu + h, obs.values(), null) - f.misfit(nu - h, obs.values(), null)) / (2 * h);
        assertTrue(m > 0);
        assertEquals(fd, d[0], 2e-2 * Math.abs(fd) + 1e-4);
    }

    @Test
    void aFinalModelPredictsTheLastSnapshotOnly() throws Exception {
        Predictor p = predictor(Task.of("final", 1).withParameters(List.of("nu")));
        Observations four = InverseProblemTest.observe(file, 0.01, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SurrogateForward(p.config(), weights(p), four));
        assertTrue(e.getMessage().contains("not the observed snapshot 1"), e.getMessage());
        Observations last;
        try (DatasetReader r = DatasetReader.open(file, "u")) {
            last = Observations.draw(r, 0, 8, 1, 0.01, 6);
        }
        SurrogateForward f = new SurrogateForward(p.config(), weights(p), last);
        double[] mine = f.predict(0.02);
        INDArray direct = p.predict(input(last, 0.02));
        for (int j = 0; j < 8; j++) {
            assertEquals(direct.getDouble(0, 0, last.points()[j]), mine[j], 1e-6);
        }
    }

    @Test
    void aModelWithoutTheViscosityChannelIsRefused() throws Exception {
        Fno1d model = new Fno1d(Fno1d.Config.defaults(1, 1).withWidth(2).withModes(2).withLayers(1));
        Predictor p = new Predictor(new ModelConfig(ModelRegistry.typeOf(model), model.config(), Task.of("final", 1),
                List.of("u"), new int[] {NX}, new double[] {1}, Normalizer.identity(1, 1), SupervisedObjective.TYPE,
                Map.of("loss", "mse"), new TrainingSettings(1, 1, 1e-3, 0, LrSchedule.of("constant", 1), 0),
                Map.of()), model, Map.of());
        Observations obs = InverseProblemTest.observe(file, 0.01, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SurrogateForward(p.config(), Map.of(), obs));
        assertTrue(e.getMessage().contains("--parameters nu"), e.getMessage());
    }

    private static Map<String, INDArray> weights(Predictor p) {
        Fno1d model = (Fno1d) ModelRegistry.create(p.config().modelType(), p.config().model());
        Nd4j.getRandom().setSeed(2);
        return SurrogateGraph.build(model, p.config().normalizer(), new int[] {NX}).weights();
    }
}
