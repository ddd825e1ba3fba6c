package dev.surrogate.generative.constraints;

/**
 * The discrete energy balance of viscous Burgers between snapshots, nonlinear (quadratic) in the field:
 * <pre>
 *   h_j = D_t E |_j + nu D(u_j),     E(u) = (1/2) (L/P) sum_i u_i^2,     D(u) = -(L/P) sum_i u_i (D_xx u)_i,
 * </pre>
 * for every generated snapshot {@code j}, with {@code D_t} the finite-difference stencil of the PDE residual over the
 * window of the last given snapshots (their energies are constants) and the generated ones, and {@code D_xx} the
 * solver's spectral second derivative ({@code -k^2}). {@code D(u)} is {@code int u_x^2 dx} by Parseval. For the
 * solver's semi-discrete system the balance is exact ({@code dE/dt = -nu int u_x^2}: the dealiased advection term
 * does no work on the grid); snapshots of the solver's data miss it only by the time difference's truncation error.
 * One field, 1-D. Every balance is measured against the dissipation rate {@code nu int u_x^2} of the last given
 * snapshot ({@link #scales}), a scale that the drawn field cannot inflate.
 */
public final class EnergyBalance implements Constraint {
    private final int points;
    private final int horizon;
    private final int given;
    private final double cell;
    private final double nu;
    private final double[] dxx;
    private final double[][] stencil;
    private final double[] givenEnergy;
    /** Per generated snapshot: first and last generated snapshot its stencil row touches (with itself). */
    private final int[] first;
    private final int[] last;
    /** The dissipation rate {@code nu D(u)} of the last given snapshot: the scale of every balance. */
    private final double scale;

    /**
     * @param points      grid points P
     * @param length      domain length L
     * @param nu          viscosity
     * @param dxx         the second-derivative matrix, row-major {@code [P * P]}, symmetric
     * @param stencil     the time difference over the window of {@code m} given and {@code H} generated snapshots,
     *                    row-major {@code [(m + H) * (m + H)]} including {@code 1 / dt}
     * @param given       m
     * @param horizon     H
     * @param givenFields the given snapshots {@code [m * P]}, physical
     */
    public EnergyBalance(int points, double length, double nu, double[] dxx, double[] stencil, int given, int horizon,
            double[] givenFields) {
        int w = given + horizon;
        if (dxx.length != points * points || stencil.length != w * w || givenFields.length != given * points) {
            throw new IllegalArgumentException("energy balance sizes do not fit: P = " + points + ", window " + w);
        }
        this.points = points;
        this.horizon = horizon;
        this.given = given;
        this.cell = length / points;
        this.nu = nu;
        this.dxx = dxx.clone();
        this.stencil = new double[horizon][w];
        this.first = new int[horizon];
        this.last = new int[horizon];
        for (int j = 0; j < horizon; j++) {
            System.arraycopy(stencil, (given + j) * w, this.stencil[j], 0, w);
            int lo = j;
            int hi = j;
            for (int q = 0; q < horizon; q++) {
                if (this.stencil[j][given + q] != 0) {
                    lo = Math.min(lo, q);
                    hi = Math.max(hi, q);
                }
            }
            first[j] = lo;
            last[j] = hi;
        }
        this.givenEnergy = new double[given];
        for (int q = 0; q < given; q++) {
            givenEnergy[q] = energy(givenFields, q * points);
        }
        double rate = given == 0 ? 0 : nu * dissipation(givenFields, (given - 1) * points, new double[points]);
        this.scale = rate > 0 && Double.isFinite(rate) ? rate : 1;
    }

    private double energy(double[] u, int offset) {
        double s = 0;
        for (int i = 0; i < points; i++) {
            s += u[offset + i] * u[offset + i];
        }
        return 0.5 * cell * s;
    }

    /** {@code (D_xx u)} of the snapshot at {@code offset}, into {@code out}. */
    private void secondDerivative(double[] u, int offset, double[] out) {
        for (int i = 0; i < points; i++) {
            double s = 0;
            int row = i * points;
            for (int k = 0; k < points; k++) {
                s += dxx[row + k] * u[offset + k];
            }
            out[i] = s;
        }
    }

    private double dissipation(double[] u, int offset, double[] uxx) {
        secondDerivative(u, offset, uxx);
        double s = 0;
        for (int i = 0; i < points; i++) {
            s += u[offset + i] * uxx[i];
        }
        return -cell * s;
    }

    private double energyRate(double[] x, int j, double[] energies) {
        double s = 0;
        for (int q = 0; q < given; q++) {
            s += stencil[j][q] * givenEnergy[q];
        }
        for (int q = 0; q < horizon; q++) {
            s += stencil[j][given + q] * energies[q];
        }
        return s;
    }

    private double[] energies(double[] x) {
        double[] e = new double[horizon];
        for (int q = 0; q < horizon; q++) {
            e[q] = energy(x, q * points);
        }
        return e;
    }

    @Override
    public String kind() {
        return "energy";
    }

    @Override
    public int count() {
        return horizon;
    }

    @Override
    public boolean linear() {
        return false;
    }

    @Override
    public void values(double[] x, double[] h, int from) {
        double[] e = energies(x);
        double[] uxx = new double[points];
        for (int j = 0; j < horizon; j++) {
            h[from + j] = energyRate(x, j, e) + nu * dissipation(x, j * points, uxx);
        }
    }

    @Override
    public void jacobian(double[] x, JacobianRow[] rows, int from) {
        double[] uxx = new double[points];
        for (int j = 0; j < horizon; j++) {
            int lo = first[j];
            double[] v = new double[(last[j] - lo + 1) * points];
            for (int q = lo; q <= last[j]; q++) {
                double c = stencil[j][given + q] * cell;
                int o = (q - lo) * points;
                for (int i = 0; i < points; i++) {
                    v[o + i] = c * x[q * points + i];
                }
            }
            // d/du of -nu L/P u . D_xx u is -2 nu L/P D_xx u (D_xx symmetric)
            secondDerivative(x, j * points, uxx);
            int o = (j - lo) * points;
            for (int i = 0; i < points; i++) {
                v[o + i] -= 2 * nu * cell * uxx[i];
            }
            rows[from + j] = new JacobianRow(lo * points, v);
        }
    }

    /**
     * {@code E(u_q)} has Hessian {@code (L/P) I} in snapshot {@code q}'s block and {@code nu D(u_j)} has
     * {@code -2 nu (L/P) D_xx} in {@code j}'s: balance {@code j} adds {@code stencil_jq (L/P) I} to every generated
     * snapshot {@code q} its time difference touches and the dissipation's term to its own.
     */
    @Override
    public boolean addHessian(double[] x, double[] w, int from, double[][] blocks) {
        for (int j = 0; j < horizon; j++) {
            double wj = w[from + j];
            if (wj == 0) {
                continue;
            }
            for (int q = first[j]; q <= last[j]; q++) {
                double c = wj * stencil[j][given + q] * cell;
                double[] b = blocks[q];
                for (int i = 0; i < points; i++) {
                    b[i * points + i] += c;
                }
            }
            double d = -2 * nu * cell * wj;
            double[] b = blocks[j];
            for (int i = 0; i < b.length; i++) {
                b[i] += d * dxx[i];
            }
        }
        return true;
    }

    /** Every balance's scale is the dissipation rate {@code nu int u_x^2} of the last given snapshot. */
    @Override
    public void scales(double[] x, double[] s, int from) {
        java.util.Arrays.fill(s, from, from + horizon, scale);
    }
}
