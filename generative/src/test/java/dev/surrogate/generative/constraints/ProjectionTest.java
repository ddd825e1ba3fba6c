package dev.surrogate.generative.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.generative.flow.ProbabilityPath;
import dev.surrogate.generative.physics.BurgersData;
import dev.surrogate.generative.sampling.ProjectedSampler;
import dev.surrogate.generative.sampling.RowNoise;
import dev.surrogate.generative.sampling.VelocityField;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.physics.DatasetPhysics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PCFM's projection and sampler: affine constraints hold to round-off after one step, which is the minimum-norm
 * correction of the closed form; the nonlinear energy balance converges under Gauss-Newton steps from a perturbed
 * solver trajectory; the sampler ends on the projection of its clean estimate; observations files are checked.
 */
class ProjectionTest {
    private static final int NX = 32;
    private static final int T = 17;
    @TempDir
    static Path dir;
    private static FieldSource data;
    private static DatasetPhysics physics;

    @BeforeAll
    static void init() {
        data = BurgersData.load(BurgersData.generate(dir.resolve("b.nc"), 2, NX, T, 1.0));
        physics = DatasetPhysics.of(data, "test data");
    }

    private static double[] randn(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    @Test
    void linearConstraintsHoldToRoundOffAfterOneStep() {
        int h = 5;
        double[] mean = {0.3, -0.1, 0.2, 0.0, 0.5};
        double[] std = {0.5, 0.7, 1.3, 0.9, 0.2};
        SplittableRandom r = new SplittableRandom(3);
        double[] z = randn(r, h * NX);
        double[] targets = {0.1, -0.2, 0.3, 0.05, 0.0};
        Constraint m = new SnapshotMean("mean", NX, new int[] {0, 1, 2, 3, 4}, targets, 1.0);
        Constraint obs = new PointValues(new int[] {3, 40, 70, 4 * NX + 9}, new double[] {1.0, -0.5, 0.25, 2.0}, 1.0);
        GaussNewtonProjection p = new GaussNewtonProjection(List.of(m, obs), mean, std, NX);
        assertTrue(p.violation(z, 0) > 0.1);
        GaussNewtonProjection.Result res = p.project(z, 0, 10, 1e-300);
        assertEquals(1, res.steps(), "affine constraints take one step");
        assertTrue(res.violation() < 1e-12, "violation " + res.violation());
    }

    @Test
    void theProjectionOfOneLinearConstraintIsTheMinimumNormCorrection() {
        // the mean of channel 1 prescribed: in the normalised state the constraint is a . z = b with a = std_1 / P
        // on channel 1, so the nearest point is z - a (a . z - b) / |a|^2
        double[] mean = {0.3, -0.1};
        double[] std = {0.5, 0.7};
        SplittableRandom r = new SplittableRandom(5);
        double[] z = randn(r, 2 * NX);
        double target = 0.4;
        double[] expected = z.clone();
        double az = 0;
        for (int i = 0; i < NX; i++) {
            az += std[1] / NX * z[NX + i];
        }
        double b = target - mean[1];
        double norm2 = NX * (std[1] / NX) * (std[1] / NX);
        for (int i = 0; i < NX; i++) {
            expected[NX + i] -= std[1] / NX * (az - b) / norm2;
        }
        new GaussNewtonProjection(List.of(new SnapshotMean("mean", NX, new int[] {1}, new double[] {target}, 1)),
                mean, std, NX).project(z, 0, 1, 0);
        for (int i = 0; i < z.length; i++) {
            assertEquals(expected[i], z[i], 1e-12, "entry " + i);
        }
    }

    /** The constraints of sample 0 with the first 5 snapshots given and the rest generated. */
    private static List<Constraint> energyOfSample(int window, ConstraintSet set) {
        float[] cond = new float[window * NX];
        for (int j = 0; j < window; j++) {
            data.read(0, j, 0, cond, j * NX);
        }
        return set.constraints(new ConstraintSet.Row(cond, 0, window, 0, window, T - window, true));
    }

    private static double[] truth(int from) {
        double[] y = new double[(T - from) * NX];
        float[] f = new float[NX];
        for (int j = from; j < T; j++) {
            data.read(0, j, 0, f, 0);
            for (int i = 0; i < NX; i++) {
                y[(j - from) * NX + i] = f[i];
            }
        }
        return y;
    }

    /** The energy balance of sample 0 with the first {@code window} snapshots given. */
    private static Constraint energyBalance(int window) {
        ConstraintSet set = ConstraintSet.create(List.of("energy"), null, List.of("u"), new int[] {NX},
                data.times(), physics, new long[] {0, 1}, 1e-10, 50);
        return energyOfSample(window, set).get(0);
    }

    @Test
    void energyBalanceConvergesFromAPerturbedTrajectory() {
        int window = 5;
        int h = T - window;
        Constraint energy = energyBalance(window);
        assertEquals("energy", energy.kind());
        assertEquals(h, energy.count());
        double[] y = truth(window);
        double[] hv = new double[h];
        double[] s = new double[h];
        energy.values(y, hv, 0);
        energy.scales(y, s, 0);
        double floor = 0;
        for (int j = 0; j < h; j++) {
            floor = Math.max(floor, Math.abs(hv[j]) / s[j]);
        }
        // the solver's own snapshots miss the balance only by the time difference's error
        assertTrue(floor < 0.05, "floor " + floor);
        // perturbed by 1 % noise the balance is far off (the noise's gradients dissipate); Gauss-Newton restores it
        SplittableRandom r = new SplittableRandom(2);
        double[] mean = new double[h];
        double[] std = new double[h];
        Arrays.fill(std, 1);
        double[] z = y.clone();
        for (int i = 0; i < z.length; i++) {
            z[i] += 0.01 * r.nextGaussian();
        }
        GaussNewtonProjection p = new GaussNewtonProjection(List.of(energy), mean, std, NX);
        double before = p.violation(z, 0);
        assertTrue(before > 0.1, "violation before " + before);
        GaussNewtonProjection.Result res = p.project(z, 0, 50, 1e-10);
        assertTrue(res.violation() <= 1e-10, "violation " + res.violation() + " after " + res.steps());
        assertTrue(res.steps() > 1, res.steps() + " steps");
        System.err.println("energy balance: violation " + before + " -> " + res.violation() + " in " + res.steps()
                + " steps");
        // the Jacobian is the derivative of h: central differences along a random direction
        double[] d = randn(r, z.length);
        JacobianRow[] rows = new JacobianRow[h];
        energy.jacobian(y, rows, 0);
        double eps = 1e-6;
        double[] yp = y.clone();
        double[] ym = y.clone();
        for (int i = 0; i < y.length; i++) {
            yp[i] += eps * d[i];
            ym[i] -= eps * d[i];
        }
        double[] hp = new double[h];
        double[] hm = new double[h];
        energy.values(yp, hp, 0);
        energy.values(ym, hm, 0);
        for (int j = 0; j < h; j++) {
            double jd = 0;
            for (int i = 0; i < rows[j].values().length; i++) {
                jd += rows[j].values()[i] * d[rows[j].start() + i];
            }
            assertEquals((hp[j] - hm[j]) / (2 * eps), jd, 1e-6 * (Math.abs(jd) + s[j]), "row " + j);
        }
    }

    @Test
    void energyBalanceConvergesQuadraticallyFromFarOffDraws() {
        // heavy noise (10 % and 30 % of the field's scale) makes the dissipation far too large; Gauss-Newton's
        // minimum-norm steps then crawl (steepest descent on an ill-conditioned quadratic); Newton's method on the
        // Lagrange conditions sees the curvature and converges quadratically once near the set
        int window = 5;
        int h = T - window;
        Constraint energy = energyBalance(window);
        double[] y = truth(window);
        double[] mean = new double[h];
        double[] std = new double[h];
        Arrays.fill(std, 1);
        for (double noise : new double[] {0.1, 0.3}) {
            SplittableRandom r = new SplittableRandom(7);
            double[] z = y.clone();
            for (int i = 0; i < z.length; i++) {
                z[i] += noise * r.nextGaussian();
            }
            double[] z0 = z.clone();
            GaussNewtonProjection p = new GaussNewtonProjection(List.of(energy), mean, std, NX);
            double before = p.violation(z, 0);
            assertTrue(before > 10, "violation before " + before);
            // the violation after k steps, each projection restarted from the noisy draw with a budget of k
            List<Double> path = new ArrayList<>();
            int steps = 0;
            double v = before;
            while (v > 1e-12 && steps < 40) {
                steps++;
                z = z0.clone();
                v = p.project(z, 0, steps, 0).violation();
                path.add(v);
            }
            System.err.println("energy balance from " + noise + " noise: " + path);
            assertTrue(steps < 40, "not converged in 40 steps: " + path);
            // superlinear at the end: the factor by which a step shrinks the violation itself shrinks (Gauss-Newton
            // alone shrank it by a nearly constant factor near 1 here: 0.06 left after 40 steps from 10 % noise)
            int n = path.size();
            double r1 = path.get(n - 1) / path.get(n - 2);
            double r2 = path.get(n - 2) / path.get(n - 3);
            assertTrue(r2 < 1e-2 && r1 < 1e-3, "last reductions " + r2 + ", " + r1 + ": " + path);
        }
    }

    @Test
    void affineConstraintsHoldToRoundOffWhenTheNonlinearStepsStopShort() {
        // x_0^3 = 1 from x_0 = 0.01: the linearised step overshoots by far and is halved again and again, and a
        // halved step meets the prescribed mean only in part; one step is the budget here
        Constraint cubic = new Constraint() {
            @Override
            public String kind() {
                return "cubic";
            }

            @Override
            public int count() {
                return 1;
            }

            @Override
            public boolean linear() {
                return false;
            }

            @Override
            public void values(double[] x, double[] h, int from) {
                h[from] = x[0] * x[0] * x[0] - 1;
            }

            @Override
            public void jacobian(double[] x, JacobianRow[] rows, int from) {
                rows[from] = new JacobianRow(0, new double[] {3 * x[0] * x[0]});
            }

            @Override
            public void scales(double[] x, double[] s, int from) {
                s[from] = 1;
            }
        };
        Constraint mean = new SnapshotMean("mean", NX, new int[] {0, 1}, new double[] {0.25, -0.5}, 1.0);
        SplittableRandom r = new SplittableRandom(4);
        double[] z = randn(r, 2 * NX);
        z[0] = 0.01;
        GaussNewtonProjection.Result res = new GaussNewtonProjection(List.of(mean, cubic), new double[2],
                new double[] {1, 1}, NX).project(z, 0, 1, 1e-10);
        assertTrue(res.violation() > 1e-3, "the cubic converged in 1 step: " + res.violation());
        double[] hv = new double[2];
        mean.values(z, hv, 0);
        assertEquals(0, hv[0], 1e-12, "mean of channel 0");
        assertEquals(0, hv[1], 1e-12, "mean of channel 1");
    }

    @Test
    void samplerEndsOnTheProjectionOfItsCleanEstimate() {
        // the exact velocity towards one point x1 on the straight path: every clean estimate is x1, so PCFM's draw
        // is the projection of x1 whatever the noise and the step count
        int d = 2 * NX;
        SplittableRandom r = new SplittableRandom(9);
        double[] x1 = randn(r, d);
        VelocityField field = new VelocityField() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public void evaluate(int count, int[] rows, double[] t, double[] z, double[] v) {
                for (int k = 0; k < count; k++) {
                    for (int i = 0; i < d; i++) {
                        v[k * d + i] = (x1[i] - z[k * d + i]) / (1 - t[k]);
                    }
                }
            }
        };
        double[] ones = {1, 1};
        double[] zeros = {0, 0};
        Constraint m = new SnapshotMean("mean", NX, new int[] {0, 1}, new double[] {0.5, -0.5}, 1);
        GaussNewtonProjection p = new GaussNewtonProjection(List.of(m), zeros, ones, NX);
        double[] expected = x1.clone();
        p.project(expected, 0, 1, 0);
        double[] z = randn(r, 2 * d);
        int[] nfe = new ProjectedSampler(7, new ProbabilityPath(0), (row, s, off, last) -> p.project(s, off, 1, 0))
                .sample(field, z, 2, RowNoise.NONE);
        assertEquals(7, nfe[0]);
        for (int row = 0; row < 2; row++) {
            for (int i = 0; i < d; i++) {
                assertEquals(expected[i], z[row * d + i], 1e-12);
            }
        }
    }

    @Test
    void constraintErrorOfTheTruthIsItsFloor() {
        ConstraintSet set = ConstraintSet.create(List.of("mean", "energy"), null, List.of("u"), new int[] {NX},
                data.times(), physics, new long[] {0, 1}, 1e-6, 50);
        ConstraintErrorMetric metric = new ConstraintErrorMetric(set, data,
                new dev.surrogate.operators.data.Task.Trajectory(5, T - 5), new long[] {0, 1});
        double[] y = truth(5);
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = (float) y[i];
        }
        metric.rollout(0, f, 0, T - 5);
        Map<String, Object> m = metric.toMap();
        assertEquals(m.get("constraint_error_energy"), m.get("constraint_error_truth_energy"));
        assertTrue((Double) m.get("constraint_error_mean") < 1e-6, m.toString());
        assertTrue((Double) m.get("constraint_error_energy") < 0.05, m.toString());
        // a forecast off by a constant breaks the conserved mean by that constant over the field's RMS
        for (int i = 0; i < f.length; i++) {
            f[i] += 0.01f;
        }
        ConstraintErrorMetric shifted = new ConstraintErrorMetric(set, data,
                new dev.surrogate.operators.data.Task.Trajectory(5, T - 5), new long[] {0, 1});
        shifted.rollout(0, f, 0, T - 5);
        assertTrue(shifted.error("mean") > 1e-3, String.valueOf(shifted.error("mean")));
    }

    @Test
    void observationsFilesAreCheckedLineByLine() throws IOException {
        Path ok = dir.resolve("obs.csv");
        Files.writeString(ok, "# sparse observations\nsample,time,x,value\n0,6,3,0.5\n0,7,4,-0.25\n1,6,0,1\n");
        Observations o = Observations.read(ok, List.of("u"), new int[] {NX}, T);
        assertEquals(3, o.size());
        assertEquals(2, o.of(0).size());
        assertEquals(new Observations.Value(7, 0, 4, -0.25), o.of(0).get(1));
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "sample,time,x,value\n0,6,3,0.5\n0,6,99,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Observations.read(bad, List.of("u"), new int[] {NX}, T));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Path noHeader = dir.resolve("nohead.csv");
        Files.writeString(noHeader, "sample,time,value\n");
        assertThrows(IllegalArgumentException.class, () -> Observations.read(noHeader, List.of("u"), new int[] {NX},
                T));
        assertThrows(IllegalArgumentException.class, () -> ConstraintSet.create(List.of("mean", "zero-mean"), null,
                List.of("u"), new int[] {NX}, data.times(), physics, new long[] {0}, 1e-6, 5));
        assertThrows(IllegalArgumentException.class, () -> ConstraintSet.create(List.of("observations"), null,
                List.of("u"), new int[] {NX}, data.times(), physics, new long[] {0}, 1e-6, 5));
        assertThrows(IllegalArgumentException.class, () -> ConstraintSet.create(List.of("vorticity"), null,
                List.of("u"), new int[] {NX}, data.times(), physics, new long[] {0}, 1e-6, 5));
    }
}
