package dev.surrogate.uq.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.uq.hmc.HmcObserver;
import dev.surrogate.uq.hmc.HmcSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InverseProblemTest {
    static final double NU = 0.05;

    @TempDir
    static Path tmp;
    static Path file;

    @BeforeAll
    static void data() throws Exception {
        file = burgers(tmp);
    }

    /**
     * @param dir where to write
     * @return two Burgers trajectories, nu 0.05, nx 64, snapshots at t = 0, 0.05, ..., 0.2
     */
    static Path burgers(Path dir) throws Exception {
        Path f = dir.resolve("obs.nc");
        BurgersSettings s = BurgersSettings.defaults().withNx(64).withNu(NU).withTimes(0.2, 5);
        new DatasetGenerator(new BurgersProblem(s), DatasetGenerator.Settings.of(2, 4).withThreads(1))
                .generate(f, ProgressListener.NONE);
        return f;
    }

    static Observations observe(double noise, long seed) throws Exception {
        return observe(file, noise, seed);
    }

    /** 16 points at the 4 snapshots after t = 0 of trajectory 1. */
    static Observations observe(Path f, double noise, long seed) throws Exception {
        try (DatasetReader r = DatasetReader.open(f, "u")) {
            return Observations.draw(r, 1, 16, 4, noise, seed);
        }
    }

    @Test
    void observationsAreTheFilesValuesPlusTheirNoise() throws Exception {
        Observations clean = observe(0, 1);
        assertArrayEquals(new int[] {1, 2, 3, 4}, clean.timeIndices());
        assertEquals(16, clean.points().length);
        assertEquals(NU, clean.trueNu(), 0);
        try (DatasetReader r = DatasetReader.open(file, "u")) {
            float[] snap = r.readSnapshot("u", 1, 3);
            for (int j = 0; j < 16; j++) {
                assertEquals(snap[clean.points()[j]], clean.values()[2 * 16 + j], 0);
            }
        }
        Observations noisy = observe(0.01, 1);
        assertArrayEquals(clean.points(), noisy.points());
        double rms = 0;
        double dev = 0;
        for (int i = 0; i < clean.count(); i++) {
            rms += clean.values()[i] * clean.values()[i] / clean.count();
            dev += Math.pow(noisy.values()[i] - clean.values()[i], 2) / clean.count();
        }
        assertEquals(0.01 * Math.sqrt(rms), noisy.noiseStd(), 1e-12);
        // 64 draws of the noise: their RMS within its sampling error of the standard deviation
        assertEquals(noisy.noiseStd(), Math.sqrt(dev), 4 * noisy.noiseStd() / Math.sqrt(2 * 64));
        assertThrows(IllegalArgumentException.class, () -> {
            try (DatasetReader r = DatasetReader.open(file, "u")) {
                Observations.draw(r, 0, 16, 5, 0.01, 1);
            }
        });
    }

    @Test
    void solverWithTheTrueViscosityReproducesTheData() throws Exception {
        Observations clean = observe(0, 2);
        SolverForward f = new SolverForward(clean);
        double[] p = f.predict(NU);
        double max = 0;
        for (double v : clean.values()) {
            max = Math.max(max, Math.abs(v));
        }
        // the file stores float32: agreement to its rounding
        for (int i = 0; i < p.length; i++) {
            assertEquals(clean.values()[i], p[i], 1e-6 * max, "observation " + i);
        }
        // the misfit's derivative against a central difference of a different step
        Observations noisy = observe(0.05, 2);
        double[] d = new double[1];
        f.misfit(0.03, noisy.values(), d);
        double h = 1e-4;
        double central = (f.misfit(0.03 + h, noisy.values(), null) - f.misfit(0.03 - h, noisy.values(), null))
                / (2 * h);
        assertEquals(central, d[0], 1e-4 * Math.abs(central));
    }

    @Test
    void potentialGradientMatchesFiniteDifferences() throws Exception {
        Observations noisy = observe(0.01, 3);
        ViscosityPosterior post = new ViscosityPosterior(new SolverForward(noisy), noisy.values(),
                ViscosityPosterior.Prior.between(0.01, 0.1));
        double[] q = {Math.log(0.04), Math.log(0.02)};
        double[] g = new double[2];
        post.valueAndGradient(q, g);
        for (int i = 0; i < 2; i++) {
            double h = 1e-5;
            double[] qp = q.clone();
            double[] qm = q.clone();
            qp[i] += h;
            qm[i] -= h;
            double fd = (post.value(qp) - post.value(qm)) / (2 * h);
            assertEquals(fd, g[i], 1e-4 * Math.max(1, Math.abs(fd)), "coordinate " + i);
        }
    }

    @Test
    void recoversTheTrueViscosityWithinItsInterval() throws Exception {
        Observations noisy = observe(0.01, 4);
        HmcSettings s = HmcSettings.defaults(1).withChains(2).withWarmup(150).withDraws(200).withLeapfrogSteps(5);
        ViscosityInference.Result r = ViscosityInference.run(new SolverForward(noisy), noisy,
                ViscosityPosterior.Prior.between(0.01, 0.1), s, new HmcObserver() { });
        assertTrue(r.containsTrue(), "90 % interval [" + r.nuLow() + ", " + r.nuHigh() + "] misses " + NU);
        assertTrue(Math.abs(r.nuMean() - NU) < 3 * r.nuSd(), "mean " + r.nuMean() + " sd " + r.nuSd());
        // 1 % noise on 64 values pins nu down to a few per cent
        assertTrue(r.nuHigh() - r.nuLow() < 0.2 * NU, "interval [" + r.nuLow() + ", " + r.nuHigh() + "]");
        assertTrue(r.rhat() < 1.05, "R-hat " + r.rhat());
        // the noise scale is inferred too: within a factor of 2 of the truth from 64 values
        assertTrue(r.sigmaMean() > 0.5 * noisy.noiseStd() && r.sigmaMean() < 2 * noisy.noiseStd(),
                "noise " + r.sigmaMean() + " vs " + noisy.noiseStd());
    }
}
