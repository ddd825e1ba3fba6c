package dev.surrogate.operators.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FieldMetricsTest {

    /** truth = 1 + 0.5 cos(2 pi x / L); error = A sin(2 pi k x / L). */
    private static float[][] sinusoidError(int nx, double amp, int k) {
        float[] truth = new float[nx];
        float[] pred = new float[nx];
        for (int i = 0; i < nx; i++) {
            double x = (double) i / nx;
            truth[i] = (float) (1 + 0.5 * Math.cos(2 * Math.PI * x));
            pred[i] = (float) (truth[i] + amp * Math.sin(2 * Math.PI * k * x));
        }
        return new float[][] {pred, truth};
    }

    @Test
    void sinusoidErrorsLandInTheirBandWithTheRightMagnitude() {
        int nx = 64;
        double length = 2.0;
        double amp = 0.01;
        // A sin(2 pi k x / L): |E_k| = A n / 2, so the per-mode fRMSE is A n / 2 * L / n = A L / 2
        int[][] cases = {{3, 0, 5}, {8, 1, 8}, {20, 2, 20}}; // wavenumber, band, modes in band (high: 13..32)
        for (int[] c : cases) {
            FieldMetrics m = FieldMetrics.pdebench(1, new int[] {nx}, new double[] {length});
            float[][] pt = sinusoidError(nx, amp, c[0]);
            m.add(pt[0], pt[1], 0);
            double[] perMode = m.frmsePerMode();
            // tolerances: pred - truth is rounded to float32 (relative ~1e-7 of truth ~ 1.5)
            assertEquals(amp * length / 2, perMode[c[0]], 1e-5 * amp, "mode " + c[0]);
            double[] bands = m.frmse();
            for (int b = 0; b < 3; b++) {
                double expected = b == c[1] ? amp * length / 2 / c[2] : 0;
                assertEquals(expected, bands[b], 1e-5 * amp, "k = " + c[0] + ", band " + b);
            }
            // RMSE of A sin is A / sqrt 2; max error A (up to float32 rounding of pred - truth)
            assertEquals(amp / Math.sqrt(2), m.rmse(), 1e-7);
            assertEquals(amp, m.maxError(), 1e-6);
        }
    }

    @Test
    void bandsAverageOverSamplesInQuadrature() {
        // two samples with amplitudes 3a and 4a at the same mode: sqrt(mean |E|^2) = a sqrt((9 + 16) / 2)
        int nx = 32;
        FieldMetrics m = FieldMetrics.pdebench(1, new int[] {nx}, new double[] {1.0});
        float[][] s1 = sinusoidError(nx, 0.03, 2);
        float[][] s2 = sinusoidError(nx, 0.04, 2);
        m.add(s1[0], s1[1], 0);
        m.add(s2[0], s2[1], 0);
        assertEquals(0.01 * Math.sqrt(12.5) / 2, m.frmsePerMode()[2], 1e-7);
    }

    @Test
    void twoDimensionalModesAreBinnedRadially() {
        int nx = 32;
        int ny = 16;
        double lx = 1.0;
        double ly = 0.5;
        double amp = 0.02;
        // error A cos(2 pi (3 x / Lx + 4 y / Ly)): modes (3, 4) and (-3, -4); the quadrant keeps (kx 3, ky 4) with
        // |E| = A nx ny / 2, radial bin 5; per-bin value A nx ny / 2 * Lx Ly / (nx ny) = A Lx Ly / 2
        float[] truth = new float[nx * ny];
        float[] pred = new float[nx * ny];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                truth[j * nx + i] = 2f;
                pred[j * nx + i] = (float) (2 + amp * Math.cos(2 * Math.PI * (3.0 * i / nx + 4.0 * j / ny)));
            }
        }
        FieldMetrics m = FieldMetrics.pdebench(1, new int[] {ny, nx}, new double[] {ly, lx});
        m.add(pred, truth, 0);
        double[] perMode = m.frmsePerMode();
        assertEquals(8, perMode.length); // min(nx, ny) / 2 bins
        assertEquals(amp * lx * ly / 2, perMode[5], 1e-5 * amp);
        // bin 5 is in the mid band 5..12, of which bins 5..7 exist; no high band at this size
        assertEquals(amp * lx * ly / 2 / 3, m.frmse()[1], 1e-5 * amp);
        assertEquals(0, m.frmse()[0], 1e-6 * amp);
        assertEquals(Double.NaN, m.frmse()[2]);
        assertTrue(m.toMap().containsKey("frmse_high"));
        assertEquals(null, m.toMap().get("frmse_high"), "JSON has no NaN: a missing band is null");
    }

    @Test
    void pointwiseMetricsMatchHandComputation() {
        // two channels, 4 points; sample 1: pred = 1.1 truth; sample 2: channel 0 exact, channel 1 off by 0.5
        FieldMetrics m = FieldMetrics.pdebench(2, new int[] {4}, new double[] {1.0});
        float[] truth = {1, 2, 3, 4, 1, 1, 1, 1, 2, 2, 2, 2, 1, -1, 1, -1};
        float[] pred = new float[16];
        for (int i = 0; i < 8; i++) {
            pred[i] = 1.1f * truth[i];
        }
        for (int i = 8; i < 12; i++) {
            pred[i] = truth[i];
        }
        for (int i = 12; i < 16; i++) {
            pred[i] = truth[i] + 0.5f;
        }
        m.addBatch(pred, truth, 2);
        assertEquals(2, m.samples());
        // sample 2: ||e|| = sqrt(4 * 0.25) = 1, ||t|| = sqrt(16 + 4) -> 1 / sqrt 20
        assertEquals((0.1 + 1 / Math.sqrt(20)) / 2, m.relL2(), 1e-6);
        // nRMSE: sample 1 both channels 0.1; sample 2 channels 0 and 0.5 / 1 -> mean (0.1 + 0.25) / 2
        assertEquals((0.1 + 0.25) / 2, m.nrmse(), 1e-6);
        double sq = 0.01 * (1 + 4 + 9 + 16 + 4) + 4 * 0.25;
        assertEquals(Math.sqrt(sq / 16), m.rmse(), 1e-6);
        assertEquals(0.5, m.maxError(), 1e-6);
    }

    @Test
    void rejectsInconsistentShapes() {
        assertThrows(IllegalArgumentException.class, () -> FieldMetrics.pdebench(1, new int[] {8, 8},
                new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new FrequencyBands(4, 4));
        FieldMetrics m = FieldMetrics.pdebench(1, new int[] {8}, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> m.addBatch(new float[8], new float[8], 2));
    }
}
