package dev.surrogate.operators.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.surrogate.operators.data.InMemoryFieldSource;
import dev.surrogate.operators.data.Task;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpectrumErrorTest {

    @Test
    void spectrumSumsToTheMeanSquareIn1dAnd2d() {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] shape : new int[][] {{32}, {8, 16}}) {
            int p = shape.length == 1 ? shape[0] : shape[0] * shape[1];
            float[] u = new float[p];
            double ms = 0;
            for (int i = 0; i < p; i++) {
                u[i] = (float) r.nextGaussian();
                ms += (double) u[i] * u[i];
            }
            EnergySpectrum e = new EnergySpectrum(shape);
            double[] spec = new double[e.bins()];
            e.add(u, 0, spec);
            double sum = 0;
            for (double v : spec) {
                sum += v;
            }
            assertEquals(ms / p, sum, 1e-9 * ms / p, "Parseval on " + java.util.Arrays.toString(shape));
        }
    }

    @Test
    void aSinusoidPutsHalfItsSquaredAmplitudeIntoItsWavenumber() {
        int n = 64;
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = (float) (3 * Math.sin(2 * Math.PI * 5 * i / n));
        }
        EnergySpectrum e = new EnergySpectrum(new int[] {n});
        double[] spec = new double[e.bins()];
        e.add(u, 0, spec);
        assertEquals(4.5, spec[5], 1e-5);
        assertEquals(0, spec[4] + spec[6], 1e-9);
        // 2-D: cos(2 pi (3 x + 4 y)) sits in the radial bin floor(5) = 5
        int nx = 16;
        int ny = 16;
        float[] v = new float[nx * ny];
        for (int iy = 0; iy < ny; iy++) {
            for (int ix = 0; ix < nx; ix++) {
                v[iy * nx + ix] = (float) Math.cos(2 * Math.PI * (3.0 * ix / nx + 4.0 * iy / ny));
            }
        }
        EnergySpectrum e2 = new EnergySpectrum(new int[] {ny, nx});
        double[] s2 = new double[e2.bins()];
        e2.add(v, 0, s2);
        assertEquals(0.5, s2[5], 1e-5);
    }

    @Test
    void bandErrorsAreRelativeToTheTruthsBandEnergy() {
        int n = 32;
        int times = 3;
        SplittableRandom r = new SplittableRandom(2);
        float[] data = new float[2 * times * n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        InMemoryFieldSource src = new InMemoryFieldSource(data, 2, times, new int[] {n}, new double[] {1},
                List.of("u"));
        Task task = new Task.Trajectory(1, 2);
        SpectrumError exact = new SpectrumError(src, task, FrequencyBands.PDEBENCH);
        SpectrumError doubled = new SpectrumError(src, task, FrequencyBands.PDEBENCH);
        for (int s = 0; s < 2; s++) {
            float[] pred = new float[2 * n];
            float[] twice = new float[2 * n];
            for (int t = 1; t < times; t++) {
                for (int i = 0; i < n; i++) {
                    pred[(t - 1) * n + i] = data[(s * times + t) * n + i];
                    twice[(t - 1) * n + i] = 2 * pred[(t - 1) * n + i];
                }
            }
            exact.rollout(s, pred, 0, 2);
            doubled.rollout(s, twice, 0, 2);
        }
        assertEquals(0, exact.error(), 0);
        for (double e : doubled.bandErrors()) {
            assertEquals(3, e, 1e-6, "twice the field, four times the energy");
        }
        assertEquals(3, doubled.error(), 1e-6);
    }
}
