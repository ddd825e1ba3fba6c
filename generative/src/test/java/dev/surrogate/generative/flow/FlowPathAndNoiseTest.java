package dev.surrogate.generative.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.pde.spectral.RealFft1D;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlowPathAndNoiseTest {

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void pathStartsAtTheNoiseAndEndsAtTheData() {
        float[] z0 = random(50, 1);
        float[] z1 = random(50, 2);
        ProbabilityPath p = new ProbabilityPath(0);
        float[] out = new float[50];
        p.interpolate(0, z0, z1, 0, 50, out);
        assertArrayEquals(z0, out, 0);
        p.interpolate(1, z0, z1, 0, 50, out);
        assertArrayEquals(z1, out, 0);
        // sigma_min leaves that much noise at t = 1
        new ProbabilityPath(0.1).interpolate(1, z0, z1, 0, 50, out);
        for (int i = 0; i < 50; i++) {
            assertEquals(z1[i] + 0.1 * z0[i], out[i], 1e-6);
        }
    }

    @Test
    void targetIsThePathsTimeDerivative() {
        float[] z0 = random(40, 3);
        float[] z1 = random(40, 4);
        for (double sigmaMin : new double[] {0, 0.05}) {
            ProbabilityPath p = new ProbabilityPath(sigmaMin);
            float[] u = new float[40];
            p.targetVelocity(z0, z1, 0, 40, u);
            for (double t : new double[] {0.1, 0.5, 0.9}) {
                double h = 1e-3;
                for (int i = 0; i < 40; i++) {
                    // the path in double: a central difference of a linear function is exact up to round-off
                    double plus = p.noiseCoefficient(t + h) * z0[i] + (t + h) * z1[i];
                    double minus = p.noiseCoefficient(t - h) * z0[i] + (t - h) * z1[i];
                    assertEquals((plus - minus) / (2 * h), u[i], 1e-5);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new ProbabilityPath(1));
        assertThrows(IllegalArgumentException.class, () -> new ProbabilityPath(-0.1));
    }

    @Test
    void cleanEstimateOfTheExactConditionalVelocityIsTheData() {
        float[] z0 = random(10, 5);
        float[] z1 = random(10, 6);
        ProbabilityPath p = new ProbabilityPath(0);
        float[] zt = new float[10];
        float[] u = new float[10];
        double t = 0.3;
        p.interpolate(t, z0, z1, 0, 10, zt);
        p.targetVelocity(z0, z1, 0, 10, u);
        double[] z = new double[10];
        double[] v = new double[10];
        for (int i = 0; i < 10; i++) {
            z[i] = zt[i];
            v[i] = u[i];
        }
        ProbabilityPath.clean(t, z, v, 0, 10, z);
        for (int i = 0; i < 10; i++) {
            assertEquals(z1[i], z[i], 1e-5);
        }
    }

    @Test
    void whiteAndGrfNoiseHaveUnitPointwiseVariance() {
        for (FlowNoise noise : new FlowNoise[] {new FlowNoise.White(), FlowNoise.Grf.defaults(),
            new FlowNoise.Grf(10, 1.5)}) {
            FlowNoise.Generator g = noise.generator(new int[] {64}, new double[] {1});
            Xoshiro256StarStar r = new Xoshiro256StarStar(11);
            float[] buf = new float[64];
            double sum = 0;
            double sq = 0;
            int draws = 4000;
            for (int k = 0; k < draws; k++) {
                g.sample(r, buf, 0);
                // one point per draw: the points of a GRF realisation are correlated
                sum += buf[17];
                sq += buf[17] * buf[17];
            }
            double mean = sum / draws;
            double var = sq / draws - mean * mean;
            // standard errors: mean 1/sqrt(4000) = 0.016, variance sqrt(2/4000) = 0.022
            assertEquals(0, mean, 0.07, noise + " mean");
            assertEquals(1, var, 0.1, noise + " variance");
        }
    }

    @Test
    void grfNoiseIsTheSameFunctionOnAFinerGrid() {
        // the spectral draws are ordered by wavenumber: the same stream on a grid twice as fine gives the same low
        // modes (the field's energy beyond the coarse grid's Nyquist is tiny for alpha = 2), so the coarse
        // realisation is the fine one at every other point, up to that small remainder
        FlowNoise noise = FlowNoise.Grf.defaults();
        float[] coarse = new float[64];
        float[] fine = new float[128];
        noise.generator(new int[] {64}, new double[] {1}).sample(new Xoshiro256StarStar(5), coarse, 0);
        noise.generator(new int[] {128}, new double[] {1}).sample(new Xoshiro256StarStar(5), fine, 0);
        double err = 0;
        double norm = 0;
        for (int i = 0; i < 64; i++) {
            err += Math.pow(coarse[i] - fine[2 * i], 2);
            norm += coarse[i] * coarse[i];
        }
        assertTrue(Math.sqrt(err / norm) < 0.01, "relative difference " + Math.sqrt(err / norm));
        // white noise has no such limit: its spectrum is flat up to every grid's Nyquist
        double[] hat = new double[66];
        double[] x = new double[64];
        for (int i = 0; i < 64; i++) {
            x[i] = coarse[i];
        }
        new RealFft1D(64).forward(x, hat);
        double low = 0;
        double high = 0;
        for (int k = 1; k <= 32; k++) {
            double e = hat[2 * k] * hat[2 * k] + hat[2 * k + 1] * hat[2 * k + 1];
            if (k <= 4) {
                low += e;
            } else if (k >= 16) {
                high += e;
            }
        }
        assertTrue(high < 1e-3 * low, "GRF noise is smooth: high/low energy " + high / low);
    }

    @Test
    void settingsRoundTripThroughTheirMaps() {
        FlowSettings s = FlowSettings.defaults().withNoise(FlowNoise.parse("grf:7:2.5")).withSigmaMin(0.01)
                .withTime(TimeDistribution.parse("logit_normal:0.5:1.2"));
        Map<String, Object> m = s.toMap();
        assertEquals(s, FlowSettings.fromMap(m));
        assertEquals(new FlowNoise.Grf(5, 2), FlowNoise.parse("grf"));
        assertEquals(new TimeDistribution.LogitNormal(0, 1), TimeDistribution.parse("logit_normal"));
        assertThrows(IllegalArgumentException.class, () -> FlowNoise.parse("pink"));
        assertThrows(IllegalArgumentException.class, () -> FlowNoise.parse("grf:x:2"));
        assertThrows(IllegalArgumentException.class, () -> TimeDistribution.parse("beta"));
        assertThrows(IllegalArgumentException.class, () -> TimeDistribution.parse("logit_normal:0:-1"));
    }

    @Test
    void logitNormalTimesConcentrateInTheMiddle() {
        TimeDistribution d = new TimeDistribution.LogitNormal(0, 1);
        Xoshiro256StarStar r = new Xoshiro256StarStar(2);
        int middle = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            double t = d.sample(r);
            assertTrue(t > 0 && t < 1);
            if (t > 0.25 && t < 0.75) {
                middle++;
            }
        }
        // P(|logit t| < ln 3) = P(|n| < 1.0986) = 0.728 for the standard logit-normal, 0.5 for uniform
        assertEquals(0.728, (double) middle / n, 0.03);
    }
}
