package dev.surrogate.datasets.burgers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.OneSample;
import dev.surrogate.datasets.generate.ParameterSweep;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.generate.SampleBuffer;
import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.datasets.grf.GaussianRandomField1D;
import dev.surrogate.datasets.grf.GrfSpec;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Generated Burgers FILES against the Cole-Hopf exact solution and the equation's properties. */
class BurgersProblemTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = TimeStepping.Solver.class, names = {"ETDRK4", "DOPRI853"})
    void generatedFileMatchesTheColeHopfExactSolution(TimeStepping.Solver solver) throws IOException {
        BurgersSettings s = BurgersSettings.defaults().withNx(64).withTimes(0.5, 6)
                .withInitialCondition(BurgersSettings.InitialCondition.COLE_HOPF)
                .withStepping(new TimeStepping(solver, 1e-3, 1e-10, 1e-12));
        Path out = dir.resolve("exact-" + solver + ".nc");
        new DatasetGenerator(new BurgersProblem(s), DatasetGenerator.Settings.of(3, 1).withThreads(2)
                .withSweeps(List.of(ParameterSweep.parse("nu=0.05:0.2:log")))).generate(out, ProgressListener.NONE);
        ColeHopfSolution exact = new ColeHopfSolution(2, 1, 1.0);
        try (DatasetReader r = DatasetReader.open(out, "u")) {
            assertEquals(solver.cliName(), r.attributes().get("solver"));
            double[] nu = r.parameter("nu");
            double[] t = r.times();
            double[] x = r.x();
            assertEquals(0.0, t[0]);
            assertEquals(0.5, t[5]);
            for (int smp = 0; smp < 3; smp++) {
                float[] u = r.readSample("u", smp);
                double maxErr = 0;
                double scale = 0;
                for (int k = 0; k < t.length; k++) {
                    for (int i = 0; i < x.length; i++) {
                        double e = exact.value(x[i], t[k], nu[smp]);
                        maxErr = Math.max(maxErr, Math.abs(u[k * x.length + i] - e));
                        scale = Math.max(scale, Math.abs(e));
                    }
                }
                // stored as float32: relative rounding 6e-8; the solver's own error is far below (pde tests)
                assertTrue(maxErr < 2e-7 * scale, "sample " + smp + " nu " + nu[smp] + ": error " + maxErr
                        + " of " + scale);
            }
        }
    }

    @Test
    void initialSnapshotIsTheSeededRandomField() {
        BurgersSettings s = BurgersSettings.defaults().withNx(128).withTimes(0.01, 2);
        SampleBuffer buf = OneSample.compute(new BurgersProblem(s), 99, 3);
        double[] u0 = new double[128];
        new GaussianRandomField1D(new SpectralGrid1D(128, 1.0), GrfSpec.fnoBurgers())
                .sample(new SampleSeeds(99).stream(3, SampleSeeds.INITIAL_CONDITION), u0);
        for (int i = 0; i < 128; i++) {
            assertEquals((float) u0[i], buf.fields()[0][i], 1e-6f, "u(x_" + i + ", 0)");
        }
    }

    @Test
    void defaultStepIsConvergedToFloatPrecision() {
        // The final snapshot at the default dt agrees with dt / 10 to the float32 resolution of the stored data.
        BurgersSettings s = BurgersSettings.defaults().withNx(256).withTimes(1, 2);
        float[] coarse = OneSample.lastSnapshot(new BurgersProblem(s), 5)[0];
        float[] fine = OneSample.lastSnapshot(new BurgersProblem(s.withStepping(etd(BurgersSettings.DEFAULT_DT / 10,
                1e-8))), 5)[0];
        double err = 0;
        double scale = 0;
        for (int i = 0; i < coarse.length; i++) {
            err = Math.max(err, Math.abs(coarse[i] - fine[i]));
            scale = Math.max(scale, Math.abs(fine[i]));
        }
        assertTrue(err < 3e-7 * scale, "dt error " + err + " of " + scale);
    }

    @Test
    void snapshotsConserveTheMeanAndLoseEnergy() {
        BurgersSettings s = BurgersSettings.defaults().withNx(128).withTimes(1, 11);
        SampleBuffer buf = OneSample.compute(new BurgersProblem(s), 2, 0);
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 11; k++) {
            double mean = 0;
            double energy = 0;
            for (int i = 0; i < 128; i++) {
                double u = buf.fields()[0][k * 128 + i];
                mean += u / 128;
                energy += u * u / 128;
            }
            // the GRF has no mean mode; float32 storage limits the check to ~1e-7
            assertEquals(0, mean, 1e-6, "mean at snapshot " + k);
            assertTrue(energy < previous, "energy must decay, snapshot " + k);
            previous = energy;
        }
    }

    @Test
    void settingsRejectBadValuesNamingThem() {
        BurgersSettings d = BurgersSettings.defaults();
        assertNames("nu", () -> d.withNu(0));
        assertNames("nu", () -> d.withNu(Double.NaN));
        assertNames("nx", () -> d.withNx(3));
        assertNames("nx", () -> d.withNx(7));
        assertNames("t-final", () -> d.withTimes(0, 11));
        assertNames("t-final", () -> d.withTimes(Double.POSITIVE_INFINITY, 11));
        assertNames("snapshots", () -> d.withTimes(1, 1));
        assertNames("dt", () -> d.withStepping(etd(-1, 1e-8)));
        assertNames("rtol", () -> d.withStepping(etd(1e-3, 0)));
    }

    private static TimeStepping etd(double dt, double rtol) {
        return new TimeStepping(TimeStepping.Solver.ETDRK4, dt, rtol, 1e-10);
    }

    private static void assertNames(String word, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(word), ex.getMessage());
    }
}
