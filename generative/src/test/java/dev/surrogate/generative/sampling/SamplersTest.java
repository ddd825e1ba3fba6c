package dev.surrogate.generative.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.generative.flow.ProbabilityPath;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplersTest {

    private static double maxError(VelocityField field, Sampler sampler, double[] z0, double[] exact, int rows) {
        double[] z = z0.clone();
        sampler.sample(field, z, rows, RowNoise.NONE);
        double e = 0;
        for (int i = 0; i < z.length; i++) {
            e = Math.max(e, Math.abs(z[i] - exact[i]));
        }
        return e;
    }

    /** Observed order log2(e(N) / e(2N)) on the time-dependent rotation, whose flow is exp(-1) R(omega). */
    private static double observedOrder(FixedStepSampler.Method method, int steps) {
        double omega = 1.3;
        VelocityField f = TestFields.timeDependentRotation(2, omega);
        double[] z0 = {1, 0.5, -0.3, 2};
        double[] exact = new double[4];
        double c = Math.cos(omega) * Math.exp(-1);
        double s = Math.sin(omega) * Math.exp(-1);
        for (int p = 0; p < 2; p++) {
            exact[2 * p] = c * z0[2 * p] - s * z0[2 * p + 1];
            exact[2 * p + 1] = s * z0[2 * p] + c * z0[2 * p + 1];
        }
        double e1 = maxError(f, new FixedStepSampler(method, steps), z0, exact, 1);
        double e2 = maxError(f, new FixedStepSampler(method, 2 * steps), z0, exact, 1);
        return Math.log(e1 / e2) / Math.log(2);
    }

    @Test
    void eulerHeunAndRk4ConvergeAtTheirOrders() {
        assertEquals(1, observedOrder(FixedStepSampler.Method.EULER, 64), 0.05);
        assertEquals(2, observedOrder(FixedStepSampler.Method.HEUN, 64), 0.05);
        assertEquals(4, observedOrder(FixedStepSampler.Method.RK4, 16), 0.1);
    }

    @Test
    void fixedStepSamplersReportTheirEvaluations() {
        VelocityField f = TestFields.decay(3, new double[] {1, 2});
        int[] counted = new int[1];
        VelocityField counting = new VelocityField() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
                counted[0]++;
                f.evaluate(count, rows, t, z, v);
            }
        };
        for (FixedStepSampler.Method m : FixedStepSampler.Method.values()) {
            counted[0] = 0;
            int[] nfe = new FixedStepSampler(m, 7).sample(counting, new double[6], 2, RowNoise.NONE);
            assertArrayEquals(new int[] {7 * m.stages(), 7 * m.stages()}, nfe, m.name());
            assertEquals(7 * m.stages(), counted[0], m.name() + ": one batched call per stage");
        }
    }

    @Test
    void dormandPrinceMeetsItsToleranceAndCountsItsEvaluations() {
        double omega = 2.1;
        VelocityField f = TestFields.timeDependentRotation(3, omega);
        double[] z0 = {1, 0, 0.2, -0.7, -1.5, 0.4};
        double[] exact = new double[6];
        double c = Math.cos(omega) * Math.exp(-1);
        double s = Math.sin(omega) * Math.exp(-1);
        for (int p = 0; p < 3; p++) {
            exact[2 * p] = c * z0[2 * p] - s * z0[2 * p + 1];
            exact[2 * p + 1] = s * z0[2 * p] + c * z0[2 * p + 1];
        }
        int previous = 0;
        for (double tol : new double[] {1e-3, 1e-6, 1e-9}) {
            for (DormandPrinceSampler.Pair pair : DormandPrinceSampler.Pair.values()) {
                int[] calls = new int[1];
                VelocityField counting = counting(f, calls);
                double[] z = z0.clone();
                int[] nfe = new DormandPrinceSampler(pair, tol, tol).sample(counting, z, 1, RowNoise.NONE);
                double err = 0;
                for (int i = 0; i < 6; i++) {
                    err = Math.max(err, Math.abs(z[i] - exact[i]));
                }
                // the controller bounds local errors; over a unit interval the global error stays within a
                // small multiple of the tolerance
                assertTrue(err < 10 * tol, pair + " at tol " + tol + ": error " + err);
                assertEquals(calls[0], nfe[0], "NFE is the number of evaluations made");
                if (pair == DormandPrinceSampler.Pair.DP54) {
                    assertTrue(nfe[0] > previous, "a tighter tolerance costs more evaluations");
                    previous = nfe[0];
                }
            }
        }
    }

    private static VelocityField counting(VelocityField f, int[] calls) {
        return new VelocityField() {
            @Override
            public int dimension() {
                return f.dimension();
            }

            @Override
            public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
                calls[0] += count;
                f.evaluate(count, rows, t, z, v);
            }
        };
    }

    @Test
    void dormandPrinceRowsDoNotDependOnTheirBatch() {
        double[] lambda = {0.5, 3, 8, 1};
        VelocityField f = TestFields.decay(5, lambda);
        SplittableRandom r = new SplittableRandom(3);
        double[] z0 = new double[4 * 5];
        for (int i = 0; i < z0.length; i++) {
            z0[i] = r.nextDouble(-1, 1);
        }
        DormandPrinceSampler dp = new DormandPrinceSampler(DormandPrinceSampler.Pair.DP54, 1e-6, 1e-8);
        double[] batch = z0.clone();
        int[] nfe = dp.sample(f, batch, 4, RowNoise.NONE);
        for (int row = 0; row < 4; row++) {
            VelocityField alone = TestFields.decay(5, new double[] {lambda[row]});
            double[] z = Arrays.copyOfRange(z0, row * 5, row * 5 + 5);
            int[] single = dp.sample(alone, z, 1, RowNoise.NONE);
            assertArrayEquals(z, Arrays.copyOfRange(batch, row * 5, row * 5 + 5), 0, "row " + row);
            assertEquals(single[0], nfe[row], "row " + row + " NFE");
            for (int j = 0; j < 5; j++) {
                assertEquals(z0[row * 5 + j] * Math.exp(-lambda[row]), z[j], 1e-5);
            }
        }
        assertTrue(nfe[2] > nfe[0], "the stiffer row takes more steps: " + Arrays.toString(nfe));
    }

    @Test
    void aFailingFieldFailsTheLockstepBatchWithItsMessage() {
        VelocityField broken = new VelocityField() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
                throw new IllegalStateException("network exploded");
            }
        };
        DormandPrinceSampler dp = new DormandPrinceSampler(DormandPrinceSampler.Pair.DP54, 1e-3, 1e-3);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> dp.sample(broken, new double[6], 3, RowNoise.NONE));
        assertEquals("network exploded", e.getMessage());
    }

    @Test
    void samplersTransportNoiseToTheGaussianExactlyAlongTheFlowMap() {
        double mu = 0.7;
        double s = 0.4;
        for (double sigmaMin : new double[] {0, 0.1}) {
            VelocityField f = TestFields.gaussian(3, mu, s, sigmaMin);
            double[] z0 = {-1.2, 0.3, 2.0, 0.9, -0.1, 0.5};
            double[] exact = new double[6];
            for (int i = 0; i < 6; i++) {
                exact[i] = TestFields.gaussianFlow(z0[i], 1, mu, s, sigmaMin);
            }
            assertTrue(maxError(f, new FixedStepSampler(FixedStepSampler.Method.RK4, 40), z0, exact, 2) < 1e-7);
            assertTrue(maxError(f, new DormandPrinceSampler(DormandPrinceSampler.Pair.DP853, 1e-9, 1e-9), z0,
                    exact, 2) < 1e-7);
        }
    }

    @Test
    void stochasticSamplerLandsOnAPointMassWhateverTheNoise() {
        // data = the constant c: z_t = (1 - t) z0 + t c, exact velocity (c - z) / (1 - t); the clean estimate is c
        double c = 1.7;
        VelocityField pointMass = new VelocityField() {
            @Override
            public int dimension() {
                return 4;
            }

            @Override
            public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
                for (int k = 0; k < count * 4; k++) {
                    v[k] = (c - z[k]) / (1 - t[k / 4]);
                }
            }
        };
        SplittableRandom r = new SplittableRandom(5);
        int[] draws = new int[2];
        RowNoise noise = (row, out, off) -> {
            draws[row]++;
            for (int i = 0; i < 4; i++) {
                out[off + i] = r.nextGaussian();
            }
        };
        double[] z = {0.3, -2, 1, 0.5, 4, -1, 0, 2};
        int[] nfe = new StochasticSampler(10, 0.2, new ProbabilityPath(0)).sample(pointMass, z, 2, noise);
        for (double v : z) {
            assertEquals(c, v, 1e-12);
        }
        assertArrayEquals(new int[] {10, 10}, nfe);
        assertArrayEquals(new int[] {2, 2}, draws, "re-noised at t = 0 and 0.1, below t* = 0.2");
    }

    @Test
    void stochasticSamplerWithoutSwitchIsEuler() {
        VelocityField f = TestFields.gaussian(2, 0.3, 0.8, 0);
        double[] a = {0.4, -1.1, 0.2, 0.9};
        double[] b = a.clone();
        new StochasticSampler(12, 0, new ProbabilityPath(0)).sample(f, a, 2, RowNoise.NONE);
        new FixedStepSampler(FixedStepSampler.Method.EULER, 12).sample(f, b, 2, RowNoise.NONE);
        assertArrayEquals(b, a, 0);
    }

    @Test
    void badSettingsAreRefusedByName() {
        ProbabilityPath p = new ProbabilityPath(0);
        assertThrows(IllegalArgumentException.class, () -> Samplers.create("midpoint", 10, 1e-3, 1e-3, 0.2, p));
        assertThrows(IllegalArgumentException.class, () -> Samplers.create("euler", 0, 1e-3, 1e-3, 0.2, p));
        assertThrows(IllegalArgumentException.class, () -> Samplers.create("dopri", 10, -1, 1e-3, 0.2, p));
        assertThrows(IllegalArgumentException.class, () -> Samplers.create("stochastic", 10, 1e-3, 1e-3, 1.5, p));
        assertEquals("rk4", Samplers.create("RK4", 10, 1e-3, 1e-3, 0.2, p).name());
    }
}
