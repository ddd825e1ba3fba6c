package dev.surrogate.operators.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.burgers.ColeHopfSolution;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.operators.GradientCheck;
import dev.surrogate.operators.Nd4jRuntime;
import dev.surrogate.operators.physics.ReactionDiffusionResidual.Reaction;
import dev.surrogate.pde.equations.Burgers1D;
import dev.surrogate.pde.equations.FitzHughNagumo2D;
import dev.surrogate.pde.equations.Forcing2D;
import dev.surrogate.pde.equations.GrayScott2D;
import dev.surrogate.pde.equations.NavierStokes2D;
import dev.surrogate.pde.residual.ResidualStatistics;
import dev.surrogate.pde.residual.SemiDiscreteResidual;
import dev.surrogate.pde.residual.TimeStencil;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.PseudoSpectralEquation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff residual against the {@code double[]} reference that calls the solver's own equation classes: equal
 * to double round-off in DOUBLE graphs and to float32 round-off in FLOAT graphs, on analytic fields and on solver
 * output of every equation; gradients against finite differences; the Cole-Hopf solution's residual converges at
 * the stencil's order.
 */
class PdeResidualTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void init() {
        Nd4jRuntime.init();
    }

    /** The residual computed by a graph, {@code [batch * T * fields * points]}. */
    static double[] graph(PdeResidual residual, double[] windows, double[] params, int batch, TimeStencil stencil,
                          DataType dtype) {
        SameDiff sd = SameDiff.create();
        long[] shape = windowShape(residual, batch, stencil.snapshots());
        int p = residual.parameterNames().size();
        SDVariable w = sd.placeHolder("window", dtype, shape);
        SDVariable q = sd.placeHolder("params", dtype, -1, p);
        SDVariable r = residual.residual(sd, w, q, new TimeDifference(stencil));
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> in = Map.of(
                "window", Nd4j.create(windows, shape, DataType.DOUBLE).castTo(dtype),
                "params", Nd4j.create(params, new long[] {batch, p}, DataType.DOUBLE).castTo(dtype));
        return sd.output(in, r.name()).get(r.name()).castTo(DataType.DOUBLE).dup().data().asDouble();
    }

    static long[] windowShape(PdeResidual residual, int batch, int t) {
        int[] space = residual.spatialShape();
        long[] shape = new long[3 + space.length];
        shape[0] = batch;
        shape[1] = t;
        shape[2] = residual.fieldNames().size();
        for (int i = 0; i < space.length; i++) {
            shape[3 + i] = space[i];
        }
        return shape;
    }

    /** Largest |a - b| over the scale of the terms (the larger of max |u_t| and max |F(u)|). */
    static double relativeError(double[] graph, double[] reference, double[] dudt) {
        double scale = 0;
        double err = 0;
        for (int i = 0; i < graph.length; i++) {
            scale = Math.max(scale, Math.max(Math.abs(dudt[i]), Math.abs(dudt[i] - reference[i])));
            err = Math.max(err, Math.abs(graph[i] - reference[i]));
        }
        return err / scale;
    }

    static Stream<String> equations() {
        return Stream.of("burgers", "navier-stokes", "gray-scott", "fitzhugh-nagumo");
    }

    static Path file(String equation) {
        return switch (equation) {
            case "burgers" -> PhysicsFixtures.burgers(dir);
            case "navier-stokes" -> PhysicsFixtures.navierStokes(dir);
            case "gray-scott" -> PhysicsFixtures.grayScott(dir);
            default -> PhysicsFixtures.fitzHughNagumo(dir);
        };
    }

    @ParameterizedTest
    @MethodSource("equations")
    void graphEqualsReferenceOnSolverOutput(String equation) throws IOException {
        try (DatasetReader reader = DatasetReader.open(file(equation))) {
            DatasetPhysics physics = DatasetPhysics.of(reader);
            assertEquals(equation, physics.equation());
            double[] times = reader.times();
            TimeStencil stencil = TimeStencil.uniform(times, 4);
            int batch = reader.sampleCount();
            int n = times.length * physics.fields().size() * physics.points();
            int p = physics.parameterNames().size();
            double[] windows = new double[batch * n];
            double[] params = new double[batch * p];
            double[] reference = new double[batch * n];
            double[] dudt = new double[batch * n];
            for (int s = 0; s < batch; s++) {
                double[] w = PhysicsFixtures.window(reader, physics, s);
                System.arraycopy(w, 0, windows, s * n, n);
                System.arraycopy(physics.parameters(s), 0, params, s * p, p);
                double[] d = new double[n];
                double[] r = PhysicsFixtures.reference(physics, physics.parameters(s), stencil, times, w, d);
                System.arraycopy(r, 0, reference, s * n, n);
                System.arraycopy(d, 0, dudt, s * n, n);
            }
            PdeResidual residual = physics.residual();
            double errDouble = relativeError(graph(residual, windows, params, batch, stencil, DataType.DOUBLE),
                    reference, dudt);
            double errFloat = relativeError(graph(residual, windows, params, batch, stencil, DataType.FLOAT),
                    reference, dudt);
            assertTrue(errDouble < 1e-11, equation + ": DOUBLE graph differs by " + errDouble);
            assertTrue(errFloat < 2e-5, equation + ": FLOAT graph differs by " + errFloat);
        }
    }

    @Test
    void sweptParametersArePerSample() throws IOException {
        try (DatasetReader reader = DatasetReader.open(file("burgers"))) {
            DatasetPhysics physics = DatasetPhysics.of(reader);
            double nu0 = physics.parameters(0)[0];
            double nu1 = physics.parameters(1)[0];
            assertTrue(nu0 != nu1 && nu0 >= 0.05 && nu0 <= 0.1 && nu1 >= 0.05 && nu1 <= 0.1, nu0 + ", " + nu1);
            assertEquals(java.util.List.of(nu1, nu0, nu1),
                    java.util.Arrays.stream(physics.parameterMatrix(new int[] {1, 0, 1})).boxed().toList());
            TimeDifference td = physics.timeDifference(5, 4);
            assertEquals(5, td.snapshots());
            assertEquals(0.05, td.stencil().spacing(), 1e-12);
        }
    }

    /** Analytic (non-solution) fields: the right-hand sides agree wherever the fields put energy. */
    @ParameterizedTest
    @ValueSource(strings = {"burgers", "navier-stokes", "gray-scott", "fitzhugh-nagumo"})
    void graphEqualsReferenceOnAnalyticFields(String equation) {
        SplittableRandom rng = new SplittableRandom(3);
        int t = 5;
        double[] times = {0, 0.1, 0.2, 0.3, 0.4};
        TimeStencil stencil = TimeStencil.uniform(times, 2);
        PdeResidual residual;
        PseudoSpectralEquation[] eqs = new PseudoSpectralEquation[2];
        double[][] params = new double[2][];
        int fields;
        int points;
        double[][] xy;
        if (equation.equals("burgers")) {
            SpectralGrid1D grid = new SpectralGrid1D(48, 2.0);
            residual = new BurgersResidual(grid);
            params[0] = new double[] {0.03};
            params[1] = new double[] {0.2};
            for (int s = 0; s < 2; s++) {
                eqs[s] = new Burgers1D(grid, params[s][0]);
            }
            fields = 1;
            points = 48;
            xy = new double[points][];
            for (int i = 0; i < points; i++) {
                xy[i] = new double[] {grid.x(i), 0};
            }
        } else {
            SpectralGrid2D grid = new SpectralGrid2D(12, 10, 1.0, 1.0);
            points = grid.size();
            xy = new double[points][];
            for (int iy = 0; iy < 10; iy++) {
                for (int ix = 0; ix < 12; ix++) {
                    xy[iy * 12 + ix] = new double[] {grid.x(ix), grid.y(iy)};
                }
            }
            switch (equation) {
                case "navier-stokes" -> {
                    Forcing2D f = Forcing2D.fno(1.0);
                    residual = new NavierStokesResidual(grid, f);
                    params[0] = new double[] {1e-3};
                    params[1] = new double[] {5e-2};
                    for (int s = 0; s < 2; s++) {
                        eqs[s] = new NavierStokes2D(grid, params[s][0], f);
                    }
                    fields = 1;
                }
                case "gray-scott" -> {
                    residual = new ReactionDiffusionResidual(grid, Reaction.GRAY_SCOTT);
                    params[0] = new double[] {2e-3, 1e-3, 0.04, 0.06};
                    params[1] = new double[] {1e-3, 3e-3, 0.02, 0.05};
                    for (int s = 0; s < 2; s++) {
                        eqs[s] = new GrayScott2D(grid, params[s][0], params[s][1], params[s][2], params[s][3]);
                    }
                    fields = 2;
                }
                default -> {
                    residual = new ReactionDiffusionResidual(grid, Reaction.FITZHUGH_NAGUMO);
                    params[0] = new double[] {1e-3, 5e-3, 5e-3};
                    params[1] = new double[] {2e-3, 1e-3, -0.1};
                    for (int s = 0; s < 2; s++) {
                        eqs[s] = new FitzHughNagumo2D(grid, params[s][0], params[s][1], params[s][2]);
                    }
                    fields = 2;
                }
            }
        }
        int n = t * fields * points;
        double[] windows = new double[2 * n];
        double[] reference = new double[2 * n];
        double[] dudt = new double[2 * n];
        double[] flatParams = new double[2 * params[0].length];
        for (int s = 0; s < 2; s++) {
            // a sum of a few low and high modes per field, drifting in time
            double[] w = new double[n];
            for (int k = 0; k < fields; k++) {
                double a1 = rng.nextDouble(0.5, 1.5);
                double a2 = rng.nextDouble(0.1, 0.3);
                for (int i = 0; i < t; i++) {
                    for (int q = 0; q < points; q++) {
                        double x = 2 * Math.PI * xy[q][0];
                        double y = 2 * Math.PI * xy[q][1];
                        w[(i * fields + k) * points + q] = 0.5 + a1 * Math.sin(x + 2 * y + times[i])
                                + a2 * Math.cos(7 * x - 3 * y + 0.4) * (1 + times[i]);
                    }
                }
            }
            System.arraycopy(w, 0, windows, s * n, n);
            System.arraycopy(params[s], 0, flatParams, s * params[s].length, params[s].length);
            double[] d = new double[n];
            double[] r = new double[n];
            new SemiDiscreteResidual(eqs[s]).residual(stencil, times, w, d, r);
            System.arraycopy(r, 0, reference, s * n, n);
            System.arraycopy(d, 0, dudt, s * n, n);
        }
        double errDouble = relativeError(graph(residual, windows, flatParams, 2, stencil, DataType.DOUBLE),
                reference, dudt);
        double errFloat = relativeError(graph(residual, windows, flatParams, 2, stencil, DataType.FLOAT),
                reference, dudt);
        assertTrue(errDouble < 1e-11, equation + ": DOUBLE graph differs by " + errDouble);
        assertTrue(errFloat < 2e-5, equation + ": FLOAT graph differs by " + errFloat);
    }

    /** A small grid of an equation and the parameters of two samples, for the gradient checks. */
    private record SmallProblem(PdeResidual residual, double[] params) {
        static SmallProblem of(String equation) {
            return switch (equation) {
                case "burgers" -> new SmallProblem(new BurgersResidual(new SpectralGrid1D(16, 1.0)),
                        new double[] {0.05, 0.1});
                case "navier-stokes" -> new SmallProblem(new NavierStokesResidual(new SpectralGrid2D(8, 1.0),
                        Forcing2D.fno(1.0)), new double[] {1e-2, 3e-2});
                case "gray-scott" -> new SmallProblem(new ReactionDiffusionResidual(new SpectralGrid2D(8, 1.0),
                        Reaction.GRAY_SCOTT), new double[] {2e-3, 1e-3, 0.04, 0.06, 1e-3, 2e-3, 0.03, 0.05});
                default -> new SmallProblem(new ReactionDiffusionResidual(new SpectralGrid2D(8, 1.0),
                        Reaction.FITZHUGH_NAGUMO), new double[] {1e-3, 5e-3, 5e-3, 2e-3, 1e-3, 0.01});
            };
        }
    }

    /** Values uniform in [-1, 1) for a window of {@code shape}, from {@code seed}. */
    private static double[] randomWindow(long[] shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextDouble(-1, 1);
        }
        return values;
    }

    /** Gradients of a weighted sum of the residual with respect to the window and the parameters. */
    @ParameterizedTest
    @ValueSource(strings = {"burgers", "navier-stokes", "gray-scott", "fitzhugh-nagumo"})
    void gradientsMatchFiniteDifferences(String equation) {
        SmallProblem small = SmallProblem.of(equation);
        PdeResidual residual = small.residual();
        double[] params = small.params();
        int batch = 2;
        int t = 5;
        long[] shape = windowShape(residual, batch, t);
        double[] values = randomWindow(shape, 11);
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("window", Nd4j.create(values, shape, DataType.DOUBLE));
        SDVariable q = sd.var("params", Nd4j.create(params, new long[] {batch, params.length / batch},
                DataType.DOUBLE));
        SDVariable r = residual.residual(sd, w, q, new TimeDifference(new TimeStencil(4, t, 0.1)));
        int checked = GradientCheck.check(sd, r, Map.of(), 24);
        assertTrue(checked >= 24, "checked " + checked);
    }

    /**
     * As training meets the residual: the window comes through a placeholder of unknown batch size (times a
     * trainable scale, standing in for the network), so SameDiff shapes every gradient at run time. The derivative
     * of the mean squared residual with respect to the scale must match a central difference.
     */
    @ParameterizedTest
    @ValueSource(strings = {"burgers", "navier-stokes", "gray-scott", "fitzhugh-nagumo"})
    void gradientsReachAVariableThroughADynamicBatch(String equation) {
        SmallProblem small = SmallProblem.of(equation);
        PdeResidual residual = small.residual();
        double[] params = small.params();
        int batch = 2;
        int t = 5;
        long[] shape = windowShape(residual, batch, t);
        long[] dynamic = shape.clone();
        dynamic[0] = -1;
        double[] values = randomWindow(shape, 12);
        int p = params.length / batch;
        SameDiff sd = SameDiff.create();
        SDVariable window = sd.placeHolder("window", DataType.DOUBLE, dynamic);
        SDVariable q = sd.placeHolder("params", DataType.DOUBLE, -1, p);
        SDVariable scale = sd.var("scale", Nd4j.scalar(DataType.DOUBLE, 0.7).reshape(1));
        SDVariable r = residual.residual(sd, window.mul(scale), q, new TimeDifference(new TimeStencil(4, t, 0.1)));
        SDVariable loss = r.mul(r).mean().rename("loss");
        sd.setLossVariables(loss);
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> feeds = Map.of("window",
                Nd4j.create(values, shape, DataType.DOUBLE), "params",
                Nd4j.create(params, new long[] {batch, p}, DataType.DOUBLE));
        double g = sd.calculateGradients(feeds, "scale").get("scale").getDouble(0);
        double h = 1e-5;
        double[] at = new double[2];
        for (int k = 0; k < 2; k++) {
            sd.getVariable("scale").setArray(Nd4j.scalar(DataType.DOUBLE, 0.7 + (k == 0 ? h : -h)).reshape(1));
            at[k] = sd.output(feeds, "loss").get("loss").getDouble(0);
        }
        double fd = (at[0] - at[1]) / (2 * h);
        assertEquals(fd, g, 1e-6 * Math.max(1, Math.abs(fd)), equation + ": d loss / d scale");
    }

    /**
     * The Cole-Hopf solution sampled with 11, 21, 41 snapshots over [0, 2]: the SameDiff residual (DOUBLE) falls by
     * 2^p per halving of the spacing (p = 2, 4), as the reference does.
     */
    @Test
    void coleHopfResidualConvergesAtTheStencilOrder() {
        double length = 2 * Math.PI;
        double nu = 0.2;
        ColeHopfSolution exact = new ColeHopfSolution(2, 1, length);
        SpectralGrid1D grid = new SpectralGrid1D(64, length);
        BurgersResidual residual = new BurgersResidual(grid);
        for (int order : new int[] {2, 4}) {
            int[] counts = {11, 21, 41};
            double[] ratio = new double[3];
            for (int c = 0; c < 3; c++) {
                int t = counts[c];
                double[] times = new double[t];
                double[] window = new double[t * 64];
                for (int i = 0; i < t; i++) {
                    times[i] = 2.0 * i / (t - 1);
                    for (int j = 0; j < 64; j++) {
                        window[i * 64 + j] = exact.value(grid.x(j), times[i], nu);
                    }
                }
                TimeStencil stencil = TimeStencil.uniform(times, order);
                double[] r = graph(residual, window, new double[] {nu}, 1, stencil, DataType.DOUBLE);
                double[] d = new double[window.length];
                stencil.apply(window, 64, d);
                ResidualStatistics stats = new ResidualStatistics(t, 1);
                stats.addWindow(r, d, 64);
                ratio[c] = stats.pooled(0, t, null);
            }
            for (int c = 1; c < 3; c++) {
                double observed = Math.log(ratio[c - 1] / ratio[c]) / Math.log(2);
                assertTrue(Math.abs(observed - order) < 0.5, "order " + order + " observed " + observed + " ("
                        + ratio[c - 1] + " -> " + ratio[c] + ")");
            }
        }
    }
}
