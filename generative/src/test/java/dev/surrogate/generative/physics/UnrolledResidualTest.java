package dev.surrogate.generative.physics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.physics.DatasetPhysics;
import dev.surrogate.pde.residual.SemiDiscreteResidual;
import dev.surrogate.pde.residual.TimeStencil;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PBFM's residual term: on the solver's own trajectories it is the reference residual of the generated snapshots
 * (the solver's floor), its gradient through unrolled Euler steps of a model matches finite differences, and the
 * unrolling curriculum has the reference's stages.
 */
class UnrolledResidualTest {
    private static final int NX = 32;
    private static final int SNAPSHOTS = 17;
    private static final int WINDOW = 5;
    private static final int HORIZON = SNAPSHOTS - WINDOW;

    @TempDir
    static Path dir;
    private static FieldSource data;
    private static DatasetPhysics physics;

    @BeforeAll
    static void init() {
        Nd4jRuntime.init();
        data = BurgersData.load(BurgersData.generate(dir.resolve("b.nc"), 3, NX, SNAPSHOTS, 1.0));
        physics = DatasetPhysics.of(data, "test data");
    }

    /** Trajectory {@code s} as doubles {@code [T * NX]}. */
    private static double[] trajectory(int s) {
        float[] f = new float[SNAPSHOTS * NX];
        data.readTrajectory(s, 0, f, 0, NX);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void onSolverDataTheTermIsTheReferenceResidualOfTheGeneratedSnapshots() {
        int batch = data.sampleCount();
        int given = 4;
        double[] mean = new double[HORIZON];
        double[] std = new double[HORIZON];
        for (int j = 0; j < HORIZON; j++) {
            mean[j] = 0.1 * j;
            std[j] = 0.5 + 0.01 * j;
        }
        double[] zt = new double[batch * HORIZON * NX];
        double[] givenValues = new double[batch * given * NX];
        double[] params = new double[batch];
        double[] t = new double[batch];
        double[] expected = new double[batch];
        double[] rms = new double[2];
        TimeStencil stencil = TimeStencil.uniform(data.times(), 4);
        for (int s = 0; s < batch; s++) {
            double[] u = trajectory(s);
            params[s] = physics.parameters(s)[0];
            t[s] = 0.25 + 0.25 * s;
            System.arraycopy(u, (WINDOW - given) * NX, givenValues, s * given * NX, given * NX);
            for (int j = 0; j < HORIZON; j++) {
                for (int i = 0; i < NX; i++) {
                    zt[(s * HORIZON + j) * NX + i] = (u[(WINDOW + j) * NX + i] - mean[j]) / std[j];
                }
            }
            // the reference: the solver's right-hand side and the stencil over the whole trajectory
            double[] dudt = new double[u.length];
            double[] r = new double[u.length];
            new SemiDiscreteResidual(physics.solverEquation(physics.parameters(s))).residual(stencil, data.times(),
                    u, dudt, r);
            double sum = 0;
            for (int i = WINDOW * NX; i < u.length; i++) {
                sum += r[i] * r[i];
                rms[0] += r[i] * r[i];
                rms[1] += dudt[i] * dudt[i];
            }
            expected[s] = sum / (HORIZON * NX);
        }
        UnrolledResidual term = new UnrolledResidual(physics.residual(), HORIZON, given, data.timeStep(), 4, mean,
                std, 2);
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.placeHolder("z", DataType.DOUBLE, -1, HORIZON, NX);
        SDVariable tv = sd.placeHolder("t", DataType.DOUBLE, -1);
        SDVariable g = sd.placeHolder("given", DataType.DOUBLE, -1, given, NX);
        SDVariable p = sd.placeHolder("params", DataType.DOUBLE, -1, 1);
        // zero velocity: the clean estimate after one step is z_t itself, here the normalised truth
        UnrolledResidual.Parts parts = term.build(sd, z, z.mul(0), tv, g, p, (x, tau) -> x.mul(0), 1);
        Map<String, INDArray> in = new HashMap<>();
        in.put("z", Nd4j.create(zt, new long[] {batch, HORIZON, NX}));
        in.put("t", Nd4j.createFromArray(t));
        in.put("given", Nd4j.create(givenValues, new long[] {batch, given, NX}));
        in.put("params", Nd4j.create(params, new long[] {batch, 1}));
        Map<String, INDArray> out = sd.output(in, parts.loss().name(), parts.perExample().name());
        double[] per = out.get(parts.perExample().name()).dup().data().asDouble();
        double weighted = 0;
        for (int s = 0; s < batch; s++) {
            assertEquals(expected[s], per[s], 1e-9 * expected[s], "sample " + s);
            weighted += t[s] * t[s] * expected[s] / batch;
        }
        assertEquals(weighted, out.get(parts.loss().name()).getDouble(0), 1e-9 * weighted);
        // the solver's floor on this coarse set: small against the time derivative
        double floor = Math.sqrt(rms[0] / rms[1]);
        assertTrue(floor < 0.02, "floor " + floor);
        // a field that does not solve the PDE (the truth plus 1 % noise) is far above it
        SplittableRandom rng = new SplittableRandom(1);
        double[] noisy = zt.clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += 0.01 * rng.nextGaussian();
        }
        in.put("z", Nd4j.create(noisy, new long[] {batch, HORIZON, NX}));
        double perturbed = sd.output(in, parts.loss().name()).get(parts.loss().name()).getDouble(0);
        assertTrue(perturbed > 100 * weighted, perturbed + " vs " + weighted);
    }

    @Test
    void gradientThroughUnrolledStepsMatchesFiniteDifferences() {
        int batch = 2;
        int given = 3;
        int horizon = 4;
        double[] mean = {0.1, -0.2, 0.0, 0.3};
        double[] std = {0.4, 0.5, 0.6, 0.7};
        UnrolledResidual term = new UnrolledResidual(physics.residual(), horizon, given, data.timeStep(), 4, mean,
                std, 1);
        SameDiff sd = SameDiff.create();
        SplittableRandom rng = new SplittableRandom(7);
        // a small model: v = a_c z + b_c tau + c_c, per channel
        SDVariable a = sd.var("a", Nd4j.create(random(rng, horizon), new long[] {1, horizon, 1}));
        SDVariable b = sd.var("b", Nd4j.create(random(rng, horizon), new long[] {1, horizon, 1}));
        SDVariable c = sd.var("c", Nd4j.create(random(rng, horizon), new long[] {1, horizon, 1}));
        UnrolledResidual.Velocity model = (x, tau) -> x.mul(a).add(b.mul(tau.reshape(-1, 1, 1))).add(c);
        SDVariable z = sd.placeHolder("z", DataType.DOUBLE, -1, horizon, NX);
        SDVariable tv = sd.placeHolder("t", DataType.DOUBLE, -1);
        SDVariable g = sd.placeHolder("given", DataType.DOUBLE, -1, given, NX);
        SDVariable p = sd.placeHolder("params", DataType.DOUBLE, -1, 1);
        // two Euler steps: the velocity at z_t and one unrolled step
        SDVariable loss = term.build(sd, z, model.apply(z, tv), tv, g, p, model, 2).loss();
        Map<String, INDArray> in = new HashMap<>();
        double[] zv = new double[batch * horizon * NX];
        double[] gv = new double[batch * given * NX];
        for (int s = 0; s < batch; s++) {
            double[] u = trajectory(s);
            System.arraycopy(u, 0, gv, s * given * NX, given * NX);
            for (int j = 0; j < horizon; j++) {
                for (int i = 0; i < NX; i++) {
                    zv[(s * horizon + j) * NX + i] = (u[(given + j) * NX + i] - mean[j]) / std[j]
                            + 0.1 * rng.nextGaussian();
                }
            }
        }
        in.put("z", Nd4j.create(zv, new long[] {batch, horizon, NX}));
        in.put("t", Nd4j.createFromArray(0.3, 0.7));
        in.put("given", Nd4j.create(gv, new long[] {batch, given, NX}));
        in.put("params", Nd4j.create(new double[] {0.1, 0.1}, new long[] {batch, 1}));
        loss.markAsLoss();
        Map<String, INDArray> grads = Nd4jRuntime.quietly(() -> sd.calculateGradients(in, "a", "b", "c"));
        double checked = 0;
        for (String name : new String[] {"a", "b", "c"}) {
            INDArray w = sd.getVariable(name).getArr();
            for (int i = 0; i < horizon; i++) {
                double w0 = w.getDouble(i);
                double eps = 1e-6;
                w.putScalar(i, w0 + eps);
                double lp = sd.output(in, loss.name()).get(loss.name()).getDouble(0);
                w.putScalar(i, w0 - eps);
                double lm = sd.output(in, loss.name()).get(loss.name()).getDouble(0);
                w.putScalar(i, w0);
                double fd = (lp - lm) / (2 * eps);
                double an = grads.get(name).getDouble(i);
                assertEquals(fd, an, 1e-6 * Math.max(1, Math.abs(fd)), name + "[" + i + "]");
                checked += Math.abs(an);
            }
        }
        assertTrue(checked > 0, "the gradients are not all zero");
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-0.5, 0.5);
        }
        return v;
    }

    @Test
    void curriculumUnrollsOneToFourStepsOverTheQuarters() {
        ResidualSettings s = ResidualSettings.defaults();
        int[] eight = new int[8];
        for (int e = 0; e < 8; e++) {
            eight[e] = s.unrollSteps(s.stage(e, 8));
        }
        // the reference: n_steps = (epoch - 1) // (epochs // 4) + 1 for 1-based epochs
        assertArrayEquals(new int[] {1, 1, 2, 2, 3, 3, 4, 4}, eight);
        for (int e = 1; e <= 8; e++) {
            assertEquals((e - 1) / (8 / 4) + 1, eight[e - 1]);
        }
        // 10 epochs: no fifth stage (the reference would reach 5 steps in epochs 9 and 10)
        int[] ten = new int[10];
        for (int e = 0; e < 10; e++) {
            ten[e] = s.unrollSteps(s.stage(e, 10));
        }
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 3, 3, 3, 4, 4}, ten);
        // fewer epochs than stages, and no unrolling at all
        assertEquals(1, s.unrollSteps(s.stage(0, 2)));
        assertEquals(3, s.unrollSteps(s.stage(1, 2)));
        ResidualSettings none = new ResidualSettings(1, 4, 1);
        for (int e = 0; e < 10; e++) {
            assertEquals(1, none.unrollSteps(none.stage(e, 10)));
        }
        assertEquals(s, ResidualSettings.fromMap(s.toMap()));
        assertThrows(IllegalArgumentException.class, () -> new ResidualSettings(1, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new ResidualSettings(-1, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new ResidualSettings(1, 4, 0));
    }
}
