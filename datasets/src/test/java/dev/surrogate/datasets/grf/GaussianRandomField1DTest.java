package dev.surrogate.datasets.grf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.pde.spectral.RealFft1D;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The 1-D field against its definition u(x) = sum_k sqrt(2 sigma^2 lambda_k)(xi_k cos + eta_k sin) and its
 * second-order statistics over many samples.
 *
 * <p>Statistical tolerances are 5 standard errors of the estimator (a false failure has probability below 1e-6
 * per check; the seeds are fixed, so the outcome is deterministic anyway): for the sample variance of M Gaussian
 * values the relative standard error is sqrt(2 / M); for the mean of |c_k|^2 / E|c_k|^2 over M samples (a chi^2
 * with 2 degrees of freedom over 2) it is 1 / sqrt(M).
 */
class GaussianRandomField1DTest {

    private static double lambda(GrfSpec s, double k, double length) {
        return Math.pow(4 * Math.PI * Math.PI * k * k / (length * length) + s.tau() * s.tau(), -s.alpha());
    }

    @Test
    void synthesisMatchesTheDefiningSeries() {
        int n = 32;
        double length = 2.5;
        GrfSpec spec = new GrfSpec(3, 2, 1.5);
        GaussianRandomField1D grf = new GaussianRandomField1D(new SpectralGrid1D(n, length), spec);
        RecordingStream r = new RecordingStream(new SampleSeeds(11).stream(4, SampleSeeds.INITIAL_CONDITION));
        double[] u = new double[n];
        grf.sample(r, u);
        assertEquals(2 * (n / 2 - 1), r.gaussians.size());
        double max = 0;
        for (int i = 0; i < n; i++) {
            double x = i * length / n;
            double direct = 0;
            for (int k = 1; k < n / 2; k++) {
                double amp = Math.sqrt(2 * spec.sigma() * spec.sigma() * lambda(spec, k, length));
                double xi = r.gaussians.get(2 * (k - 1));
                double eta = r.gaussians.get(2 * (k - 1) + 1);
                direct += amp * (xi * Math.cos(2 * Math.PI * k * x / length) + eta * Math.sin(2 * Math.PI * k * x / length));
            }
            max = Math.max(max, Math.abs(direct));
            assertEquals(direct, u[i], 1e-13 * (1 + Math.abs(direct)), "x_" + i);
        }
        assertTrue(max > 0.01, "field is not trivially zero");
    }

    @Test
    void pointwiseMeanVarianceAndCovarianceMatchTheFormula() {
        int n = 32;
        int m = 20_000;
        GrfSpec spec = GrfSpec.fnoBurgers();
        GaussianRandomField1D grf = new GaussianRandomField1D(new SpectralGrid1D(n, 1.0), spec);
        double var = 0;
        double cov3 = 0;
        for (int k = 1; k < n / 2; k++) {
            double l = spec.sigma() * spec.sigma() * lambda(spec, k, 1.0);
            var += 2 * l;
            cov3 += 2 * l * Math.cos(2 * Math.PI * k * 3 / n);
        }
        assertEquals(var, grf.pointwiseVariance(), 1e-12 * var);
        // the FNO Burgers field: std about 0.6
        assertTrue(var > 0.3 && var < 0.4, "variance " + var);
        SampleSeeds seeds = new SampleSeeds(2024);
        double[] u = new double[n];
        int[] points = {0, 7, 20};
        double[] sum = new double[points.length];
        double[] sumSq = new double[points.length];
        double cross = 0;
        for (int s = 0; s < m; s++) {
            grf.sample(seeds.stream(s, SampleSeeds.INITIAL_CONDITION), u);
            for (int p = 0; p < points.length; p++) {
                sum[p] += u[points[p]];
                sumSq[p] += u[points[p]] * u[points[p]];
            }
            cross += u[5] * u[8];
        }
        for (int p = 0; p < points.length; p++) {
            double mean = sum[p] / m;
            double v = sumSq[p] / m - mean * mean;
            assertEquals(0, mean, 5 * Math.sqrt(var / m), "mean at x_" + points[p]);
            assertEquals(var, v, 5 * Math.sqrt(2.0 / m) * var, "variance at x_" + points[p]);
        }
        // E[u(x) u(x + 3 dx)]; the estimator's standard error is at most var * sqrt(2 / m)
        assertEquals(cov3, cross / m, 5 * Math.sqrt(2.0 / m) * var, "covariance at lag 3");
    }

    @Test
    void empiricalSpectrumMatchesTheEigenvalues() {
        int n = 64;
        int m = 4000;
        double length = 1.0;
        GrfSpec spec = GrfSpec.fnoBurgers();
        GaussianRandomField1D grf = new GaussianRandomField1D(new SpectralGrid1D(n, length), spec);
        RealFft1D fft = new RealFft1D(n);
        double[] u = new double[n];
        double[] hat = new double[n + 2];
        double[] power = new double[n / 2 + 1];
        SampleSeeds seeds = new SampleSeeds(5);
        for (int s = 0; s < m; s++) {
            grf.sample(seeds.stream(s, SampleSeeds.INITIAL_CONDITION), u);
            fft.forward(u, hat);
            for (int k = 0; k <= n / 2; k++) {
                power[k] += hat[2 * k] * hat[2 * k] + hat[2 * k + 1] * hat[2 * k + 1];
            }
        }
        double scale = (n / 2.0) * (n / 2.0);
        for (int k = 1; k < n / 2; k++) {
            // |c_k|^2 = (n/2)^2 (a^2 + b^2), a, b ~ N(0, 2 sigma^2 lambda_k)
            double expected = scale * 2 * 2 * spec.sigma() * spec.sigma() * lambda(spec, k, length);
            double ratio = power[k] / m / expected;
            assertEquals(1, ratio, 5 / Math.sqrt(m), "mode " + k);
        }
        assertEquals(0, power[0] / m, 1e-20, "mean mode excluded");
        assertEquals(0, power[n / 2] / m, 1e-20, "Nyquist mode excluded");
    }

    @Test
    void sameSeedAndIndexGiveTheSameFieldAnotherIndexAnother() {
        GaussianRandomField1D a = new GaussianRandomField1D(new SpectralGrid1D(64, 1), GrfSpec.fnoBurgers());
        GaussianRandomField1D b = new GaussianRandomField1D(new SpectralGrid1D(64, 1), GrfSpec.fnoBurgers());
        double[] u1 = new double[64];
        double[] u2 = new double[64];
        double[] u3 = new double[64];
        a.sample(new SampleSeeds(9).stream(3, SampleSeeds.INITIAL_CONDITION), u1);
        b.sample(new SampleSeeds(9).stream(3, SampleSeeds.INITIAL_CONDITION), u2);
        a.sample(new SampleSeeds(9).stream(4, SampleSeeds.INITIAL_CONDITION), u3);
        assertArrayEquals(u1, u2, 0.0);
        assertFalse(Arrays.equals(u1, u3));
    }

    @Test
    void finerGridKeepsTheLowModes() {
        // draws are ordered by wavenumber, so the n = 64 field is the n = 32 field plus modes 16..31
        double[] coarse = new double[32];
        double[] fine = new double[64];
        new GaussianRandomField1D(new SpectralGrid1D(32, 1), GrfSpec.fnoBurgers())
                .sample(new SampleSeeds(1).stream(0, 1), coarse);
        new GaussianRandomField1D(new SpectralGrid1D(64, 1), GrfSpec.fnoBurgers())
                .sample(new SampleSeeds(1).stream(0, 1), fine);
        RealFft1D f32 = new RealFft1D(32);
        RealFft1D f64 = new RealFft1D(64);
        double[] h32 = new double[34];
        double[] h64 = new double[66];
        f32.forward(coarse, h32);
        f64.forward(fine, h64);
        for (int k = 1; k < 16; k++) {
            assertEquals(h32[2 * k] / 16, h64[2 * k] / 32, 1e-12, "cos coefficient of mode " + k);
            assertEquals(h32[2 * k + 1] / 16, h64[2 * k + 1] / 32, 1e-12, "sin coefficient of mode " + k);
        }
    }

    @Test
    void rejectsBadParameters() {
        assertThrowsNaming("sigma", () -> new GrfSpec(0, 5, 2));
        assertThrowsNaming("tau", () -> new GrfSpec(1, -1, 2));
        assertThrowsNaming("alpha", () -> new GrfSpec(1, 5, Double.NaN));
        GaussianRandomField1D g = new GaussianRandomField1D(new SpectralGrid1D(16, 1), GrfSpec.fnoBurgers());
        assertThrowsNaming("length", () -> g.sample(new SampleSeeds(1).stream(0, 1), new double[15]));
    }

    static void assertThrowsNaming(String word, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(word), ex.getMessage());
    }
}
