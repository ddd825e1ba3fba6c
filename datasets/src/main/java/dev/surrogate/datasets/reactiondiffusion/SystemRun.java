package dev.surrogate.datasets.reactiondiffusion;

import dev.surrogate.datasets.generate.SampleBuffer;
import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.pde.equations.ReactionDiffusion2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.Integrator;

/**
 * What one worker needs to integrate two-field samples on one grid: the initial-field buffers, the spectral state
 * and the integrator, reused for every sample; each output's u and v go to fields 0 and 1 of a
 * {@link SampleBuffer}.
 */
final class SystemRun {
    private final SpectralGrid2D grid;
    private final double[] times;
    private final double[] u0;
    private final double[] v0;
    private final double[] state;
    private final Integrator integrator;

    /**
     * @param nx       points in x
     * @param ny       points in y
     * @param length   side L of the square domain
     * @param times    output times, first 0
     * @param stepping the time integration
     */
    SystemRun(int nx, int ny, double length, double[] times, TimeStepping stepping) {
        this.grid = new SpectralGrid2D(nx, ny, length, length);
        this.times = times;
        this.u0 = new double[grid.size()];
        this.v0 = new double[grid.size()];
        this.state = new double[2 * grid.spectralSize()];
        this.integrator = stepping.integrator(grid.size());
    }

    /** @return the grid */
    SpectralGrid2D grid() {
        return grid;
    }

    /** @return the initial u {@code [ny * nx]} of the next {@link #run}, to be filled by the caller */
    double[] u0() {
        return u0;
    }

    /** @return the initial v {@code [ny * nx]} of the next {@link #run}, to be filled by the caller */
    double[] v0() {
        return v0;
    }

    /**
     * Integrates from {@link #u0()} and {@link #v0()}.
     *
     * @param eq  the equation, on {@link #grid()}
     * @param out receives u (field 0) and v (field 1) at every output time
     */
    void run(ReactionDiffusion2D eq, SampleBuffer out) {
        eq.toSpectral(u0, v0, state);
        integrator.integrate(eq, 0, state, times, out.recorder(eq));
    }
}
