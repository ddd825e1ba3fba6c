package dev.surrogate.generative.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.generative.sampling.DormandPrinceSampler;
import dev.surrogate.generative.sampling.FixedStepSampler;
import dev.surrogate.generative.sampling.StochasticSampler;
import dev.surrogate.generative.sampling.VelocityField;
import dev.surrogate.generative.sampling.Sampler;
import dev.surrogate.operators.data.InMemoryFieldSource;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
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
    void learnedVelocityApproachesTheClosedFormMarginalVelocity() {
        // in normalised units the data given c are N(mu', s'^2) per value, mu' = (MU c - m) / sd, s' = S / sd;
        // the exact marginal velocity of the linear path is mu' + (t s'^2 - (1 - t)) / ((1 - t)^2 + t^2 s'^2)
        // (z - t mu'), affine in z
        double m = model.layout().target().mean()[0];
        double sd = model.layout().target().std()[0];
        double sumSq = 0;
        double errSq = 0;
        for (double c : new double[] {1, -1}) {
            float[] cond = new float[NX];
            Arrays.fill(cond, (float) c);
            VelocityField v = model.velocity(cond, new int[] {NX});
            double mu = (MU * c - m) / sd;
            double s = S / sd;
            SplittableRandom r = new SplittableRandom(4);
            for (double t : new double[] {0.2, 0.5, 0.8}) {
                // states as the network meets them: drawn from the marginal z_t, independently per point
                double var = (1 - t) * (1 - t) + t * t * s * s;
                double[] z = new double[NX];
                double[] exact = new double[NX];
                for (int i = 0; i < NX; i++) {
                    z[i] = t * mu + Math.sqrt(var) * r.nextGaussian();
                    exact[i] = mu + (t * s * s - (1 - t)) / var * (z[i] - t * mu);
                }
                double[] out = new double[NX];
                v.evaluate(1, new int[] {0}, new double[] {t}, z, out);
                for (int i = 0; i < NX; i++) {
                    errSq += (out[i] - exact[i]) * (out[i] - exact[i]);
                    sumSq += exact[i] * exact[i];
                }
            }
        }
        double rel = Math.sqrt(errSq / sumSq);
        System.err.printf("velocity: relative RMS error %.4f%n", rel);
        // a zero velocity errs by 1.0, one that ignores the condition (the sign of mu') by more; 320 steps of the
        // small network leave about 0.1
        assertTrue(rel < 0.15, "relative RMS error of the learned velocity " + rel);
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
