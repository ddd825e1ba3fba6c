package dev.surrogate.generative.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.generative.sampling.DormandPrinceSampler;
import dev.surrogate.generative.sampling.FixedStepSampler;
import dev.surrogate.generative.sampling.StochasticSampler;
import dev.surrogate.generative.sampling.Sampler;
import dev.surrogate.operators.data.InMemoryFieldSource;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FlowTrainingTest {
    private static final double MU = 1.0;
    private static final double S = 0.3;
    private static final int NX = 16;

    @TempDir
    static Path tmp;
    private static FlowModel model;

    @BeforeAll
    static void trainOnce() {
        InMemoryFieldSource data = FlowFixtures.conditionalGaussian(128, NX, MU, S, 1);
        long t0 = System.nanoTime();
        FlowFixtures.train(data, FlowSettings.defaults(), 40, 0, tmp.resolve("gauss"));
        System.err.printf("trained in %.1f s%n", (System.nanoTime() - t0) * 1e-9);
        model = FlowModel.load(tmp.resolve("gauss"));
    }

    /** Mean and standard deviation of every value drawn for {@code rows} inputs of constant {@code c}. */
    private static double[] moments(double c, int rows, Sampler sampler, long seed) {
        float[] cond = new float[rows * NX];
        Arrays.fill(cond, (float) c);
        long[] idx = new long[rows];
        for (int r = 0; r < rows; r++) {
            idx[r] = r;
        }
        FlowForecaster f = new FlowForecaster(model, sampler);
        INDArray out = f.forecast(Nd4j.create(cond, new long[] {rows, 1, NX}, 'c'), idx, 0, seed);
        float[] v = out.data().asFloat();
        double sum = 0;
        double sq = 0;
        for (float x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        for (float x : v) {
            sq += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(sq / (v.length - 1))};
    }

    @Test
    void aMemberDoesNotDependOnItsBatch() {
        int rows = 5;
        float[] cond = new float[rows * NX];
        for (int i = 0; i < cond.length; i++) {
            cond[i] = (float) Math.sin(0.37 * i);
        }
        long[] idx = {40, 7, 12, 3, 99};
        for (Sampler sampler : new Sampler[] {new FixedStepSampler(FixedStepSampler.Method.HEUN, 4),
            new DormandPrinceSampler(DormandPrinceSampler.Pair.DP54, 1e-3, 1e-3),
            new StochasticSampler(6, 0.2, new ProbabilityPath(0))}) {
            FlowForecaster f = new FlowForecaster(model, sampler);
            float[] all = f.forecast(Nd4j.create(cond, new long[] {rows, 1, NX}, 'c'), idx, 2, 9).data().asFloat();
            for (int r = 0; r < rows; r++) {
                float[] one = Arrays.copyOfRange(cond, r * NX, (r + 1) * NX);
                float[] alone = f.forecast(Nd4j.create(one, new long[] {1, 1, NX}, 'c'), new long[] {idx[r]}, 2, 9)
                        .data().asFloat();
                for (int i = 0; i < NX; i++) {
                    assertEquals(all[r * NX + i], alone[i], 1e-5, sampler.name() + " row " + r);
                }
            }
            float[] other = f.forecast(Nd4j.create(cond, new long[] {rows, 1, NX}, 'c'), idx, 3, 9).data()
                    .asFloat();
            assertTrue(!Arrays.equals(all, other), sampler.name() + ": another member is another draw");
            assertTrue(f.meanNfe() > 0 && f.secondsPerSample() > 0);
        }
    }

    @Test
    void samplesHaveTheConditionalMeanAndSpread() {
        // 64 x 16 = 1024 values per condition: standard errors 0.3 / 32 = 0.009 for the mean, about 2 % for the
        // standard deviation; the bounds leave room for the small network's approximation error
        Sampler rk4 = new FixedStepSampler(FixedStepSampler.Method.RK4, 10);
        for (double c : new double[] {1, -1}) {
            double[] m = moments(c, 64, rk4, 3);
            System.err.printf("c=%+.0f: mean %.4f std %.4f%n", c, m[0], m[1]);
            assertEquals(MU * c, m[0], 0.05, "conditional mean given " + c);
            assertEquals(S, m[1], 0.1 * S, "conditional standard deviation given " + c);
        }
    }
}
