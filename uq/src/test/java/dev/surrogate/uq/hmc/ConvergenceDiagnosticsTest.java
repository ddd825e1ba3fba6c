package dev.surrogate.uq.hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;

class ConvergenceDiagnosticsTest {

    private static double[][] iid(int chains, int n, long seed) {
        Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
        double[][] x = new double[chains][n];
        for (double[] c : x) {
            for (int i = 0; i < n; i++) {
                c[i] = rng.nextGaussian();
            }
        }
        return x;
    }

    /** Stationary AR(1): x_t = rho x_{t-1} + sqrt(1 - rho^2) e_t, x_0 ~ N(0, 1). */
    private static double[][] ar1(int chains, int n, double rho, long seed) {
        Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
        double s = Math.sqrt(1 - rho * rho);
        double[][] x = new double[chains][n];
        for (double[] c : x) {
            c[0] = rng.nextGaussian();
            for (int i = 1; i < n; i++) {
                c[i] = rho * c[i - 1] + s * rng.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void essOfIndependentDrawsIsAboutTheirNumber() {
        for (long seed = 1; seed <= 3; seed++) {
            double[][] x = iid(4, 1000, seed);
            double ess = ConvergenceDiagnostics.ess(x);
            double bulk = ConvergenceDiagnostics.bulkEss(x);
            // the estimator's own spread for 4000 iid draws is a few percent
            assertEquals(4000, ess, 0.12 * 4000, "ESS");
            assertEquals(4000, bulk, 0.12 * 4000, "bulk ESS");
        }
    }

    @Test
    void essOfAnAr1ChainIsNTimesOneMinusRhoOverOnePlusRho() {
        for (double rho : new double[] {0.5, 0.9}) {
            double[][] x = ar1(4, 10000, rho, 7);
            double expected = 40000 * (1 - rho) / (1 + rho);
            assertEquals(expected, ConvergenceDiagnostics.ess(x), 0.12 * expected, "rho " + rho);
            assertEquals(expected, ConvergenceDiagnostics.bulkEss(x), 0.12 * expected, "bulk, rho " + rho);
        }
        // antithetic chains (negative rho) are more efficient than independent draws
        double[][] x = ar1(4, 10000, -0.3, 8);
        assertTrue(ConvergenceDiagnostics.ess(x) > 40000, "ESS of an antithetic chain " + ConvergenceDiagnostics.ess(x));
    }

    @Test
    void rhatOfIndependentChainsIsBelowOnePointZeroOne() {
        double[][] x = iid(4, 1000, 11);
        double r = ConvergenceDiagnostics.splitRhat(x);
        assertTrue(r < 1.01 && r > 0.99, "split R-hat " + r);
        assertTrue(Math.abs(ConvergenceDiagnostics.rhat(x) - 1) < 0.01);
    }

    @Test
    void rhatOfChainsWithDifferentMeansIsFarAboveOne() {
        double[][] x = iid(4, 1000, 12);
        for (int i = 0; i < 1000; i++) {
            x[2][i] += 2;
            x[3][i] += 2;
        }
        assertTrue(ConvergenceDiagnostics.splitRhat(x) > 1.3, "split R-hat " + ConvergenceDiagnostics.splitRhat(x));
        assertTrue(ConvergenceDiagnostics.rhat(x) > 1.3);
    }

    @Test
    void foldingDetectsChainsThatDifferOnlyInScale() {
        double[][] x = iid(4, 1000, 13);
        for (int i = 0; i < 1000; i++) {
            x[0][i] *= 3;
        }
        // same location: the bulk (unfolded) R-hat barely moves, the folded one does
        double bulk = ConvergenceDiagnostics.rhat(ConvergenceDiagnostics.rankNormalise(
                ConvergenceDiagnostics.split(x)));
        assertTrue(bulk < 1.02, "bulk R-hat " + bulk);
        assertTrue(ConvergenceDiagnostics.splitRhat(x) > 1.05, "split R-hat " + ConvergenceDiagnostics.splitRhat(x));
    }

    @Test
    void splittingExposesATrendWithinEachChain() {
        // every chain drifts the same way: the chains agree, their halves do not
        double[][] x = iid(4, 1000, 14);
        for (double[] c : x) {
            for (int i = 0; i < c.length; i++) {
                c[i] += 3.0 * i / c.length;
            }
        }
        assertTrue(ConvergenceDiagnostics.rhat(x) < 1.01);
        assertTrue(ConvergenceDiagnostics.splitRhat(x) > 1.2);
    }

    @Test
    void autocovarianceMatchesTheDirectSum() {
        double[] x = iid(1, 37, 15)[0];
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double[] acov = ConvergenceDiagnostics.autocovariance(x, mean);
        for (int t = 0; t < x.length; t++) {
            double s = 0;
            for (int i = 0; i + t < x.length; i++) {
                s += (x[i] - mean) * (x[i + t] - mean);
            }
            assertEquals(s / x.length, acov[t], 1e-12, "lag " + t);
        }
    }

    @Test
    void rankNormalisationIsInvariantUnderMonotoneMaps() {
        double[][] x = iid(2, 50, 16);
        double[][] y = new double[2][50];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 50; i++) {
                y[c][i] = Math.exp(3 * x[c][i]);
            }
        }
        double[][] zx = ConvergenceDiagnostics.rankNormalise(x);
        double[][] zy = ConvergenceDiagnostics.rankNormalise(y);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 50; i++) {
                assertEquals(zx[c][i], zy[c][i], 0);
            }
        }
        assertEquals(ConvergenceDiagnostics.bulkEss(x), ConvergenceDiagnostics.bulkEss(y), 1e-9);
    }

    @Test
    void degenerateInputs() {
        assertTrue(Double.isNaN(ConvergenceDiagnostics.ess(new double[][] {{1, 1, 1, 1, 1}})));
        assertTrue(Double.isNaN(ConvergenceDiagnostics.splitRhat(new double[][] {{1, 2, 3}})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvergenceDiagnostics.rhat(new double[][] {{1, 2, 3}, {1, 2}}));
        assertTrue(e.getMessage().contains("chain 1"), e.getMessage());
    }
}
