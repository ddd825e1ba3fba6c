package dev.surrogate.uq.inverse;

import dev.surrogate.pde.equations.Burgers1D;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.time.FixedStepIntegrator;
import dev.surrogate.pde.time.SnapshotRecorder;
import java.util.Arrays;

/**
 * The classical solver as the forward model: {@code pde}'s pseudo-spectral {@link Burgers1D} integrated by ETDRK4
 * from the known initial condition with the step the data were generated with, outputs at every snapshot time up
 * to the last observed one (so the steps are the generator's). The derivative in {@code nu} is a forward finite
 * difference with relative step {@value #RELATIVE_STEP} (one more solve; the solver is smooth in nu and double
 * precision, so the difference is accurate to about 1e-6 relative). An adjoint would give it at the cost of one
 * backward solve instead; with a single parameter the difference costs the same.
 */
public final class SolverForward implements ForwardModel {
    /** Relative step of the finite difference in nu. */
    public static final double RELATIVE_STEP = 1e-6;

    private final Observations obs;
    private final SpectralGrid1D grid;
    private final FixedStepIntegrator integrator;
    private final double[] outputTimes;
    private final double[] state;
    private long evaluations;

    /** @param obs the observations (initial condition, grid, times, time step) */
    public SolverForward(Observations obs) {
        this.obs = obs;
        this.grid = new SpectralGrid1D(obs.nx(), obs.length());
        this.integrator = FixedStepIntegrator.etdrk4(obs.timeStep());
        this.outputTimes = Arrays.copyOf(obs.times(), obs.lastTimeIndex() + 1);
        this.state = new double[grid.spectralSize()];
    }

    @Override
    public String name() {
        return "solver";
    }

    @Override
    public double[] predict(double nu) {
        Burgers1D eq = new Burgers1D(grid, nu);
        eq.toSpectral(obs.initial(), state);
        SnapshotRecorder rec = new SnapshotRecorder(eq, outputTimes.length);
        integrator.integrate(eq, outputTimes[0], state, outputTimes, rec);
        evaluations++;
        int[] t = obs.timeIndices();
        int[] p = obs.points();
        double[] out = new double[t.length * p.length];
        for (int k = 0; k < t.length; k++) {
            double[] snap = rec.snapshots()[t[k]];
            for (int j = 0; j < p.length; j++) {
                out[k * p.length + j] = snap[p[j]];
            }
        }
        return out;
    }

    @Override
    public double misfit(double nu, double[] y, double[] derivative) {
        double m = halfSquares(predict(nu), y);
        if (derivative != null) {
            double h = nu * RELATIVE_STEP;
            derivative[0] = (halfSquares(predict(nu + h), y) - m) / h;
        }
        return m;
    }

    static double halfSquares(double[] prediction, double[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double d = prediction[i] - y[i];
            s += d * d;
        }
        return 0.5 * s;
    }

    @Override
    public long evaluations() {
        return evaluations;
    }
}
