package dev.surrogate.uq.hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class HamiltonianMonteCarloTest {

    /** Correlated (0.9), differently scaled 3-D Gaussian. */
    private static GaussianPotential correlatedGaussian() {
        double[] sd = {1.0, 3.0, 0.2};
        double[][] corr = {{1, 0.9, -0.3}, {0.9, 1, -0.2}, {-0.3, -0.2, 1}};
        double[][] cov = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                cov[i][j] = corr[i][j] * sd[i] * sd[j];
            }
        }
        return new GaussianPotential(new double[] {1.0, -2.0, 0.5}, cov);
    }

    @Test
    void recoversACorrelatedGaussian() {
        GaussianPotential u = correlatedGaussian();
        HmcSettings s = HmcSettings.defaults(3).withWarmup(500).withDraws(1000).withLeapfrogSteps(10)
                .withStepJitter(0.5);
        HmcRun run = new HamiltonianMonteCarlo(s).run(u, new double[] {0, 0, 0});
        PosteriorChecks.assertMatches(run, u.mean, u.covariance);
        HmcRun.Summary sum = run.summary();
        assertTrue(sum.maxSplitRhat() < 1.01, "R-hat " + sum.maxSplitRhat());
        assertEquals(0, sum.divergences());
    }

    /** y = X beta + e, e ~ N(0, sigma^2), beta ~ N(0, tau^2 I): the posterior is Gaussian in closed form. */
    @Test
    void recoversTheConjugateBayesianLinearRegressionPosterior() {
        int n = 40;
        int p = 3;
        double sigma = 0.5;
        double tau = 2.0;
        double[] beta = {1.5, -0.7, 0.2};
        Xoshiro256StarStar rng = new Xoshiro256StarStar(99);
        double[][] x = new double[n][p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = 1;
            x[i][1] = rng.nextGaussian();
            x[i][2] = x[i][1] + 0.3 * rng.nextGaussian();
            for (int j = 0; j < p; j++) {
                y[i] += x[i][j] * beta[j];
            }
            y[i] += sigma * rng.nextGaussian();
        }
        RealMatrix xm = new Array2DRowRealMatrix(x);
        RealMatrix precision = xm.transpose().multiply(xm).scalarMultiply(1 / (sigma * sigma));
        for (int j = 0; j < p; j++) {
            precision.addToEntry(j, j, 1 / (tau * tau));
        }
        RealMatrix cov = new LUDecomposition(precision).getSolver().getInverse();
        double[] mean = cov.operate(xm.transpose().operate(y));
        for (int j = 0; j < p; j++) {
            mean[j] /= sigma * sigma;
        }
        Potential u = new Potential() {
            @Override
            public int dimension() {
                return p;
            }

            @Override
            public double valueAndGradient(double[] b, double[] g) {
                double v = 0;
                for (int j = 0; j < p; j++) {
                    g[j] = b[j] / (tau * tau);
                    v += 0.5 * b[j] * b[j] / (tau * tau);
                }
                for (int i = 0; i < n; i++) {
                    double r = -y[i];
                    for (int j = 0; j < p; j++) {
                        r += x[i][j] * b[j];
                    }
                    v += 0.5 * r * r / (sigma * sigma);
                    for (int j = 0; j < p; j++) {
                        g[j] += r * x[i][j] / (sigma * sigma);
                    }
                }
                return v;
            }
        };
        HmcSettings s = HmcSettings.defaults(5).withWarmup(500).withDraws(1000).withLeapfrogSteps(10);
        HmcRun run = new HamiltonianMonteCarlo(s).run(u, c -> new double[] {c - 1.5, 1 - c, 0.5 * c});
        PosteriorChecks.assertMatches(run, mean, cov.getData());
        for (int j = 0; j < p; j++) {
            double r = ConvergenceDiagnostics.splitRhat(run.draws(j));
            assertTrue(r < 1.01, "split R-hat of beta_" + j + " is " + r);
        }
    }

    /**
     * Dual averaging drives the mean acceptance statistic of its iterates to the target; a 100-D Gaussian with
     * scales from 0.6 to 1.6 makes the acceptance a smooth function of the step size. Sampling then uses the averaged
     * step size, which accepts at least as often (Jensen: the acceptance is concave in log eps there).
     */
    @Test
    void dualAveragingReachesTheTargetAcceptance() {
        int d = 100;
        double[] sd = new double[d];
        for (int i = 0; i < d; i++) {
            sd[i] = Math.exp(-0.5 + i / (d - 1.0));
        }
        Potential u = new Potential() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public double valueAndGradient(double[] q, double[] g) {
                double v = 0;
                for (int i = 0; i < d; i++) {
                    g[i] = q[i] / (sd[i] * sd[i]);
                    v += 0.5 * q[i] * g[i];
                }
                return v;
            }
        };
        for (double target : new double[] {0.6, 0.8, 0.95}) {
            double[] late = new double[2];
            HmcObserver adaptation = new HmcObserver() {
                @Override
                public void transition(Transition t) {
                    if (t.warmup() && t.iteration() >= 200) {
                        late[0] += t.acceptance();
                        late[1]++;
                    }
                }
            };
            HmcSettings s = HmcSettings.defaults(21).withChains(2).withWarmup(1000).withDraws(500)
                    .withLeapfrogSteps(10).withTargetAcceptance(target).withAdaptMass(false);
            HmcRun run = new HamiltonianMonteCarlo(s).run(u, new double[d], adaptation);
            assertEquals(target, late[0] / late[1], 0.02, "mean acceptance of the adaptation iterates, target "
                    + target);
            double sampling = run.summary().meanAcceptance();
            assertTrue(sampling > target - 0.02 && sampling < target + 0.1, "sampling acceptance " + sampling
                    + " for target " + target);
        }
    }

    @Test
    void sameSeedSameDrawsAndChainsDoNotDependOnTheirNumber() {
        GaussianPotential u = correlatedGaussian();
        HmcSettings s = HmcSettings.defaults(4).withChains(3).withWarmup(50).withDraws(20).withLeapfrogSteps(5);
        HmcRun a = new HamiltonianMonteCarlo(s).run(u, new double[] {0, 0, 0});
        HmcRun b = new HamiltonianMonteCarlo(s).run(u, new double[] {0, 0, 0});
        HmcRun two = new HamiltonianMonteCarlo(s.withChains(2)).run(u, new double[] {0, 0, 0});
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(a.chains().get(c).draws()[i], b.chains().get(c).draws()[i], 0);
                if (c < 2) {
                    assertArrayEquals(a.chains().get(c).draws()[i], two.chains().get(c).draws()[i], 0);
                }
            }
        }
        HmcRun other = new HamiltonianMonteCarlo(s.withSeed(5)).run(u, new double[] {0, 0, 0});
        assertTrue(other.chains().get(0).draws()[19][0] != a.chains().get(0).draws()[19][0]);
    }

    @Test
    void thinningKeepsEveryKthIteration() {
        GaussianPotential u = correlatedGaussian();
        HmcSettings s = HmcSettings.defaults(4).withChains(1).withWarmup(30).withDraws(10).withLeapfrogSteps(3);
        List<double[]> all = new ArrayList<>();
        HmcObserver trace = new HmcObserver() {
            @Override
            public void transition(Transition t) {
                if (!t.warmup()) {
                    all.add(t.position().clone());
                }
            }
        };
        HmcRun thin = new HamiltonianMonteCarlo(s.withThin(3)).run(u, new double[] {0, 0, 0}, trace);
        assertEquals(30, all.size());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(all.get(3 * i + 2), thin.chains().get(0).draws()[i], 0);
        }
    }

    @Test
    void divergentTrajectoriesAreCountedAndRejected() {
        // a quartic well with a step far too large: the energy error explodes on every trajectory
        Potential quartic = new Potential() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public double valueAndGradient(double[] q, double[] g) {
                g[0] = q[0] * q[0] * q[0];
                return 0.25 * Math.pow(q[0], 4);
            }
        };
        HmcSettings s = HmcSettings.defaults(1).withChains(1).withWarmup(0).withDraws(10).withLeapfrogSteps(10)
                .withInitialStepSize(50);
        HmcRun run = new HamiltonianMonteCarlo(s).run(quartic, new double[] {1});
        Chain c = run.chains().get(0);
        assertEquals(10, c.divergences());
        assertEquals(0, c.meanAcceptance(), 0);
        for (double[] d : c.draws()) {
            assertEquals(1.0, d[0], 0);
        }
    }

    @Test
    void badStartsAreNamed() {
        GaussianPotential u = correlatedGaussian();
        HamiltonianMonteCarlo hmc = new HamiltonianMonteCarlo(HmcSettings.defaults(1).withChains(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hmc.run(u, new double[] {0, 0}));
        assertTrue(e.getMessage().contains("2 coordinates"), e.getMessage());
        Potential nowhere = new Potential() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public double valueAndGradient(double[] q, double[] g) {
                return Double.POSITIVE_INFINITY;
            }
        };
        e = assertThrows(IllegalArgumentException.class, () -> hmc.run(nowhere, new double[] {0}));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HmcSettings.defaults(1).withTargetAcceptance(1.0));
    }

    /**
     * On an axis-aligned Gaussian with standard deviations from 0.01 to 10, the adapted diagonal mass matrix's
     * inverse approaches the variances, and the step size grows accordingly (the whitened target is isotropic).
     */
    @Test
    void adaptedMassMatrixLearnsTheVariances() {
        int d = 10;
        double[] sd = new double[d];
        for (int i = 0; i < d; i++) {
            sd[i] = Math.pow(10, -2 + 3.0 * i / (d - 1));
        }
        Potential u = new Potential() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public double valueAndGradient(double[] q, double[] g) {
                double v = 0;
                for (int i = 0; i < d; i++) {
                    g[i] = q[i] / (sd[i] * sd[i]);
                    v += 0.5 * q[i] * g[i];
                }
                return v;
            }
        };
        HmcSettings s = HmcSettings.defaults(8).withChains(1).withWarmup(1000).withDraws(10).withLeapfrogSteps(10)
                .withStepJitter(0.2);
        Chain c = new HamiltonianMonteCarlo(s).run(u, new double[d]).chains().get(0);
        // the last window has 500 draws of nearly independent HMC moves: the variance to ~15 % (a few sd)
        for (int i = 0; i < d; i++) {
            double ratio = c.inverseMass()[i] / (sd[i] * sd[i]);
            assertTrue(ratio > 0.7 && ratio < 1.4, "coordinate " + i + ": inverse mass / variance = " + ratio);
        }
        HmcSettings fixed = s.withAdaptMass(false);
        double identityStep = new HamiltonianMonteCarlo(fixed).run(u, new double[d]).chains().get(0).stepSize();
        assertTrue(c.stepSize() > 20 * identityStep, "adapted step " + c.stepSize() + ", identity " + identityStep);
    }

    @Test
    void warmupWindowsFollowStan() {
        List<int[]> w = new WarmupSchedule(1000, true).windows();
        int[][] expected = {{75, 100}, {100, 150}, {150, 250}, {250, 450}, {450, 950}};
        assertEquals(expected.length, w.size());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], w.get(i));
        }
        // too short for the default buffers: 15 % / 75 % / 10 %
        List<int[]> s = new WarmupSchedule(100, true).windows();
        assertArrayEquals(new int[] {15, 90}, s.get(0));
        assertEquals(1, s.size());
        assertTrue(new WarmupSchedule(1000, false).windows().isEmpty());
    }
}
