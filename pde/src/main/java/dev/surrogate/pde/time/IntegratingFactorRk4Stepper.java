package dev.surrogate.pde.time;

/**
 * Integrating-factor fourth-order Runge-Kutta (Lawson 1967, "IFRK4" in Kassam &amp; Trefethen 2005): the classical
 * RK4 applied to {@code w = exp(-L t) v}, so the diagonal linear part is integrated exactly and only N limits the
 * step. With {@code E = exp(h L / 2)}:
 * <pre>
 *   a = h N(v),  b = h N(E (v + a/2)),  c = h N(E v + b/2),  d = h N(E^2 v + E c)
 *   v_{n+1} = E^2 v + (E^2 a + 2 E (b + c) + d) / 6
 * </pre>
 * Four evaluations of N per step, fourth order. Unlike {@link Etdrk4Stepper} it does not keep fixed points of
 * {@code L v + N = 0} exactly (the error there is O(h^4)), but its coefficients are plain exponentials.
 *
 * <p>Coefficients are cached per step size; {@link #step} allocates nothing.
 */
public final class IntegratingFactorRk4Stepper implements TimeStepper {
    private final SemilinearEquation equation;
    private final double[] lin;
    private final int n;
    private final double[] e1;
    private final double[] e2;
    private final double[] ka;
    private final double[] kb;
    private final double[] kc;
    private final double[] kd;
    private final double[] stage;
    private double cachedH = Double.NaN;

    /** @param equation the equation to step; its linear diagonal is read once */
    public IntegratingFactorRk4Stepper(SemilinearEquation equation) {
        this.equation = equation;
        this.lin = StepChecks.linearDiagonal(equation);
        this.n = lin.length;
        e1 = new double[n];
        e2 = new double[n];
        ka = new double[n];
        kb = new double[n];
        kc = new double[n];
        kd = new double[n];
        stage = new double[n];
    }

    private void prepare(double h) {
        StepChecks.requireStep(h);
        if (h == cachedH) {
            return;
        }
        for (int i = 0; i < n; i++) {
            e1[i] = Math.exp(0.5 * h * lin[i]);
            e2[i] = e1[i] * e1[i];
        }
        cachedH = h;
    }

    @Override
    public void step(double t, double h, double[] v) {
        prepare(h);
        double th = t + 0.5 * h;
        equation.nonlinear(t, v, ka);
        for (int i = 0; i < n; i++) {
            ka[i] *= h;
            stage[i] = e1[i] * (v[i] + 0.5 * ka[i]);
        }
        equation.nonlinear(th, stage, kb);
        for (int i = 0; i < n; i++) {
            kb[i] *= h;
            stage[i] = e1[i] * v[i] + 0.5 * kb[i];
        }
        equation.nonlinear(th, stage, kc);
        for (int i = 0; i < n; i++) {
            kc[i] *= h;
            stage[i] = e2[i] * v[i] + e1[i] * kc[i];
        }
        equation.nonlinear(t + h, stage, kd);
        for (int i = 0; i < n; i++) {
            v[i] = e2[i] * v[i] + (e2[i] * ka[i] + 2 * e1[i] * (kb[i] + kc[i]) + h * kd[i]) / 6;
        }
    }

    @Override
    public int order() {
        return 4;
    }

    @Override
    public String name() {
        return "ifrk4";
    }
}
