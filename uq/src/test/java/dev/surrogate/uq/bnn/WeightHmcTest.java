package dev.surrogate.uq.bnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Trainer;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.operators.training.TrainingSettings;
import dev.surrogate.uq.hmc.HmcObserver;
import dev.surrogate.uq.hmc.HmcSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightHmcTest {
    private static final int NX = 16;

    @TempDir
    static Path tmp;
    private static TaskDataset data;
    private static ModelDirectory trained;

    @BeforeAll
    static void train() {
        Nd4jRuntime.init(1);
        data = WeightPosteriorTest.data(6, 11);
        Fno1d model = WeightPosteriorTest.tinyFno();
        trained = new ModelDirectory(tmp.resolve("fno"));
        new Trainer(model, Loss.byName("mse", new double[] {1.0}), Normalizer.fit(data),
                TrainingSettings.defaults(20, 0)).train(data, null, trained, new TrainingListener() { });
    }

    private static WeightHmc.Settings settings(LayerSelection layers) {
        HmcSettings h = HmcSettings.defaults(7).withChains(2).withWarmup(10).withDraws(6).withLeapfrogSteps(3)
                .withAdaptMass(false);
        return new WeightHmc.Settings(h, 100, NoiseModel.sampledFromTrainingError(), layers, 6);
    }

    @Test
    void writesAPosteriorThatResumesAndReloads() {
        PosteriorDirectory out = new PosteriorDirectory(tmp.resolve("hmc"));
        WeightHmc.Result r = WeightHmc.sample(trained, data, settings(LayerSelection.all()), out, false, Map.of(),
                new HmcObserver() { });
        assertTrue(PosteriorDirectory.isPosterior(out.path()));
        assertEquals(12, r.predictive().draws());
        assertEquals("hmc", r.predictive().method());
        assertTrue(r.report().get("sampled").toString().startsWith("all weights"), r.report().get("sampled")
                .toString());
        // a second run into the same directory needs --resume
        assertThrows(IllegalArgumentException.class, () -> WeightHmc.sample(trained, data,
                settings(LayerSelection.all()), out, false, Map.of(), new HmcObserver() { }));

        // resuming with every chain on disk recomputes nothing and gives the same posterior; a fresh directory
        // with the same seed samples the same chains again
        WeightHmc.Result resumed = WeightHmc.sample(trained, data, settings(LayerSelection.all()), out, true,
                Map.of(), new HmcObserver() { });
        PosteriorDirectory fresh = new PosteriorDirectory(tmp.resolve("hmc-again"));
        WeightHmc.Result again = WeightHmc.sample(trained, data, settings(LayerSelection.all()), fresh, false,
                Map.of(), new HmcObserver() { });
        WeightDraws a = out.readDraws();
        WeightDraws b = resumed.predictive().weightDraws();
        WeightDraws c = again.predictive().weightDraws();
        for (int d = 0; d < a.size(); d++) {
            for (String n : a.names()) {
                assertArrayEquals(a.weights(d).get(n).data().asFloat(), b.weights(d).get(n).data().asFloat(), 0);
                assertArrayEquals(a.weights(d).get(n).data().asFloat(), c.weights(d).get(n).data().asFloat(), 0);
            }
            assertEquals(a.noiseScale(d), c.noiseScale(d), 1e-6 * a.noiseScale(d));
        }
        // resuming on other data or with other settings is refused
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightHmc.sample(trained,
                data, settings(LayerSelection.all()), out, true, Map.of("train_samples", 3), new HmcObserver() { }));
        assertTrue(e.getMessage().contains("cannot resume"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightHmc.sample(trained, data,
                settings(LayerSelection.last(1)), out, true, Map.of(), new HmcObserver() { }));
        PosteriorPredictive loaded = out.load();
        assertEquals(12, loaded.draws());
    }

    @Test
    void membersAreDrawPredictionsPlusTheirNoiseAndDoNotDependOnTheBatch() {
        PosteriorDirectory out = new PosteriorDirectory(tmp.resolve("hmc-last"));
        WeightHmc.Result r = WeightHmc.sample(trained, data, settings(LayerSelection.last(2)), out, false, Map.of(),
                new HmcObserver() { });
        assertEquals("hmc[last:2]", r.predictive().method());
        assertTrue(r.report().get("sampled").toString().startsWith("last 2 layers only"));
        PosteriorPredictive p = out.load();
        int n = 3;
        float[] x = new float[n * NX];
        float[] y = new float[n * NX];
        for (int i = 0; i < n; i++) {
            data.fill(i, x, i * NX, y, i * NX);
        }
        INDArray batch = Nd4j.create(x, new long[] {n, 1, NX}, 'c');
        long[] idx = {40, 41, 42};
        int members = 2 * p.draws() + 3;
        double sumSq = 0;
        double expected = 0;
        long count = 0;
        for (int m = 0; m < members; m++) {
            INDArray f = p.forecast(batch, idx, m, 5);
            // the same member of one input alone
            INDArray single = p.forecast(batch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2)),
                    new long[] {41}, m, 5);
            assertArrayEquals(single.data().asFloat(), f.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2))
                    .dup().data().asFloat(), 1e-5f);
            int d = m % p.draws();
            float[] mean = p.mean(batch, d).data().asFloat();
            float[] fv = f.data().asFloat();
            for (int j = 0; j < fv.length; j++) {
                sumSq += (fv[j] - mean[j]) * (double) (fv[j] - mean[j]);
            }
            expected += fv.length * Math.pow(p.weightDraws().noiseScale(d), 2);
            count += fv.length;
        }
        // member minus its draw's prediction is N(0, sigma_d^2): the mean square matches within its sampling error
        double ratio = sumSq / expected;
        assertEquals(1.0, ratio, 4 * Math.sqrt(2.0 / count));
        // same member, same seed: the same forecast; another seed: another noise draw
        assertArrayEquals(p.forecast(batch, idx, 3, 5).data().asFloat(), p.forecast(batch, idx, 3, 5).data()
                .asFloat(), 0);
        assertTrue(p.forecast(batch, idx, 3, 6).getFloat(0) != p.forecast(batch, idx, 3, 5).getFloat(0));
    }

    @Test
    void dataOfAnotherGridIsRefused() {
        TaskDataset other = WeightPosteriorTest.data(2, 1);
        assertTrue(Files.isDirectory(trained.path()));
        PosteriorDirectory out = new PosteriorDirectory(tmp.resolve("never"));
        TaskDataset wrongTask = new TaskDataset(other.source(), dev.surrogate.operators.data.Task.of("next", 1),
                new int[] {0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightHmc.sample(trained,
                wrongTask, settings(LayerSelection.all()), out, false, Map.of(), new HmcObserver() { }));
        assertTrue(e.getMessage().contains("do not match"), e.getMessage());
    }
}
