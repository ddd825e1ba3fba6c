package dev.surrogate.pde.time;

/**
 * The implicit-explicit scheme of the FNO Navier-Stokes benchmark generator (Li et al. 2021, {@code ns_2d.py}):
 * Crank-Nicolson (trapezoidal rule) for the diagonal linear part, forward Euler for the nonlinear part,
 * <pre>  v_{n+1} = [(1 + h L / 2) v_n + h N(v_n, t_n)] / (1 - h L / 2).</pre>
 * One evaluation of N per step. First order in h (the explicit Euler part limits it; with N = 0 it is the second
 * order, A-stable trapezoidal rule). Its explicit advection is only stabilised by viscosity, so keep the CFL number
 * small (about 0.3); prefer {@link Etdrk4Stepper} for accuracy.
 *
 * <p>Coefficients are cached per step size; {@link #step} allocates nothing.
 */
public final class CrankNicolsonEulerStepper implements TimeStepper {
    private final SemilinearEquation equation;
    private final double[] lin;
    private final int n;
    private final double[] explicitFactor;
    private final double[] implicitFactor;
    private final double[] nv;
    private double cachedH = Double.NaN;

    /** @param equation the equation to step; its linear diagonal is read once */
    public CrankNicolsonEulerStepper(SemilinearEquation equation) {
        this.equation = equation;
        this.lin = StepChecks.linearDiagonal(equation);
        this.n = lin.length;
        explicitFactor = new double[n];
        implicitFactor = new double[n];
        nv = new double[n];
    }

    private void prepare(double h) {
        StepChecks.requireStep(h);
        if (h == cachedH) {
            return;
        }
        for (int i = 0; i < n; i++) {
            double den = 1 - 0.5 * h * lin[i];
            if (!(den > 0)) {
                throw new IllegalArgumentException("time step " + h + " makes the Crank-Nicolson denominator "
                        + "1 - h L/2 non-positive for the linear eigenvalue " + lin[i] + " (component " + i + ")");
            }
            explicitFactor[i] = (1 + 0.5 * h * lin[i]) / den;
            implicitFactor[i] = h / den;
        }
        cachedH = h;
    }

    @Override
    public void step(double t, double h, double[] state) {
        prepare(h);
        equation.nonlinear(t, state, nv);
        for (int i = 0; i < n; i++) {
            state[i] = explicitFactor[i] * state[i] + implicitFactor[i] * nv[i];
        }
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public String name() {
        return "cn-euler";
    }
}
