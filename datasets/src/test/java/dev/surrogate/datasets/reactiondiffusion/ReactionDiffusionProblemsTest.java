package dev.surrogate.datasets.reactiondiffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.DatasetProblem;
import dev.surrogate.datasets.generate.OneSample;
import dev.surrogate.datasets.generate.ParameterSweep;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.pde.equations.FitzHughNagumo2D;
import dev.surrogate.pde.equations.GrayScott2D;
import dev.surrogate.pde.equations.ReactionDiffusion2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.FixedStepIntegrator;
import dev.surrogate.pde.time.SnapshotRecorder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated Gray-Scott and FitzHugh-Nagumo files: layout, initial conditions, values, determinism, accuracy. */
class ReactionDiffusionProblemsTest {

    @TempDir
    Path dir;

    private static TimeStepping etd(double dt) {
        return new TimeStepping(TimeStepping.Solver.ETDRK4, dt, 1e-8, 1e-10);
    }

    private static GrayScottSettings smallGs() {
        return GrayScottSettings.defaults().withGrid(32).withTimes(100, 3);
    }

    private static FitzHughNagumoSettings smallFhn() {
        return FitzHughNagumoSettings.defaults().withGrid(32).withTimes(0.5, 3);
    }

    private Path generate(DatasetProblem p, int samples, long seed, int threads, List<ParameterSweep> sweeps,
                          String name) throws IOException {
        Path out = dir.resolve(name);
        new DatasetGenerator(p, DatasetGenerator.Settings.of(samples, seed).withThreads(threads).withSweeps(sweeps))
                .generate(out, ProgressListener.NONE);
        return out;
    }

    /** Runs the equation directly from the file's first snapshot and compares every stored snapshot. */
    private static void assertMatchesSolver(DatasetReader r, int sample, ReactionDiffusion2D eq, double dt)
            throws IOException {
        int n = r.points();
        double[] u = r.readSampleAsDouble("u", sample);
        double[] v = r.readSampleAsDouble("v", sample);
        double[] u0 = java.util.Arrays.copyOf(u, n);
        double[] v0 = java.util.Arrays.copyOf(v, n);
        double[] state = eq.state(u0, v0);
        double[] times = r.times();
        SnapshotRecorder rec = new SnapshotRecorder(eq, times.length);
        FixedStepIntegrator.etdrk4(dt).integrate(eq, 0, state, times, rec);
        double err = 0;
        double scale = 0;
        for (int k = 0; k < times.length; k++) {
            for (int i = 0; i < n; i++) {
                err = Math.max(err, Math.abs(rec.snapshots()[k][i] - u[k * n + i]));
                err = Math.max(err, Math.abs(rec.snapshots()[k][n + i] - v[k * n + i]));
                scale = Math.max(scale, Math.abs(rec.snapshots()[k][i]));
            }
        }
        // the file's initial condition is the float32 rounding of the solver's; the dynamics do not amplify it here
        assertTrue(err < 1e-6 * scale, "sample " + sample + ": " + err + " of " + scale);
    }

    @Test
    void grayScottFileHasTheLayoutParametersAndSolverValues() throws IOException {
        Path out = generate(new GrayScottProblem(smallGs()), 2, 3, 2,
                List.of(ParameterSweep.parse("feed_rate=0.03:0.05")), "gs.nc");
        SpectralGrid2D grid = new SpectralGrid2D(32, GrayScott2D.DEFAULT_LENGTH);
        try (DatasetReader r = DatasetReader.open(out, "u", "v")) {
            assertEquals(List.of("u", "v"), r.fieldNames());
            assertEquals(32, r.nx());
            assertEquals(32, r.ny());
            assertArrayEquals(new double[] {0, 50, 100}, r.times(), 1e-12);
            var a = r.attributes();
            assertEquals("gray-scott", a.get("equation"));
            assertEquals(GrayScott2D.DEFAULT_DU, ((Number) a.get("diffusion_u")).doubleValue());
            assertEquals(GrayScott2D.DEFAULT_DV, ((Number) a.get("diffusion_v")).doubleValue());
            assertEquals(GrayScott2D.DEFAULT_K, ((Number) a.get("kill_rate")).doubleValue());
            assertEquals(2.5, ((Number) a.get("domain_length")).doubleValue());
            assertEquals("etdrk4", a.get("solver"));
            assertEquals(1.0, ((Number) a.get("time_step")).doubleValue());
            assertFalse(a.containsKey("feed_rate"));
            double[] feed = r.parameter("feed_rate");
            for (int smp = 0; smp < 2; smp++) {
                assertTrue(feed[smp] >= 0.03 && feed[smp] <= 0.05);
                assertMatchesSolver(r, smp, new GrayScott2D(grid, GrayScott2D.DEFAULT_DU, GrayScott2D.DEFAULT_DV,
                        feed[smp], GrayScott2D.DEFAULT_K), GrayScottSettings.DEFAULT_DT);
            }
        }
    }

    @Test
    void grayScottInitialConditionIsSquaresOnTheTrivialState() {
        GrayScottSettings s = GrayScottSettings.defaults().withGrid(64);
        SpectralGrid2D grid = new SpectralGrid2D(64, s.length());
        double[] u = new double[grid.size()];
        double[] v = new double[grid.size()];
        GrayScottProblem.initialCondition(s, grid, new SampleSeeds(1).stream(0, SampleSeeds.INITIAL_CONDITION), u, v);
        int inside = 0;
        for (int i = 0; i < u.length; i++) {
            boolean perturbed = v[i] != 0;
            if (perturbed) {
                inside++;
                assertEquals(0.5, u[i], 0.5 * s.noise() + 1e-15);
                assertEquals(0.25, v[i], 0.25 * s.noise() + 1e-15);
            } else {
                assertEquals(1.0, u[i], s.noise() + 1e-15);
            }
        }
        // 8 squares of side 0.08 L cover 5 x 5 or 6 x 6 cells each at 64 points, fewer where they overlap
        assertTrue(inside > 0 && inside <= 8 * 36, "perturbed points " + inside);
        double[] u2 = new double[grid.size()];
        double[] v2 = new double[grid.size()];
        GrayScottProblem.initialCondition(s, grid, new SampleSeeds(1).stream(1, SampleSeeds.INITIAL_CONDITION), u2, v2);
        assertFalse(java.util.Arrays.equals(v, v2), "each sample draws its own squares");
    }

    @Test
    void fitzHughNagumoStartsFromStandardNormalFieldsAndMatchesTheSolver() throws IOException {
        Path out = generate(new FitzHughNagumoProblem(smallFhn()), 2, 9, 2, List.of(), "fhn.nc");
        SpectralGrid2D grid = new SpectralGrid2D(32, FitzHughNagumo2D.DEFAULT_LENGTH);
        try (DatasetReader r = DatasetReader.open(out, "u", "v")) {
            var a = r.attributes();
            assertEquals("fitzhugh-nagumo", a.get("equation"));
            assertEquals(FitzHughNagumo2D.DEFAULT_K, ((Number) a.get("k")).doubleValue());
            assertEquals(2.0, ((Number) a.get("domain_length")).doubleValue());
            float[] u0 = r.readSnapshot("u", 0, 0);
            double[] expected = new double[grid.size()];
            double[] expectedV = new double[grid.size()];
            FitzHughNagumoProblem.initialCondition(smallFhn(), new SampleSeeds(9).stream(0,
                    SampleSeeds.INITIAL_CONDITION), expected, expectedV);
            double mean = 0;
            double var = 0;
            for (int i = 0; i < u0.length; i++) {
                assertEquals((float) expected[i], u0[i], 1e-6f);
                mean += u0[i] / u0.length;
                var += u0[i] * u0[i] / u0.length;
            }
            // 1024 standard normal values: mean within 4 standard errors, variance within 20 %
            assertEquals(0, mean, 4 / 32.0);
            assertEquals(1, var, 0.2);
            for (int smp = 0; smp < 2; smp++) {
                assertMatchesSolver(r, smp, new FitzHughNagumo2D(grid, FitzHughNagumo2D.DEFAULT_DU,
                        FitzHughNagumo2D.DEFAULT_DV, FitzHughNagumo2D.DEFAULT_K), FitzHughNagumoSettings.DEFAULT_DT);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameFileWhateverTheThreadCount() throws IOException {
        Path one = generate(new FitzHughNagumoProblem(smallFhn()), 3, 5, 1, List.of(), "one.nc");
        Path two = generate(new FitzHughNagumoProblem(smallFhn()), 3, 5, 2, List.of(), "two.nc");
        Path gs1 = generate(new GrayScottProblem(smallGs()), 2, 5, 1, List.of(), "gs1.nc");
        Path gs2 = generate(new GrayScottProblem(smallGs()), 2, 5, 2, List.of(), "gs2.nc");
        try (DatasetReader a = DatasetReader.open(one); DatasetReader b = DatasetReader.open(two);
             DatasetReader c = DatasetReader.open(gs1); DatasetReader d = DatasetReader.open(gs2)) {
            for (String f : List.of("u", "v")) {
                for (int smp = 0; smp < 3; smp++) {
                    assertArrayEquals(a.readSample(f, smp), b.readSample(f, smp));
                }
                for (int smp = 0; smp < 2; smp++) {
                    assertArrayEquals(c.readSample(f, smp), d.readSample(f, smp));
                }
            }
            assertFalse(java.util.Arrays.equals(a.readSample("u", 0), a.readSample("u", 1)));
        }
    }

    private static float[][] lastSnapshot(DatasetProblem p) {
        return OneSample.lastSnapshot(p, 4);
    }

    private static double maxDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int f = 0; f < a.length; f++) {
            for (int i = 0; i < a[f].length; i++) {
                m = Math.max(m, Math.abs(a[f][i] - b[f][i]));
            }
        }
        return m;
    }

    @Test
    void etdrk4AndDormandPrinceFilesAgree() {
        FitzHughNagumoSettings f = smallFhn().withTimes(1, 2);
        float[][] etd = lastSnapshot(new FitzHughNagumoProblem(f));
        float[][] dp = lastSnapshot(new FitzHughNagumoProblem(f.withStepping(
                new TimeStepping(TimeStepping.Solver.DOPRI853, 1, 1e-9, 1e-9))));
        assertTrue(maxDiff(etd, dp) < 1e-5, "FitzHugh-Nagumo etdrk4 vs dopri853: " + maxDiff(etd, dp));
        // the sharp squares of the start, at 32 points, make the first steps the hardest: a quarter step here
        GrayScottSettings g = smallGs().withTimes(300, 2);
        float[][] etdG = lastSnapshot(new GrayScottProblem(g.withStepping(etd(0.25))));
        float[][] dpG = lastSnapshot(new GrayScottProblem(g.withStepping(
                new TimeStepping(TimeStepping.Solver.DOPRI853, 1, 1e-9, 1e-9))));
        assertTrue(maxDiff(etdG, dpG) < 1e-5, "Gray-Scott etdrk4 vs dopri853: " + maxDiff(etdG, dpG));
    }

    @Test
    void defaultStepsAreConverged() {
        // FitzHugh-Nagumo from white noise: default dt against a quarter of it over the stiff start. Both agree to
        // about 2e-7 (float32 resolution of values of order 1) when this test was written.
        FitzHughNagumoSettings f = FitzHughNagumoSettings.defaults().withGrid(64).withTimes(1, 2);
        double errF = maxDiff(lastSnapshot(new FitzHughNagumoProblem(f)), lastSnapshot(new FitzHughNagumoProblem(
                f.withStepping(etd(FitzHughNagumoSettings.DEFAULT_DT / 4)))));
        assertTrue(errF < 1e-6, "FitzHugh-Nagumo dt error " + errF);
        GrayScottSettings g = GrayScottSettings.defaults().withGrid(64).withTimes(400, 2);
        double errG = maxDiff(lastSnapshot(new GrayScottProblem(g)), lastSnapshot(new GrayScottProblem(
                g.withStepping(etd(GrayScottSettings.DEFAULT_DT / 4)))));
        assertTrue(errG < 1e-6, "Gray-Scott dt error " + errG);
    }

    @Test
    void settingsRejectBadValuesNamingThem() {
        GrayScottSettings g = GrayScottSettings.defaults();
        assertNames("feed_rate", () -> g.withRates(0, 0.06));
        assertNames("kill_rate", () -> g.withRates(0.04, -1));
        assertNames("nx", () -> g.withGrid(5));
        assertNames("snapshots", () -> g.withTimes(10, 1));
        assertNames("dt", () -> etd(0));
        assertNames("euler", () -> TimeStepping.Solver.parse("euler"));
        assertNames("square size", () -> new GrayScottSettings(32, 32, 2.5, 2e-5, 1e-5, 0.04, 0.06, 10, 2,
                etd(1), 3, 1.5, 0.01));
        assertNames("squares", () -> new GrayScottSettings(32, 32, 2.5, 2e-5, 1e-5, 0.04, 0.06, 10, 2,
                etd(1), 0, 0.1, 0.01));
        assertNames("noise", () -> new GrayScottSettings(32, 32, 2.5, 2e-5, 1e-5, 0.04, 0.06, 10, 2,
                etd(1), 1, 0.1, -0.1));
        FitzHughNagumoSettings f = FitzHughNagumoSettings.defaults();
        assertNames("diffusion_v", () -> new FitzHughNagumoSettings(32, 32, 2, 1e-3, 0, 5e-3, 1, 2, etd(1), 1));
        assertNames("amplitude", () -> new FitzHughNagumoSettings(32, 32, 2, 1e-3, 1e-3, 5e-3, 1, 2, etd(1), 0));
        assertNames("t-final", () -> f.withTimes(0, 3));
    }

    private static void assertNames(String word, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(word), ex.getMessage());
    }
}
