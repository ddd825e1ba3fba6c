package dev.surrogate.datasets.navierstokes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.OneSample;
import dev.surrogate.datasets.generate.ParameterSweep;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.generate.SampleFailedException;
import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.datasets.grf.GaussianRandomField2D;
import dev.surrogate.datasets.grf.GrfSpec;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.pde.equations.Forcing2D;
import dev.surrogate.pde.equations.NavierStokes2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.FixedStepIntegrator;
import dev.surrogate.pde.time.SnapshotRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated Navier-Stokes files: layout, metadata, determinism and values against a direct solver run. */
class NavierStokesProblemTest {

    @TempDir
    Path dir;

    private static NavierStokesSettings small() {
        return NavierStokesSettings.defaults().withGrid(32).withTimes(1.0, 3);
    }

    private Path generate(NavierStokesSettings s, int samples, long seed, int threads, List<ParameterSweep> sweeps,
                          String name) throws IOException {
        Path out = dir.resolve(name);
        new DatasetGenerator(new NavierStokesProblem(s), DatasetGenerator.Settings.of(samples, seed)
                .withThreads(threads).withSweeps(sweeps)).generate(out, ProgressListener.NONE);
        return out;
    }

    @Test
    void fileHasTheContractLayoutAndRecordsEveryParameter() throws IOException {
        NavierStokesSettings s = small().withGrid(32, 16);
        Path out = generate(s, 2, 4, 2, List.of(), "ns.nc");
        try (DatasetReader r = DatasetReader.open(out, "vorticity")) {
            assertEquals(List.of("vorticity"), r.fieldNames());
            assertEquals(2, r.sampleCount());
            assertEquals(3, r.timeCount());
            assertEquals(32, r.nx());
            assertEquals(16, r.ny());
            assertArrayEquals(new double[] {0, 0.5, 1.0}, r.times(), 1e-15);
            assertEquals(1.0 / 32, r.x()[1], 1e-15);
            assertEquals(1.0 / 16, r.y()[1], 1e-15);
            var a = r.attributes();
            assertEquals("navier-stokes", a.get("equation"));
            assertEquals("CF-1.8", a.get("Conventions"));
            assertEquals(1e-3, ((Number) a.get("nu")).doubleValue());
            assertEquals(1.0, ((Number) a.get("domain_length")).doubleValue());
            assertEquals(Forcing2D.fno(1.0).expression(), a.get("forcing"));
            assertEquals("etdrk4", a.get("solver"));
            assertEquals(NavierStokesSettings.DEFAULT_DT, ((Number) a.get("time_step")).doubleValue());
            assertEquals(4, ((Number) a.get("seed")).longValue());
            assertEquals(2.5, ((Number) a.get("grf_alpha")).doubleValue());
            assertEquals(7.0, ((Number) a.get("grf_tau")).doubleValue());
            assertTrue(a.containsKey("cfl_limit") && a.containsKey("history"));
        }
    }

    @Test
    void samplesAreTheSeededRandomFieldEvolvedByTheSolver() throws IOException {
        NavierStokesSettings s = small();
        Path out = generate(s, 3, 11, 2, List.of(ParameterSweep.parse("nu=1e-4:1e-2:log")), "sweep.nc");
        SpectralGrid2D grid = new SpectralGrid2D(32, 1.0);
        try (DatasetReader r = DatasetReader.open(out, "vorticity")) {
            double[] nu = r.parameter("nu");
            assertFalse(r.attributes().containsKey("nu"), "a swept nu is not a global attribute");
            for (int smp = 0; smp < 3; smp++) {
                assertTrue(nu[smp] >= 1e-4 && nu[smp] <= 1e-2, "nu " + nu[smp]);
                double[] w0 = new double[grid.size()];
                new GaussianRandomField2D(grid, GrfSpec.fnoNavierStokes())
                        .sample(new SampleSeeds(11).stream(smp, SampleSeeds.INITIAL_CONDITION), w0);
                NavierStokes2D eq = NavierStokes2D.fno(grid, nu[smp]);
                double[] state = new double[eq.dimension()];
                eq.toSpectral(w0, state);
                SnapshotRecorder rec = new SnapshotRecorder(eq, 3);
                FixedStepIntegrator.etdrk4(NavierStokesSettings.DEFAULT_DT).integrate(eq, 0, state,
                        new double[] {0, 0.5, 1.0}, rec);
                float[] file = r.readSample("vorticity", smp);
                double scale = 0;
                double err = 0;
                for (int k = 0; k < 3; k++) {
                    for (int i = 0; i < grid.size(); i++) {
                        double expected = rec.snapshots()[k][i];
                        err = Math.max(err, Math.abs(file[k * grid.size() + i] - expected));
                        scale = Math.max(scale, Math.abs(expected));
                    }
                }
                assertTrue(err < 1e-6 * scale, "sample " + smp + ": " + err + " of " + scale);
                assertEquals(w0[5], file[5], 1e-6 * scale, "time index 0 is the initial condition");
            }
            // the samples differ (own random stream each) and the flow evolves
            float[] a = r.readSnapshot("vorticity", 0, 2);
            float[] b = r.readSnapshot("vorticity", 1, 2);
            assertFalse(java.util.Arrays.equals(a, b));
            assertFalse(java.util.Arrays.equals(a, r.readSnapshot("vorticity", 0, 0)));
        }
    }

    @Test
    void sameSeedGivesTheSameFileWhateverTheThreadCount() throws IOException {
        Path one = generate(small(), 3, 5, 1, List.of(), "one.nc");
        Path two = generate(small(), 3, 5, 2, List.of(), "two.nc");
        Path other = generate(small(), 3, 6, 2, List.of(), "other.nc");
        try (DatasetReader a = DatasetReader.open(one, "vorticity");
             DatasetReader b = DatasetReader.open(two, "vorticity");
             DatasetReader c = DatasetReader.open(other, "vorticity")) {
            for (int smp = 0; smp < 3; smp++) {
                assertArrayEquals(a.readSample("vorticity", smp), b.readSample("vorticity", smp));
                assertFalse(java.util.Arrays.equals(a.readSample("vorticity", smp), c.readSample("vorticity", smp)));
            }
        }
    }

    @Test
    void defaultStepIsConvergedToFloatPrecision() {
        // FNO problem at nx = 64 over 5 time units: the default step against a quarter of it
        NavierStokesSettings s = NavierStokesSettings.defaults().withTimes(5, 2);
        float[] coarse = finalSnapshot(s);
        float[] fine = finalSnapshot(s.withSolver(TimeStepping.Solver.ETDRK4,
                NavierStokesSettings.DEFAULT_DT / 4));
        double err = 0;
        double scale = 0;
        for (int i = 0; i < coarse.length; i++) {
            err = Math.max(err, Math.abs(coarse[i] - fine[i]));
            scale = Math.max(scale, Math.abs(fine[i]));
        }
        assertTrue(err < 3e-7 * scale, "dt error " + err + " of " + scale);
    }

    private static float[] finalSnapshot(NavierStokesSettings s) {
        return OneSample.lastSnapshot(new NavierStokesProblem(s), 8)[0];
    }

    @Test
    void theFnoSchemeAndEtdrk4AgreeToTheFnoSchemesAccuracy() {
        NavierStokesSettings s = small().withTimes(0.5, 2);
        float[] etd = finalSnapshot(s);
        float[] cn = finalSnapshot(s.withSolver(TimeStepping.Solver.CN_EULER, NavierStokesSettings.FNO_DT));
        float[] ifrk = finalSnapshot(s.withSolver(TimeStepping.Solver.IFRK4, NavierStokesSettings.DEFAULT_DT));
        double errCn = 0;
        double errIf = 0;
        double scale = 0;
        for (int i = 0; i < etd.length; i++) {
            errCn = Math.max(errCn, Math.abs(etd[i] - cn[i]));
            errIf = Math.max(errIf, Math.abs(etd[i] - ifrk[i]));
            scale = Math.max(scale, Math.abs(etd[i]));
        }
        // first order at dt = 1e-4 over t = 0.5
        assertTrue(errCn < 1e-4 * scale && errCn > 0, "cn-euler vs etdrk4: " + errCn);
        assertTrue(errIf < 1e-6 * scale, "ifrk4 vs etdrk4: " + errIf);
    }

    @Test
    void aStepAboveTheCflLimitFailsTheSampleNamingIt() {
        NavierStokesSettings s = small().withCflLimit(1e-3);
        DatasetGenerator gen = new DatasetGenerator(new NavierStokesProblem(s),
                DatasetGenerator.Settings.of(2, 1).withThreads(2));
        SampleFailedException e = assertThrows(SampleFailedException.class,
                () -> gen.generate(dir.resolve("cfl.nc"), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("CFL") && e.getMessage().contains("sample"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("cfl.nc")));
    }

    @Test
    void settingsRejectBadValuesNamingThem() {
        NavierStokesSettings d = NavierStokesSettings.defaults();
        assertNames("nu", () -> d.withNu(0));
        assertNames("nx", () -> d.withGrid(31));
        assertNames("ny", () -> d.withGrid(32, 2));
        assertNames("t-final", () -> d.withTimes(-1, 3));
        assertNames("snapshots", () -> d.withTimes(1, 1));
        assertNames("dt", () -> d.withSolver(TimeStepping.Solver.ETDRK4, 0));
        assertNames("cfl", () -> d.withCflLimit(Double.NaN));
        assertNames("euler", () -> TimeStepping.Solver.parse("euler", NavierStokesSettings.SOLVERS));
        assertNames("etdrk4, ifrk4 or cn-euler", () -> TimeStepping.Solver.parse("dopri853",
                NavierStokesSettings.SOLVERS));
        assertNames("dopri853", () -> d.withSolver(TimeStepping.Solver.DOPRI853, 0.01));
        assertNames("forcing", () -> NavierStokesSettings.parseForcing("wind", 1));
        assertNames("kolmogorov:x", () -> NavierStokesSettings.parseForcing("kolmogorov:x", 1));
        assertEquals(Forcing2D.NONE, NavierStokesSettings.parseForcing("none", 1));
        assertEquals(0.2 * Math.sin(2 * Math.PI * 3 * 0.1),
                NavierStokesSettings.parseForcing("kolmogorov:0.2:3", 1).at(0.7, 0.1), 1e-15);
        assertEquals(NavierStokesSettings.FNO_DT, NavierStokesSettings.defaultDt(TimeStepping.Solver.parse(
                " CN-Euler ", NavierStokesSettings.SOLVERS)));
    }

    private static void assertNames(String word, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(word), ex.getMessage());
    }
}
