package dev.surrogate.datasets.grf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.pde.spectral.RealFft2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import org.junit.jupiter.api.Test;

/**
 * The 2-D field against its definition (a sum over the half-space of wavevectors) and its statistics; tolerances
 * are 5 standard errors as explained in {@link GaussianRandomField1DTest}.
 */
class GaussianRandomField2DTest {

    private static double lambda(GrfSpec s, double k2, double length) {
        return Math.pow(4 * Math.PI * Math.PI * k2 / (length * length) + s.tau() * s.tau(), -s.alpha());
    }

    @Test
    void fnoNavierStokesDefaults() {
        GrfSpec s = GrfSpec.fnoNavierStokes();
        assertEquals(2.5, s.alpha());
        assertEquals(7, s.tau());
        assertEquals(Math.pow(7, 1.5), s.sigma(), 1e-12);
    }

    @Test
    void synthesisMatchesTheHalfSpaceSeries() {
        // nx != ny catches swapped axes
        int nx = 8;
        int ny = 6;
        double length = 1.7;
        GrfSpec spec = new GrfSpec(2, 3, 2);
        GaussianRandomField2D grf = new GaussianRandomField2D(new SpectralGrid2D(nx, ny, length, length), spec);
        RecordingStream r = new RecordingStream(new SampleSeeds(4).stream(1, SampleSeeds.INITIAL_CONDITION));
        double[] u = new double[nx * ny];
        grf.sample(r, u);
        // the documented draw order: (0, 1..ny/2-1), then kx = 1..nx/2-1 with ky = -(ny/2-1)..ny/2-1
        int kyMax = ny / 2 - 1;
        java.util.List<int[]> modes = new java.util.ArrayList<>();
        for (int ky = 1; ky <= kyMax; ky++) {
            modes.add(new int[] {0, ky});
        }
        for (int kx = 1; kx < nx / 2; kx++) {
            for (int ky = -kyMax; ky <= kyMax; ky++) {
                modes.add(new int[] {kx, ky});
            }
        }
        assertEquals(2 * modes.size(), r.gaussians.size());
        for (int iy = 0; iy < ny; iy++) {
            for (int ix = 0; ix < nx; ix++) {
                double x = ix * length / nx;
                double y = iy * length / ny;
                double direct = 0;
                for (int m = 0; m < modes.size(); m++) {
                    int kx = modes.get(m)[0];
                    int ky = modes.get(m)[1];
                    double amp = Math.sqrt(2 * spec.sigma() * spec.sigma() * lambda(spec, kx * kx + ky * ky, length));
                    double phase = 2 * Math.PI * (kx * x + ky * y) / length;
                    direct += amp * (r.gaussians.get(2 * m) * Math.cos(phase)
                            + r.gaussians.get(2 * m + 1) * Math.sin(phase));
                }
                assertEquals(direct, u[iy * nx + ix], 1e-12 * (1 + Math.abs(direct)), "(" + ix + ", " + iy + ")");
            }
        }
    }

    @Test
    void varianceAndSpectrumMatchTheFormula() {
        int n = 16;
        int m = 8000;
        GrfSpec spec = GrfSpec.fnoNavierStokes();
        SpectralGrid2D grid = new SpectralGrid2D(n, 1.0);
        GaussianRandomField2D grf = new GaussianRandomField2D(grid, spec);
        double var = 0;
        for (int kx = -(n / 2 - 1); kx < n / 2; kx++) {
            for (int ky = -(n / 2 - 1); ky < n / 2; ky++) {
                if (kx != 0 || ky != 0) {
                    var += spec.sigma() * spec.sigma() * lambda(spec, kx * kx + ky * ky, 1.0);
                }
            }
        }
        assertEquals(var, grf.pointwiseVariance(), 1e-12 * var);
        RealFft2D fft = new RealFft2D(grid);
        double[] u = new double[n * n];
        double[] hat = new double[grid.spectralSize()];
        double[] power = new double[grid.spectralSize() / 2];
        double sum = 0;
        double sumSq = 0;
        SampleSeeds seeds = new SampleSeeds(77);
        for (int s = 0; s < m; s++) {
            grf.sample(seeds.stream(s, SampleSeeds.INITIAL_CONDITION), u);
            double v = u[3 * n + 5];
            sum += v;
            sumSq += v * v;
            fft.forward(u, hat);
            for (int i = 0; i < power.length; i++) {
                power[i] += hat[2 * i] * hat[2 * i] + hat[2 * i + 1] * hat[2 * i + 1];
            }
        }
        double mean = sum / m;
        assertEquals(0, mean, 5 * Math.sqrt(var / m));
        assertEquals(var, sumSq / m - mean * mean, 5 * Math.sqrt(2.0 / m) * var);
        // |c_k|^2 = (nx ny / 2)^2 (a^2 + b^2) for each kept mode, a, b ~ N(0, 2 sigma^2 lambda_k)
        double scale = Math.pow(n * n / 2.0, 2);
        int w = n / 2 + 1;
        for (int r = 0; r < n; r++) {
            int ky = grid.modeY(r);
            for (int kx = 0; kx <= n / 2; kx++) {
                double p = power[r * w + kx] / m;
                boolean kept = Math.abs(ky) < n / 2 && kx < n / 2 && (kx != 0 || ky != 0);
                if (!kept) {
                    assertEquals(0, p, 1e-16, "excluded mode (" + kx + ", " + ky + ")");
                    continue;
                }
                double expected = scale * 2 * grf.modeVariance(kx, ky);
                assertEquals(expected, scale * 4 * spec.sigma() * spec.sigma() * lambda(spec, kx * kx + ky * ky, 1),
                        1e-12 * expected);
                assertEquals(1, p / expected, 5 / Math.sqrt(m), "mode (" + kx + ", " + ky + ")");
            }
        }
    }

    @Test
    void rejectsARectangularDomain() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianRandomField2D(new SpectralGrid2D(8, 8, 1, 2), GrfSpec.fnoNavierStokes()));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
    }
}
