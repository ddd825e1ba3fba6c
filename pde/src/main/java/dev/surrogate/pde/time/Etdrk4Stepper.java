package dev.surrogate.pde.time;

import java.util.HashMap;
import java.util.Map;

/**
 * Fourth-order exponential time differencing Runge-Kutta (ETDRK4) of Cox &amp; Matthews (J. Comput. Phys. 176,
 * 2002) with the contour-integral coefficients of Kassam &amp; Trefethen (2005), see {@link PhiFunctions}. The
 * diagonal linear part is integrated exactly, so stiff diffusion does not limit the step; the step is limited only
 * by the nonlinear term. Cost: four evaluations of N per step.
 *
 * <p>Coefficients depend on h; they are computed once per distinct step size (relative tolerance 1e-12) and reused.
 */
public final class Etdrk4Stepper implements TimeStepper {
    private final SemilinearEquation equation;
    private final double[] lin;
    private final int n;
    private final double[] cE;
    private final double[] cE2;
    private final double[] cQ;
    private final double[] cF1;
    private final double[] cF2;
    private final double[] cF3;
    private final double[] nu;
    private final double[] na;
    private final double[] nb;
    private final double[] nc;
    private final double[] a;
    private final double[] b;
    private final double[] c;
    private double cachedH = Double.NaN;

    /** @param equation the equation to step; its linear diagonal is read once */
    public Etdrk4Stepper(SemilinearEquation equation) {
        this.equation = equation;
        this.lin = StepChecks.linearDiagonal(equation);
        this.n = lin.length;
        cE = new double[n];
        cE2 = new double[n];
        cQ = new double[n];
        cF1 = new double[n];
        cF2 = new double[n];
        cF3 = new double[n];
        nu = new double[n];
        na = new double[n];
        nb = new double[n];
        nc = new double[n];
        a = new double[n];
        b = new double[n];
        c = new double[n];
    }

    private void prepare(double h) {
        StepChecks.requireStep(h);
        if (Math.abs(h - cachedH) <= 1e-12 * h) {
            return;
        }
        // Many modes share |k|: evaluate the 32-point contour once per distinct eigenvalue.
        Map<Double, double[]> cache = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double lambda = lin[i];
            double[] co = cache.get(lambda);
            if (co == null) {
                co = new double[6];
                PhiFunctions.etdrk4(h * lambda, h, co);
                cache.put(lambda, co);
            }
            cE[i] = co[0];
            cE2[i] = co[1];
            cQ[i] = co[2];
            cF1[i] = co[3];
            cF2[i] = co[4];
            cF3[i] = co[5];
        }
        cachedH = h;
    }

    @Override
    public void step(double t, double h, double[] v) {
        prepare(h);
        double th = t + h / 2;
        equation.nonlinear(t, v, nu);
        for (int i = 0; i < n; i++) {
            a[i] = cE2[i] * v[i] + cQ[i] * nu[i];
        }
        equation.nonlinear(th, a, na);
        for (int i = 0; i < n; i++) {
            b[i] = cE2[i] * v[i] + cQ[i] * na[i];
        }
        equation.nonlinear(th, b, nb);
        for (int i = 0; i < n; i++) {
            c[i] = cE2[i] * a[i] + cQ[i] * (2 * nb[i] - nu[i]);
        }
        equation.nonlinear(t + h, c, nc);
        for (int i = 0; i < n; i++) {
            v[i] = cE[i] * v[i] + cF1[i] * nu[i] + 2 * cF2[i] * (na[i] + nb[i]) + cF3[i] * nc[i];
        }
    }

    @Override
    public int order() {
        return 4;
    }

    @Override
    public String name() {
        return "etdrk4";
    }
}
