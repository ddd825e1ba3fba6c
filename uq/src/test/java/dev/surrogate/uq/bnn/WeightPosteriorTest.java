package dev.surrogate.uq.bnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.operators.training.SurrogateGraph;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightPosteriorTest {
    private static final int NX = 16;

    @BeforeAll
    static void nd4j() {
        Nd4jRuntime.init(1);
    }

    /** A handful of random trajectories of 2 snapshots on 16 points. */
    static TaskDataset data(int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[samples * 2 * NX];
        for (int s = 0; s < samples; s++) {
            double a = r.nextDouble(0.5, 1.5);
            double phi = r.nextDouble(0, 2 * Math.PI);
            for (int i = 0; i < NX; i++) {
                double u0 = a * Math.sin(2 * Math.PI * i / NX + phi);
                v[(s * 2) * NX + i] = (float) u0;
                v[(s * 2 + 1) * NX + i] = (float) (0.5 * u0 + 0.1 * u0 * u0);
            }
        }
        InMemoryFieldSource src = new InMemoryFieldSource(v, samples, 2, new int[] {NX}, new double[] {1.0},
                List.of("u"));
        int[] idx = new int[samples];
        for (int i = 0; i < samples; i++) {
            idx[i] = i;
        }
        return new TaskDataset(src, Task.of("final", 1), idx);
    }

    static Fno1d tinyFno() {
        return new Fno1d(Fno1d.Config.defaults(1, 1).withWidth(3).withModes(3).withLayers(1).withProjectionWidth(4)
                .withSeed(5));
    }

    static Map<String, INDArray> initialWeights(Fno1d model, Normalizer normalizer) {
        Nd4j.getRandom().setSeed(1);
        return SurrogateGraph.build(model, normalizer, new int[] {NX}).weights();
    }

    @Test
    void potentialIsTheGaussianLikelihoodPlusPrior() {
        TaskDataset d = data(5, 1);
        Fno1d model = tinyFno();
        Normalizer norm = Normalizer.fit(d);
        Map<String, INDArray> w = initialWeights(model, norm);
        double sigma = 0.3;
        double lambda = 7.0;
        try (WeightPosterior post = WeightPosterior.build(model, norm, w, d, lambda, NoiseModel.fixed(sigma),
                LayerSelection.all(), 2)) {
            double[] q = post.start();
            // the prediction of an independent graph with the same weights
            SurrogateGraph g = SurrogateGraph.build(model, norm, new int[] {NX});
            g.loadWeights(w);
            double sse = 0;
            float[] x = new float[NX];
            float[] y = new float[NX];
            for (int i = 0; i < d.size(); i++) {
                d.fill(i, x, 0, y, 0);
                float[] p = g.predict(Nd4j.create(x, new long[] {1, 1, NX}, 'c')).data().asFloat();
                for (int j = 0; j < NX; j++) {
                    sse += (p[j] - y[j]) * (double) (p[j] - y[j]);
                }
            }
            double w2 = 0;
            for (double v : q) {
                w2 += v * v;
            }
            long n = 5L * NX;
            double expected = sse / (2 * sigma * sigma) + n * Math.log(sigma) + 0.5 * lambda * w2;
            assertEquals(n, post.observations());
            assertEquals(expected, post.value(q), 1e-5 * Math.abs(expected));
            assertEquals(Math.sqrt(sse / n), post.trainingRmse(), 1e-5 * post.trainingRmse());
        }
    }

    /** The SameDiff gradient against central differences of the potential (float32 graph: loose tolerance). */
    @Test
    void gradientMatchesFiniteDifferences() {
        TaskDataset d = data(4, 2);
        Fno1d model = tinyFno();
        Normalizer norm = Normalizer.fit(d);
        Map<String, INDArray> w = initialWeights(model, norm);
        for (LayerSelection layers : new LayerSelection[] {LayerSelection.all(), LayerSelection.last(1)}) {
            try (WeightPosterior post = WeightPosterior.build(model, norm, w, d, 2.0,
                    NoiseModel.sampledFromTrainingError(), layers, 3)) {
                double[] q = post.start();
                int dim = post.dimension();
                double[] g = new double[dim];
                post.valueAndGradient(q, g);
                SplittableRandom r = new SplittableRandom(3);
                int checked = 0;
                for (int k = 0; k < 25; k++) {
                    // always the noise coordinate, then random weights
                    int i = k == 0 ? dim - 1 : r.nextInt(dim - 1);
                    double h = 1e-2;
                    double[] qp = q.clone();
                    double[] qm = q.clone();
                    qp[i] += h;
                    qm[i] -= h;
                    double fd = (post.value(qp) - post.value(qm)) / (2 * h);
                    assertEquals(fd, g[i], 2e-2 * Math.max(1, Math.abs(fd)), "coordinate " + i + " (" + layers + ")");
                    checked++;
                }
                assertEquals(25, checked);
            }
        }
    }

    @Test
    void lastLayersSampleOnlyTheProjection() {
        TaskDataset d = data(3, 3);
        Fno1d model = tinyFno();
        Normalizer norm = Normalizer.fit(d);
        Map<String, INDArray> w = initialWeights(model, norm);
        try (WeightPosterior post = WeightPosterior.build(model, norm, w, d, 100, NoiseModel.fixedAtTrainingError(),
                LayerSelection.last(4), 3)) {
            // forward order, not SameDiff's alphabetical one: layer0's spectral and pointwise, then the projections
            // (within a layer, weight and bias come in the order the layer's ops use them)
            List<String> names = post.layout().names();
            assertEquals(java.util.Set.of("fno1d/layer0/spectral/weight", "fno1d/layer0/pointwise/weight",
                    "fno1d/layer0/pointwise/bias", "fno1d/projection0/weight", "fno1d/projection0/bias",
                    "fno1d/projection1/weight", "fno1d/projection1/bias"), java.util.Set.copyOf(names));
            assertEquals(List.of("fno1d/layer0/spectral", "fno1d/layer0/pointwise", "fno1d/projection0",
                    "fno1d/projection1"), names.stream().map(LayerSelection::layer).distinct().toList());
        }
        try (WeightPosterior post = WeightPosterior.build(model, norm, w, d, 100, NoiseModel.fixedAtTrainingError(),
                LayerSelection.last(1), 3)) {
            assertEquals(List.of("fno1d/projection1/weight", "fno1d/projection1/bias"), post.layout().names());
            assertEquals(4 + 1, post.dimension());
            double[] q = post.start();
            q[0] += 0.5;
            Map<String, INDArray> all = post.weights(q);
            assertEquals(w.keySet(), all.keySet());
            assertEquals(w.get("fno1d/projection1/weight").getDouble(0) + 0.5,
                    all.get("fno1d/projection1/weight").getDouble(0), 1e-6);
            assertEquals(w.get("fno1d/projection0/weight").getDouble(3), all.get("fno1d/projection0/weight")
                    .getDouble(3), 0);
        }
    }

    @Test
    void badSettingsAreNamed() {
        TaskDataset d = data(2, 4);
        Fno1d model = tinyFno();
        Normalizer norm = Normalizer.fit(d);
        Map<String, INDArray> w = initialWeights(model, norm);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightPosterior.build(model,
                norm, w, d, -1, NoiseModel.fixed(1), LayerSelection.all(), 2));
        assertTrue(e.getMessage().contains("prior precision"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightPosterior.build(model, norm, w, d, 1,
                NoiseModel.fixed(1), LayerSelection.last(6), 2));
        assertTrue(e.getMessage().contains("last 6 layers, the model has 5"), e.getMessage());
        Fno1d het = new Fno1d(model.hyperParameters().withHeteroscedastic(true));
        e = assertThrows(IllegalArgumentException.class, () -> WeightPosterior.build(het, norm, w, d, 1,
                NoiseModel.fixed(1), LayerSelection.all(), 2));
        assertTrue(e.getMessage().contains("heteroscedastic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.parse("loud"));
        assertThrows(IllegalArgumentException.class, () -> LayerSelection.parse("last:0"));
    }
}
