package dev.surrogate.generative.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.generative.sampling.FixedStepSampler;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.SampleSplit;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.data.TaskDataset;
import dev.surrogate.operators.training.Objective;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParameterizationTest {
    @TempDir
    Path tmp;

    private static double[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    @Test
    void theExactCleanSampleGivesThePathsVelocity() {
        // on the path z_t = (1 - (1 - s) t) z0 + t z1 the velocity read from the output x1 must be z1 - (1 - s) z0,
        // wherever the noise coefficient is above min_noise
        int n = 50;
        double[] z0 = gaussian(n, 1);
        double[] z1 = gaussian(n, 2);
        Parameterization p = Parameterization.data(0.05);
        for (double sigma : new double[] {0, 0.2}) {
            ProbabilityPath path = new ProbabilityPath(sigma);
            for (double t : new double[] {0, 0.3, 0.7, 0.94}) {
                double a = path.noiseCoefficient(t);
                double[] z = new double[n];
                for (int i = 0; i < n; i++) {
                    z[i] = a * z0[i] + t * z1[i];
                }
                double[] v = new double[n];
                p.velocity(path, t, z1, z, 0, n, v);
                for (int i = 0; i < n; i++) {
                    assertEquals(z1[i] - (1 - sigma) * z0[i], v[i], 1e-12, "sigma " + sigma + " t " + t);
                }
            }
        }
    }

    @Test
    void anEulerStepToTheEndLandsOnTheOutputAndNearTheEndTheDivisionIsBounded() {
        int n = 20;
        double[] z = gaussian(n, 3);
        double[] x1 = gaussian(n, 4);
        ProbabilityPath path = new ProbabilityPath(0);
        Parameterization p = Parameterization.data(0.05);
        for (double t : new double[] {0.1, 0.5, 0.95}) {
            double[] v = new double[n];
            p.velocity(path, t, x1, z, 0, n, v);
            for (int i = 0; i < n; i++) {
                assertEquals(x1[i], z[i] + (1 - t) * v[i], 1e-12, "t " + t);
            }
        }
        // at t = 0.99 the division is by 0.05, not 0.01: the step moves a fifth of the way, and on the output the
        // state stays (no drift past the clean sample)
        double t = 0.99;
        double[] v = new double[n];
        p.velocity(path, t, x1, z, 0, n, v);
        for (int i = 0; i < n; i++) {
            assertEquals(x1[i] - z[i], (1 - t) * v[i] * 5, 1e-12);
        }
        p.velocity(path, 1.0, x1, x1, 0, n, v);
        for (int i = 0; i < n; i++) {
            assertEquals(0, v[i], 0, "at the output the velocity is zero");
        }
        // velocity: the output is the velocity
        double[] w = new double[n];
        Parameterization.VELOCITY.velocity(path, 0.3, x1, z, 0, n, w);
        assertEquals(Arrays.toString(x1), Arrays.toString(w));
    }

    @Test
    void theTrainingTargetAsksForTheCleanSampleAtEveryTime() {
        // velocity implied by the target, read back as a clean sample: z_t + max(1 - t, 0.05) v must be z_1 for
        // every draw; where 1 - t >= 0.05 the target is the path's velocity z_1 - z_0 itself
        InMemoryFieldSource source = FlowFixtures.conditionalGaussian(256, 8, 1, 0.3, 2);
        TaskDataset data = new TaskDataset(source, Task.of("final", 1), SampleSplit.all(256).train());
        FlowMatchingObjective o = FlowMatchingObjective.fit(
                FlowSettings.defaults().withParameterization(Parameterization.data(0.05)), data);
        int[] examples = new int[256];
        for (int i = 0; i < examples.length; i++) {
            examples[i] = i;
        }
        FlowBatch b = o.draw(data, examples, new Objective.BatchContext(3, 0, true));
        int p = b.points();
        int in = o.layout().inputChannels() * p;
        int late = 0;
        for (int e = 0; e < b.size(); e++) {
            double t = b.t()[e];
            late += t > 0.95 ? 1 : 0;
            for (int i = 0; i < p; i++) {
                int k = e * p + i;
                double zt = b.input()[e * in + i];
                assertEquals(b.z1()[k], zt + Math.max(1 - t, 0.05) * b.velocity()[k], 2e-5, "t " + t);
                if (t <= 0.95) {
                    assertEquals(b.z1()[k] - b.z0()[k], b.velocity()[k], 2e-4, "t " + t);
                }
            }
        }
        assertTrue(late > 0, "some draws beyond the clip");
    }

    @Test
    void theGraphComputesWhatTheArraysDo() {
        Nd4jRuntime.init();
        int b = 3;
        int c = 2;
        int nx = 8;
        double[] out = gaussian(b * c * nx, 5);
        double[] z = gaussian(b * c * nx, 6);
        double[] times = {0.2, 0.9, 0.98};
        for (double sigma : new double[] {0, 0.1}) {
            ProbabilityPath path = new ProbabilityPath(sigma);
            Parameterization p = Parameterization.data(0.05);
            SameDiff sd = SameDiff.create();
            SDVariable o = sd.placeHolder("o", DataType.FLOAT, -1, c, nx);
            SDVariable s = sd.placeHolder("z", DataType.FLOAT, -1, c, nx);
            SDVariable t = sd.placeHolder("t", DataType.FLOAT, -1, 1, nx);
            SDVariable v = p.velocity(path, o, s, t);
            float[] tf = new float[b * nx];
            for (int r = 0; r < b; r++) {
                Arrays.fill(tf, r * nx, (r + 1) * nx, (float) times[r]);
            }
            INDArray got = v.eval(Map.of("o", Nd4j.create(out, new long[] {b, c, nx}, 'c').castTo(DataType.FLOAT),
                    "z", Nd4j.create(z, new long[] {b, c, nx}, 'c').castTo(DataType.FLOAT),
                    "t", Nd4j.create(tf, new long[] {b, 1, nx}, 'c')));
            float[] g = got.dup('c').data().asFloat();
            double[] expected = new double[b * c * nx];
            for (int r = 0; r < b; r++) {
                p.velocity(path, times[r], out, z, r * c * nx, c * nx, expected);
            }
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], g[i], 1e-5 * (1 + Math.abs(expected[i])), "sigma " + sigma + " value " + i);
            }
        }
    }

    @Test
    void settingsRoundTripAndOldSettingsReadAsVelocity() {
        FlowSettings data = FlowSettings.defaults().withParameterization(Parameterization.data(0.1));
        assertEquals(data, FlowSettings.fromMap(data.toMap()));
        Map<String, Object> old = FlowSettings.defaults().toMap();
        assertEquals(false, old.containsKey("parameterization"), "velocity flows save as before the option");
        assertEquals(Parameterization.VELOCITY, FlowSettings.fromMap(old).parameterization());
        assertEquals(Parameterization.data(0.05), Parameterization.parse("data"));
        assertEquals(Parameterization.data(0.2), Parameterization.parse("DATA:0.2"));
        assertEquals(Parameterization.VELOCITY, Parameterization.parse("velocity"));
        assertThrows(IllegalArgumentException.class, () -> Parameterization.parse("noise"));
        assertThrows(IllegalArgumentException.class, () -> Parameterization.parse("data:0"));
        assertThrows(IllegalArgumentException.class, () -> Parameterization.parse("data:x"));
    }

    @Test
    void aFlowPredictingTheCleanSampleCollapsesOntoADeterminedFuture() {
        // the use it is for: u(1) = mu c is determined by u(0) = c, so every member should land on it. A velocity
        // network has to cancel each member's noise with a coefficient that grows like 1 / (1 - t); one that
        // outputs the clean field need not look at the noise at all. Same data, network, seed and training for both
        double mu = 1.0;
        int nx = 16;
        InMemoryFieldSource data = FlowFixtures.conditionalGaussian(128, nx, mu, 0, 1);
        double[] spread = new double[2];
        for (Parameterization p : new Parameterization[] {Parameterization.VELOCITY, Parameterization.data(0.05)}) {
            FlowSettings settings = FlowSettings.defaults().withParameterization(p);
            FlowModel model = FlowModel.load(FlowFixtures.train(data, settings, 40, 0, tmp.resolve(p.data() ? "data" : "velocity")));
            assertEquals(settings, model.settings());
            int rows = 64;
            for (double c : new double[] {1, -1}) {
                float[] cond = new float[rows * nx];
                Arrays.fill(cond, (float) c);
                long[] idx = new long[rows];
                for (int r = 0; r < rows; r++) {
                    idx[r] = r;
                }
                FlowForecaster f = new FlowForecaster(model, new FixedStepSampler(FixedStepSampler.Method.RK4, 10));
                float[] v = f.forecast(Nd4j.create(cond, new long[] {rows, 1, nx}, 'c'), idx, 0, 3).data()
                        .asFloat();
                double mean = 0;
                for (float x : v) {
                    mean += x;
                }
                mean /= v.length;
                double sq = 0;
                for (float x : v) {
                    sq += (x - mean) * (x - mean);
                }
                double sd = Math.sqrt(sq / (v.length - 1));
                System.err.printf("%s, c=%+.0f: mean %.4f std %.4f%n", p, c, mean, sd);
                assertEquals(mu * c, mean, 0.05, p + ": the determined future given " + c);
                spread[p.data() ? 1 : 0] = Math.max(spread[p.data() ? 1 : 0], sd);
            }
        }
        // measured 0.097 against 0.026
        assertTrue(spread[1] < 0.5 * spread[0], "members' spread: velocity " + spread[0] + ", data " + spread[1]);
    }
}
