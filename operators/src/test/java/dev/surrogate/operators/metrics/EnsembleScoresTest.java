package dev.surrogate.operators.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.random.RandomStream;
import dev.surrogate.datasets.random.Xoshiro256StarStar;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.Variance;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.junit.jupiter.api.Test;

/** The ensemble scores against closed forms of the Gaussian and the binomial law of coverage counts. */
class EnsembleScoresTest {
    private static final NormalDistribution STD_NORMAL = new NormalDistribution(0, 1);

    /** CRPS of N(mu, sigma^2) at y (Gneiting and Raftery 2007, eq. 22). */
    private static double gaussianCrps(double mu, double sigma, double y) {
        double z = (y - mu) / sigma;
        return sigma * (z * (2 * STD_NORMAL.cumulativeProbability(z) - 1) + 2 * STD_NORMAL.density(z)
                - 1 / Math.sqrt(Math.PI));
    }

    private static double[] draw(RandomStream rng, int k, double mu, double sigma) {
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = mu + sigma * rng.nextGaussian();
        }
        return x;
    }

    @Test
    void fairCrpsOfALargeGaussianEnsembleIsTheGaussianCrps() {
        RandomStream rng = new Xoshiro256StarStar(1);
        int k = 20000;
        double mu = 0.3;
        double sigma = 1.7;
        for (double y : new double[] {0.3, -1.0, 2.5, 8.0}) {
            EnsembleScores s = new EnsembleScores(k);
            s.add(draw(rng, k, mu, sigma), y);
            // sampling error of both terms ~ sigma / sqrt(K) ~ 0.012
            assertEquals(gaussianCrps(mu, sigma, y), s.crps(), 0.05, "y = " + y);
        }
    }

    @Test
    void fairCrpsIsUnbiasedForSmallEnsembles() {
        RandomStream rng = new Xoshiro256StarStar(2);
        double mu = -0.4;
        double sigma = 0.8;
        double y = 0.5;
        double exact = gaussianCrps(mu, sigma, y);
        int replicates = 100_000;
        for (int k : new int[] {2, 3, 5}) {
            double sum = 0;
            double sumSq = 0;
            double naiveSum = 0;
            for (int r = 0; r < replicates; r++) {
                double[] x = draw(rng, k, mu, sigma);
                EnsembleScores s = new EnsembleScores(k);
                s.add(x, y);
                sum += s.crps();
                sumSq += s.crps() * s.crps();
                // the plain ensemble CRPS (divisor 2 K^2) for contrast: biased upwards by E|X - X'| / (2 K)
                double abs = 0;
                double pairs = 0;
                for (int i = 0; i < k; i++) {
                    abs += Math.abs(x[i] - y);
                    for (int j = 0; j < k; j++) {
                        pairs += Math.abs(x[i] - x[j]);
                    }
                }
                naiveSum += abs / k - pairs / (2.0 * k * k);
            }
            double mean = sum / replicates;
            double se = Math.sqrt((sumSq / replicates - mean * mean) / replicates);
            assertEquals(exact, mean, 5 * se, "K = " + k);
            double naive = naiveSum / replicates;
            assertTrue(Math.abs(naive - exact) > 10 * se, "the test tells the estimators apart at K = " + k);
        }
    }

    @Test
    void fairCrpsOfTwoMembersByHand() {
        EnsembleScores s = new EnsembleScores(2);
        s.add(new double[] {3, 1}, 0);
        // (|1 - 0| + |3 - 0|) / 2 - (|1 - 3| + |3 - 1|) / (2 * 2 * 1) = 2 - 1
        assertEquals(1.0, s.crps(), 1e-15);
    }

    @Test
    void nllIsTheGaussianFittedToTheMembers() {
        RandomStream rng = new Xoshiro256StarStar(3);
        double[] x = draw(rng, 7, 1.5, 0.2);
        double y = 1.9;
        EnsembleScores s = new EnsembleScores(7);
        s.add(x, y);
        double m = new Mean().evaluate(x);
        double var = new Variance(true).evaluate(x); // bias-corrected, divisor K - 1
        double expected = -new NormalDistribution(m, Math.sqrt(var)).logDensity(y);
        assertEquals(expected, s.nll(), 1e-12);

        // large K: the fitted Gaussian is the true one, so the NLL is that of N(mu, sigma^2)
        EnsembleScores big = new EnsembleScores(50_000);
        big.add(draw(rng, 50_000, 1.5, 0.2), y);
        assertEquals(-new NormalDistribution(1.5, 0.2).logDensity(y), big.nll(), 0.05);
    }

    @Test
    void identicalMembersGiveAFiniteNllAtTheStatedFloor() {
        EnsembleScores s = new EnsembleScores(4);
        s.add(new double[] {2, 2, 2, 2}, 2.001);
        double v = EnsembleScores.VARIANCE_FLOOR;
        assertEquals(0.5 * Math.log(2 * Math.PI * v) + 1e-6 / (2 * v), s.nll(), 1e-6 * s.nll());
        assertEquals(0, s.sharpness(), 0);
    }

    @Test
    void quantilesAreNumpysLinearInterpolation() {
        double[] x = {1, 2, 3, 4, 10};
        Percentile type7 = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        for (double p : new double[] {0, 0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975, 1}) {
            double expected = p == 0 ? 1 : type7.evaluate(x, 100 * p);
            assertEquals(expected, EnsembleScores.quantile(x, p), 1e-12, "p = " + p);
        }
        // numpy.quantile([1, 2, 3, 4, 10], 0.9) = 4 + 0.6 * 6
        assertEquals(7.6, EnsembleScores.quantile(x, 0.9), 1e-12);
    }

    /** Coverage counts of independent points are binomial; {@code expected} is the exact mean fraction. */
    private static void assertCoverage(double expected, double observed, long n, String what) {
        double se = Math.sqrt(expected * (1 - expected) / n);
        assertEquals(expected, observed, 5 * se, what);
    }

    @Test
    void calibratedEnsemblesCoverTheirNominalFraction() {
        RandomStream rng = new Xoshiro256StarStar(4);
        int n = 10_000;
        // large K: the empirical interval is the true one (its shrink (K - 1) / (K + 1), see the next test, moves
        // coverage_90 by 0.0045, a third of the tolerance)
        int k = 400;
        EnsembleScores s = new EnsembleScores(k);
        for (int p = 0; p < n; p++) {
            double mu = rng.nextUniform(-2, 2);
            double sigma = rng.nextUniform(0.1, 1);
            s.add(draw(rng, k, mu, sigma), mu + sigma * rng.nextGaussian());
        }
        assertCoverage(0.5, s.coverage50(), n, "coverage_50");
        assertCoverage(0.9, s.coverage90(), n, "coverage_90");
        assertCoverage(0.95, s.coverage95(), n, "coverage_95");
    }

    @Test
    void smallEnsemblesCoverWhatTheirOrderStatisticsImply() {
        // truth and members i.i.d. U(0, 1): F(x_(r)) of the r-th of K order statistics has mean r / (K + 1), and
        // the type-7 quantile at p sits at rank 1 + (K - 1) p, so the central c interval covers exactly
        // (K - 1) c / (K + 1) on average: 0.845 for c = 0.9 and K = 32
        RandomStream rng = new Xoshiro256StarStar(5);
        int n = 40_000;
        int k = 32;
        EnsembleScores s = new EnsembleScores(k);
        double[] x = new double[k];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < k; i++) {
                x[i] = rng.nextDouble();
            }
            s.add(x, rng.nextDouble());
        }
        double shrink = (k - 1.0) / (k + 1.0);
        assertCoverage(0.5 * shrink, s.coverage50(), n, "coverage_50");
        assertCoverage(0.9 * shrink, s.coverage90(), n, "coverage_90");
        assertCoverage(0.95 * shrink, s.coverage95(), n, "coverage_95");
    }

    @Test
    void miscalibratedEnsemblesMissTheirNominalCoverage() {
        int n = 10_000;
        int k = 200;
        double shrink = (k - 1.0) / (k + 1.0);
        for (double dispersion : new double[] {0.5, 2.0}) {
            RandomStream rng = new Xoshiro256StarStar(6);
            EnsembleScores s = new EnsembleScores(k);
            for (int p = 0; p < n; p++) {
                double mu = rng.nextUniform(-2, 2);
                s.add(draw(rng, k, mu, dispersion), mu + rng.nextGaussian());
            }
            // nominal coverage of a member spread of `dispersion` times the truth's: 2 Phi(dispersion z_c) - 1
            double c90 = 2 * STD_NORMAL.cumulativeProbability(dispersion * STD_NORMAL.inverseCumulativeProbability(
                    0.95)) - 1;
            double se = Math.sqrt(0.9 * 0.1 / n);
            assertTrue(Math.abs(s.coverage90() - 0.9 * shrink) > 20 * se, "dispersion " + dispersion
                    + ": coverage_90 " + s.coverage90());
            assertEquals(c90, s.coverage90(), 0.01, "dispersion " + dispersion);
        }
    }

    @Test
    void spreadSkillIsOneWhenCalibratedAndBelowOneWhenOverConfident() {
        for (int k : new int[] {2, 8}) {
            RandomStream rng = new Xoshiro256StarStar(7);
            int n = 40_000;
            EnsembleScores calibrated = new EnsembleScores(k);
            EnsembleScores narrow = new EnsembleScores(k);
            for (int p = 0; p < n; p++) {
                double mu = rng.nextUniform(-1, 1);
                double sigma = 0.5;
                double y = mu + sigma * rng.nextGaussian();
                calibrated.add(draw(rng, k, mu, sigma), y);
                narrow.add(draw(rng, k, mu, sigma / 2), y);
            }
            // without the (K + 1) / K factor a calibrated K = 2 ensemble would score sqrt(2/3) = 0.82
            assertEquals(1.0, calibrated.spreadSkill(), 0.03, "K = " + k);
            double expectedNarrow = 0.5 * Math.sqrt((k + 1.0) / k) / Math.sqrt(1 + 0.25 / k);
            assertEquals(expectedNarrow, narrow.spreadSkill(), 0.03, "K = " + k);
            assertTrue(narrow.spreadSkill() < 0.8);
        }
    }

    @Test
    void sharpnessIsTheMeanMemberStandardDeviation() {
        // E s = c4(K) sigma with c4(K) = sqrt(2 / (K - 1)) Gamma(K / 2) / Gamma((K - 1) / 2)
        int k = 5;
        double sigma = 0.3;
        double c4 = Math.sqrt(2.0 / (k - 1)) * Math.exp(Gamma.logGamma(k / 2.0) - Gamma.logGamma((k - 1) / 2.0));
        RandomStream rng = new Xoshiro256StarStar(8);
        EnsembleScores s = new EnsembleScores(k);
        int n = 50_000;
        for (int p = 0; p < n; p++) {
            s.add(draw(rng, k, 1, sigma), 1);
        }
        // sd of s is sigma sqrt(1 - c4^2) ~ 0.35 sigma; over n points the mean has error ~ 0.0016 sigma
        assertEquals(c4 * sigma, s.sharpness(), 0.01 * sigma);
    }

    @Test
    void batchesOfFloatMembersMergeIntoTheSameScores() {
        RandomStream rng = new Xoshiro256StarStar(9);
        int k = 4;
        int points = 30;
        float[][] members = new float[k][points + 3];
        float[] truth = new float[points + 1];
        for (int i = 0; i < k; i++) {
            for (int p = 0; p < members[i].length; p++) {
                members[i][p] = (float) rng.nextGaussian();
            }
        }
        for (int p = 0; p < truth.length; p++) {
            truth[p] = (float) rng.nextGaussian();
        }
        EnsembleScores all = new EnsembleScores(k);
        EnsembleScores first = new EnsembleScores(k);
        EnsembleScores second = new EnsembleScores(k);
        all.add(members, 3, truth, 1, points);
        first.add(members, 3, truth, 1, 10);
        second.add(members, 13, truth, 11, points - 10);
        first.merge(second);
        EnsembleScores one = new EnsembleScores(k);
        double[] x = new double[k];
        for (int p = 0; p < points; p++) {
            for (int i = 0; i < k; i++) {
                x[i] = members[i][3 + p];
            }
            one.add(x, truth[1 + p]);
        }
        Map<String, Object> expected = one.toMap();
        for (EnsembleScores s : new EnsembleScores[] {all, first}) {
            assertEquals(points, s.points());
            for (Map.Entry<String, Object> e : s.toMap().entrySet()) {
                assertEquals(((Number) expected.get(e.getKey())).doubleValue(),
                        ((Number) e.getValue()).doubleValue(), 1e-12, e.getKey());
            }
        }
        assertEquals(k, ((Number) all.toMap().get("samples_per_input")).intValue());
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new EnsembleScores(1));
        EnsembleScores s = new EnsembleScores(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.add(new double[] {1, 2}, 0));
        assertTrue(e.getMessage().contains("expected 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EnsembleScores.quantile(new double[] {1}, 1.5));
    }
}
