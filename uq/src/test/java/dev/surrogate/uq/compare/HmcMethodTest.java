package dev.surrogate.uq.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.models.Fno1d;
import dev.surrogate.uq.testing.NoisyData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HMC as a comparison method on data whose final state is the initial one plus Gaussian noise of known size: the
 * sampled noise scale finds that size, the posterior predictive's central intervals then hold their nominal share
 * of the test values, and a rerun loads the finished posterior.
 */
class HmcMethodTest {
    private static final double SIGMA = 0.2;
    private static final int NX = 16;
    private static final FieldSource TRAIN = NoisyData.of(60, NX, SIGMA, 31);
    private static final FieldSource TEST = NoisyData.of(60, NX, SIGMA, 32);

    @TempDir
    Path tmp;

    private static CompareContext context(boolean trainingAllowed) {
        int[] fit = new int[50];
        int[] cal = new int[10];
        for (int i = 0; i < 50; i++) {
            fit[i] = i;
        }
        for (int i = 0; i < 10; i++) {
            cal[i] = 50 + i;
        }
        // an identity-like map is within reach of one Fourier layer: u(1) = u(0) in the mean
        ModelFactory models = r -> new Fno1d(Fno1d.Config.defaults(r.inChannels(), r.outChannels()).withWidth(4)
                .withModes(3).withLayers(1).withProjectionWidth(4).withSeed(r.seed()));
        return new CompareContext(TRAIN, fit, cal, Task.of("final", 1), new CompareContext.Recipe(150, 10, 1e-2, 0,
                "cosine"), 3, models, Map.of("width", 4), trainingAllowed, new CompareListener() { },
                Map.of("file", "synthetic"));
    }

    private static long[] range(long from, int n) {
        long[] g = new long[n];
        for (int i = 0; i < n; i++) {
            g[i] = from + i;
        }
        return g;
    }

    @Test
    void posteriorPredictiveFindsTheNoiseAndCoversAtTheNominalRate() {
        MethodOptions options = new MethodOptions(Map.of("hmc.layers", "all", "hmc.chains", "2", "hmc.warmup", "40",
                "hmc.draws", "30", "hmc.leapfrog_steps", "10"));
        UqMethod method = UqMethods.create(HmcMethod.NAME, options);
        assertTrue(options.unused().isEmpty(), options.unused().toString());
        UqComparison c = new UqComparison(new UqComparison.Settings(40, 0.9, 5, 20, Reliability.DEFAULT_LEVELS));
        int[] test = new int[60];
        for (int i = 0; i < 60; i++) {
            test[i] = i;
        }
        UqComparison.Row row = c.run(HmcMethod.NAME, method, context(true), tmp.resolve("hmc"), range(0, 60),
                new UqComparison.TestSet(TEST, test, range(10_000, 60)));
        Map<String, Object> m = row.toMap();
        assertTrue(row.fitted().trainedNow());
        for (String k : new String[] {"max_split_rhat", "min_bulk_ess", "acceptance", "divergences",
            "sampling_seconds", "posterior_draws"}) {
            assertTrue(m.get(k) instanceof Number, k + " in " + m);
        }
        // the members' spread is the noise: sigma, up to the model's misfit of the mean and the posterior's scatter
        double sigma = ((Number) m.get("noise_scale_mean")).doubleValue();
        assertEquals(SIGMA, sigma, 0.25 * SIGMA, "sampled noise scale");
        // a well-specified Gaussian predictive with the right scale covers 90 % of the values; 960 correlated-free
        // values give a binomial standard error of 0.01, and sigma's error above moves the coverage by up to 0.1
        double cov90 = ((Number) m.get("coverage_90")).doubleValue();
        assertEquals(0.9, cov90, 0.12, "coverage_90 " + m);
        assertTrue(((Number) m.get("coverage_50")).doubleValue() < cov90);

        // a rerun that may not train loads the finished posterior and draws the same members
        UqMethod.Fitted again = UqMethods.create(HmcMethod.NAME, options).fit(context(false), tmp.resolve("hmc"));
        assertFalse(again.trainedNow());
        INDArray x = Nd4j.create(new float[NX], new long[] {1, 1, NX});
        assertEquals(row.fitted().forecaster().forecast(x, new long[] {7}, 3, 11),
                again.forecaster().forecast(x, new long[] {7}, 3, 11));
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException layers = assertThrows(IllegalArgumentException.class,
                () -> UqMethods.create(HmcMethod.NAME, new MethodOptions(Map.of("hmc.layers", "first:2"))));
        assertTrue(layers.getMessage().contains("first:2"), layers.getMessage());
        IllegalArgumentException chains = assertThrows(IllegalArgumentException.class,
                () -> UqMethods.create(HmcMethod.NAME, new MethodOptions(Map.of("hmc.chains", "0"))));
        assertTrue(chains.getMessage().contains("hmc.chains"), chains.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> UqMethods.create(HmcMethod.NAME, MethodOptions.none()).fit(context(false), tmp.resolve("none")));
        assertTrue(missing.getMessage().contains("no HMC posterior"), missing.getMessage());
    }
}
