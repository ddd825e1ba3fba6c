package dev.surrogate.datasets.reactiondiffusion;

import dev.surrogate.datasets.generate.SampleBuffer;
import dev.surrogate.pde.equations.ReactionDiffusion2D;
import dev.surrogate.pde.time.Integrator;
import dev.surrogate.pde.time.StepObserver;

/** Integrates one two-field sample and streams both fields of every output into a {@link SampleBuffer}. */
final class SystemRun {
    private SystemRun() {
    }

    /**
     * @param eq         the equation
     * @param integrator the time integration
     * @param u0         initial u {@code [ny * nx]}
     * @param v0         initial v {@code [ny * nx]}
     * @param times      output times, first 0
     * @param physical   scratch {@code [2 * ny * nx]}
     * @param out        receives field 0 (u) and field 1 (v) at every output
     */
    static void run(ReactionDiffusion2D eq, Integrator integrator, double[] u0, double[] v0, double[] times,
                    double[] physical, SampleBuffer out) {
        double[] state = eq.state(u0, v0);
        int n = u0.length;
        integrator.integrate(eq, 0, state, times, new StepObserver() {
            @Override
            public void onOutput(int index, double t, double[] st) {
                eq.toPhysical(st, physical);
                out.putSnapshot(0, index, physical, 0);
                out.putSnapshot(1, index, physical, n);
            }
        });
    }
}
