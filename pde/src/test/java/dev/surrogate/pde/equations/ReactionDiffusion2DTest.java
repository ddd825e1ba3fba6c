package dev.surrogate.pde.equations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.DormandPrinceIntegrator;
import dev.surrogate.pde.time.FixedStepIntegrator;
import dev.surrogate.pde.time.Integrator;
import dev.surrogate.pde.time.SnapshotRecorder;
import dev.surrogate.pde.time.StepObserver;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gray-Scott and FitzHugh-Nagumo against mathematics: exact Fourier decay without reaction, homogeneous steady
 * states, linear stability theory of uniform states (the 2x2 Jacobian at each wavenumber), and agreement of ETDRK4
 * with the error-controlled Dormand-Prince integrator.
 */
class ReactionDiffusion2DTest {

    static double[] run(ReactionDiffusion2D eq, double[] state, double tFinal, Integrator integrator) {
        double[] s = state.clone();
        SnapshotRecorder rec = new SnapshotRecorder(eq, 1);
        integrator.integrate(eq, 0, s, new double[] {tFinal}, rec);
        return rec.snapshots()[0];
    }

    static double[] field(SpectralGrid2D g, double value) {
        double[] f = new double[g.size()];
        java.util.Arrays.fill(f, value);
        return f;
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** cos(2 pi (mx x / Lx + my y / Ly)) on the grid. */
    static double[] mode(SpectralGrid2D g, int mx, int my) {
        double[] f = new double[g.size()];
        for (int iy = 0; iy < g.ny(); iy++) {
            for (int ix = 0; ix < g.nx(); ix++) {
                f[iy * g.nx() + ix] = Math.cos(2 * Math.PI * (mx * g.x(ix) / g.lx() + my * g.y(iy) / g.ly()));
            }
        }
        return f;
    }

    @Test
    void withoutReactionEachFourierModeDecaysExactly() {
        // Gray-Scott with F = k = 0: u_t = Du lap u while v = 0, and v_t = Dv lap v while u = 0
        SpectralGrid2D g = new SpectralGrid2D(32, 24, 2.0, 1.5);
        double du = 3e-3;
        double dv = 1e-3;
        GrayScott2D eq = new GrayScott2D(g, du, dv, 0, 0);
        double[] a = mode(g, 3, 0);
        double[] b = mode(g, 2, -5);
        double[] f = new double[g.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = 0.4 + a[i] - 0.3 * b[i];
        }
        double q2a = Math.pow(2 * Math.PI * 3 / 2.0, 2);
        double q2b = Math.pow(2 * Math.PI * 2 / 2.0, 2) + Math.pow(2 * Math.PI * 5 / 1.5, 2);
        double t = 7.0;
        double[] zero = new double[g.size()];
        double[] onlyU = run(eq, eq.state(f, zero), t, FixedStepIntegrator.etdrk4(0.5));
        double[] onlyV = run(eq, eq.state(zero, f), t, FixedStepIntegrator.etdrk4(0.5));
        double errU = 0;
        double errV = 0;
        for (int i = 0; i < g.size(); i++) {
            double exU = 0.4 + Math.exp(-du * q2a * t) * a[i] - 0.3 * Math.exp(-du * q2b * t) * b[i];
            double exV = 0.4 + Math.exp(-dv * q2a * t) * a[i] - 0.3 * Math.exp(-dv * q2b * t) * b[i];
            errU = Math.max(errU, Math.abs(onlyU[i] - exU) + Math.abs(onlyU[g.size() + i]));
            errV = Math.max(errV, Math.abs(onlyV[g.size() + i] - exV) + Math.abs(onlyV[i]));
        }
        assertTrue(errU < 1e-13, "u diffusion error " + errU);
        assertTrue(errV < 1e-13, "v diffusion error " + errV);
    }

    @Test
    void homogeneousSteadyStatesStayPut() {
        SpectralGrid2D g = new SpectralGrid2D(32, GrayScott2D.DEFAULT_LENGTH);
        GrayScott2D gs = new GrayScott2D(g, GrayScott2D.DEFAULT_DU, GrayScott2D.DEFAULT_DV, GrayScott2D.DEFAULT_F,
                GrayScott2D.DEFAULT_K);
        double[] out = run(gs, gs.state(field(g, 1), field(g, 0)), 500, FixedStepIntegrator.etdrk4(1.0));
        double[] expected = new double[2 * g.size()];
        java.util.Arrays.fill(expected, 0, g.size(), 1.0);
        assertTrue(maxDiff(expected, out) < 1e-13, "Gray-Scott (1, 0) drifted by " + maxDiff(expected, out));

        SpectralGrid2D h = new SpectralGrid2D(32, FitzHughNagumo2D.DEFAULT_LENGTH);
        FitzHughNagumo2D fhn = new FitzHughNagumo2D(h, FitzHughNagumo2D.DEFAULT_DU, FitzHughNagumo2D.DEFAULT_DV,
                FitzHughNagumo2D.DEFAULT_K);
        double s = fhn.uniformSteadyState();
        assertEquals(0, s - s * s * s - fhn.k() - s, 1e-16, "u - u^3 - k - v = 0 at v = u");
        double[] out2 = run(fhn, fhn.state(field(h, s), field(h, s)), 50, FixedStepIntegrator.etdrk4(0.01));
        double[] exp2 = new double[2 * h.size()];
        java.util.Arrays.fill(exp2, s);
        assertTrue(maxDiff(exp2, out2) < 1e-13, "FitzHugh-Nagumo steady state drifted by " + maxDiff(exp2, out2));
        // and a nearby uniform state is not steady: the test can tell the difference
        double[] out3 = run(fhn, fhn.state(field(h, s + 0.01), field(h, s)), 1, FixedStepIntegrator.etdrk4(0.01));
        assertTrue(maxDiff(exp2, out3) > 1e-3);
    }

    /** exp(J t) x for a real 2x2 matrix J = [[a, b], [c, d]], by the Cayley-Hamilton formula. */
    static double[] expm(double a, double b, double c, double d, double t, double[] x) {
        double m = (a + d) / 2;
        double disc = (a - d) * (a - d) / 4 + b * c;
        double f0;
        double f1;
        if (disc > 0) {
            double s = Math.sqrt(disc);
            f0 = Math.cosh(s * t);
            f1 = Math.sinh(s * t) / s;
        } else if (disc < 0) {
            double s = Math.sqrt(-disc);
            f0 = Math.cos(s * t);
            f1 = Math.sin(s * t) / s;
        } else {
            f0 = 1;
            f1 = t;
        }
        double e = Math.exp(m * t);
        // exp(Jt) = e^{mt} [f0 I + f1 (J - m I)]
        return new double[] {e * (f0 * x[0] + f1 * ((a - m) * x[0] + b * x[1])),
                e * (f0 * x[1] + f1 * (c * x[0] + (d - m) * x[1]))};
    }

    /**
     * Perturbs a uniform state (u0, v0) by eps (pu, pv) cos(q . x) and compares the Fourier coefficient of that mode
     * at time t with exp(J_q t) applied to the perturbation, J_q being the reaction Jacobian minus diag(Du, Dv) |q|^2.
     *
     * @return {measured (cu, cv), predicted (cu, cv)} after time t, in units of eps
     */
    static double[][] linearResponse(ReactionDiffusion2D eq, double u0, double v0, double[] jac, int mx, int my,
                                     double[] p, double eps, double t, double dt) {
        SpectralGrid2D g = eq.grid();
        double[] c = mode(g, mx, my);
        double[] uf = new double[g.size()];
        double[] vf = new double[g.size()];
        for (int i = 0; i < c.length; i++) {
            uf[i] = u0 + eps * p[0] * c[i];
            vf[i] = v0 + eps * p[1] * c[i];
        }
        double[] state = eq.state(uf, vf);
        FixedStepIntegrator.etdrk4(dt).integrate(eq, 0, state, new double[] {t}, StepObserver.NONE);
        int r = my >= 0 ? my : g.ny() + my;
        int idx = r * (g.nx() + 2) + 2 * mx;
        double norm = eps * g.size() / 2.0;
        double[] measured = {state[idx] / norm, state[g.spectralSize() + idx] / norm};
        double q2 = Math.pow(2 * Math.PI * mx / g.lx(), 2) + Math.pow(2 * Math.PI * my / g.ly(), 2);
        double[] predicted = expm(jac[0] - eq.diffusionU() * q2, jac[1], jac[2], jac[3] - eq.diffusionV() * q2, t, p);
        return new double[][] {measured, predicted};
    }

    @Test
    void grayScottPerturbationsFollowLinearStabilityTheory() {
        SpectralGrid2D g = new SpectralGrid2D(64, GrayScott2D.DEFAULT_LENGTH);
        double feed = 0.05;
        double kill = 0.05;
        GrayScott2D eq = new GrayScott2D(g, GrayScott2D.DEFAULT_DU, GrayScott2D.DEFAULT_DV, feed, kill);
        // (1, 0): Jacobian diag(-F, -(F + k)), both modes decay at their own rate
        double[][] r = linearResponse(eq, 1, 0, new double[] {-feed, 0, 0, -(feed + kill)}, 4, 3,
                new double[] {1, 0.5}, 1e-6, 20, 0.5);
        assertEquals(r[1][0], r[0][0], 1e-6 * Math.abs(r[1][0]), "u mode at (1, 0)");
        assertEquals(r[1][1], r[0][1], 1e-6 * Math.abs(r[1][1]), "v mode at (1, 0)");
        // the nontrivial uniform state with the smaller v is a saddle: J = [[-v^2 - F, -2uv], [v^2, 2uv - F - k]]
        double disc = Math.sqrt(feed * feed - 4 * feed * (feed + kill) * (feed + kill));
        double v0 = (feed - disc) / (2 * (feed + kill));
        double u0 = (feed + kill) / v0;
        double[] jac = {-v0 * v0 - feed, -2 * u0 * v0, v0 * v0, 2 * u0 * v0 - feed - kill};
        int mx = 6;
        int my = 8;
        double q2 = Math.pow(2 * Math.PI * 10 / g.lx(), 2);
        double a = jac[0] - eq.diffusionU() * q2;
        double d = jac[3] - eq.diffusionV() * q2;
        double lambda = (a + d) / 2 + Math.sqrt((a - d) * (a - d) / 4 + jac[1] * jac[2]);
        assertTrue(lambda > 0.05, "this mode must be unstable: " + lambda);
        // start on the unstable eigenvector (b, lambda - a): the amplitude grows as exp(lambda t)
        double[] p = {jac[1], lambda - a};
        double t = 40;
        r = linearResponse(eq, u0, v0, jac, mx, my, p, 1e-7, t, 0.5);
        double rate = Math.log(Math.hypot(r[0][0], r[0][1]) / Math.hypot(p[0], p[1])) / t;
        assertEquals(lambda, rate, 1e-5 * lambda, "measured growth rate of mode (6, 8)");
        assertEquals(r[1][0], r[0][0], 1e-4 * Math.abs(r[1][0]));
        assertEquals(r[1][1], r[0][1], 1e-4 * Math.abs(r[1][1]));
    }

    @Test
    void fitzHughNagumoPerturbationsFollowLinearStabilityTheory() {
        SpectralGrid2D g = new SpectralGrid2D(32, FitzHughNagumo2D.DEFAULT_LENGTH);
        FitzHughNagumo2D eq = new FitzHughNagumo2D(g, FitzHughNagumo2D.DEFAULT_DU, FitzHughNagumo2D.DEFAULT_DV,
                FitzHughNagumo2D.DEFAULT_K);
        double s = eq.uniformSteadyState();
        double[] jac = {1 - 3 * s * s, -1, 1, -1};
        for (int[] m : new int[][] {{1, 0}, {0, 3}, {4, -5}}) {
            // complex eigenvalues at low wavenumbers (a damped oscillation), real at high ones
            double[][] r = linearResponse(eq, s, s, jac, m[0], m[1], new double[] {1, -0.4}, 1e-6, 6, 0.01);
            double scale = Math.hypot(r[1][0], r[1][1]);
            assertEquals(r[1][0], r[0][0], 1e-5 * scale, "u of mode " + m[0] + "," + m[1]);
            assertEquals(r[1][1], r[0][1], 1e-5 * scale, "v of mode " + m[0] + "," + m[1]);
        }
    }

    @Test
    void etdrk4AndDormandPrinceAgree() {
        SpectralGrid2D g = new SpectralGrid2D(32, GrayScott2D.DEFAULT_LENGTH);
        GrayScott2D gs = new GrayScott2D(g, GrayScott2D.DEFAULT_DU, GrayScott2D.DEFAULT_DV, GrayScott2D.DEFAULT_F,
                GrayScott2D.DEFAULT_K);
        double[] u = field(g, 1);
        double[] v = field(g, 0);
        // Pearson's start: a square with (u, v) = (1/2, 1/4), smoothed by a few grid cells
        SplittableRandom rnd = new SplittableRandom(1);
        for (int iy = 0; iy < g.ny(); iy++) {
            for (int ix = 0; ix < g.nx(); ix++) {
                double w = 0.25 * (1 + Math.tanh(3 - Math.abs(ix - 16))) * (1 + Math.tanh(3 - Math.abs(iy - 14)));
                u[iy * g.nx() + ix] = 1 - 0.5 * w + 0.01 * rnd.nextDouble(-1, 1) * w;
                v[iy * g.nx() + ix] = 0.25 * w;
            }
        }
        double[] s0 = gs.state(u, v);
        double[] etd = run(gs, s0, 200, FixedStepIntegrator.etdrk4(0.5));
        double[] dp = run(gs, s0, 200, new DormandPrinceIntegrator(1e-10, 1e-10 * g.size(), 50));
        assertTrue(maxDiff(etd, dp) < 1e-7, "Gray-Scott ETDRK4 vs Dormand-Prince: " + maxDiff(etd, dp));
        assertTrue(maxDiff(etd, run(gs, s0, 0, FixedStepIntegrator.etdrk4(0.5))) > 1e-2, "the run must evolve");

        SpectralGrid2D h = new SpectralGrid2D(32, FitzHughNagumo2D.DEFAULT_LENGTH);
        FitzHughNagumo2D fhn = new FitzHughNagumo2D(h, FitzHughNagumo2D.DEFAULT_DU, FitzHughNagumo2D.DEFAULT_DV,
                FitzHughNagumo2D.DEFAULT_K);
        SplittableRandom rnd2 = new SplittableRandom(2);
        double[] fu = new double[h.size()];
        double[] fv = new double[h.size()];
        // a smooth random start (low modes only) so both integrators see a resolved solution
        for (int mx = 0; mx <= 3; mx++) {
            for (int my = -3; my <= 3; my++) {
                double au = rnd2.nextGaussian() * 0.3;
                double av = rnd2.nextGaussian() * 0.3;
                double[] c = mode(h, mx, my);
                for (int i = 0; i < c.length; i++) {
                    fu[i] += au * c[i];
                    fv[i] += av * c[i];
                }
            }
        }
        double[] f0 = fhn.state(fu, fv);
        double[] etd2 = run(fhn, f0, 2, FixedStepIntegrator.etdrk4(0.005));
        double[] dp2 = run(fhn, f0, 2, new DormandPrinceIntegrator(1e-10, 1e-10 * h.size(), 1));
        assertTrue(maxDiff(etd2, dp2) < 1e-7, "FitzHugh-Nagumo ETDRK4 vs Dormand-Prince: " + maxDiff(etd2, dp2));
    }

    @Test
    void etdrk4IsFourthOrderOnFitzHughNagumo() {
        SpectralGrid2D h = new SpectralGrid2D(32, FitzHughNagumo2D.DEFAULT_LENGTH);
        FitzHughNagumo2D fhn = new FitzHughNagumo2D(h, FitzHughNagumo2D.DEFAULT_DU, FitzHughNagumo2D.DEFAULT_DV,
                FitzHughNagumo2D.DEFAULT_K);
        double[] fu = mode(h, 1, 2);
        double[] fv = mode(h, 3, -1);
        for (int i = 0; i < fu.length; i++) {
            fu[i] = 1.2 * fu[i] + 0.3;
        }
        double[] s0 = fhn.state(fu, fv);
        double[] a = run(fhn, s0, 2, FixedStepIntegrator.etdrk4(0.2));
        double[] b = run(fhn, s0, 2, FixedStepIntegrator.etdrk4(0.1));
        double[] c = run(fhn, s0, 2, FixedStepIntegrator.etdrk4(0.05));
        double order = Math.log(maxDiff(a, b) / maxDiff(b, c)) / Math.log(2);
        assertEquals(4.0, order, 0.35, "observed order (differences " + maxDiff(a, b) + ", " + maxDiff(b, c) + ")");
    }

    @Test
    void rejectsBadParameters() {
        SpectralGrid2D g = new SpectralGrid2D(16, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GrayScott2D(g, -1, 1e-5, 0.04, 0.06));
        assertTrue(e.getMessage().contains("diffusion_u"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GrayScott2D(g, 1e-5, 1e-5, -0.04, 0.06));
        assertTrue(e.getMessage().contains("feed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GrayScott2D(g, 1e-5, 1e-5, 0.04, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new FitzHughNagumo2D(g, 1e-3, -5e-3, 5e-3));
        assertThrows(IllegalArgumentException.class, () -> new FitzHughNagumo2D(g, 1e-3, 5e-3, Double.NaN));
        GrayScott2D gs = new GrayScott2D(g, 1e-5, 1e-5, 0.04, 0.06);
        assertThrows(IllegalArgumentException.class, () -> gs.state(new double[3], new double[256]));
        assertThrows(IllegalArgumentException.class, () -> gs.toPhysical(new double[3], new double[512]));
    }
}
