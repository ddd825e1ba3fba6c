package dev.surrogate.operators.physics;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.DatasetProblem;
import dev.surrogate.datasets.generate.ParameterSweep;
import dev.surrogate.datasets.generate.ProgressListener;
import dev.surrogate.datasets.generate.TimeStepping;
import dev.surrogate.datasets.navierstokes.NavierStokesProblem;
import dev.surrogate.datasets.navierstokes.NavierStokesSettings;
import dev.surrogate.datasets.reactiondiffusion.FitzHughNagumoProblem;
import dev.surrogate.datasets.reactiondiffusion.FitzHughNagumoSettings;
import dev.surrogate.datasets.reactiondiffusion.GrayScottProblem;
import dev.surrogate.datasets.reactiondiffusion.GrayScottSettings;
import dev.surrogate.datasets.io.DatasetReader;
import dev.surrogate.pde.residual.SemiDiscreteResidual;
import dev.surrogate.pde.residual.TimeStencil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Small solver datasets of every supported equation, and the reference residual of their samples. */
final class PhysicsFixtures {
    private PhysicsFixtures() {
    }

    /** Burgers: nx 32, nu swept per sample in [0.05, 0.1], 9 snapshots over [0, 0.4]. */
    static Path burgers(Path dir) {
        BurgersSettings s = BurgersSettings.defaults().withNx(32).withTimes(0.4, 9);
        return generate(dir.resolve("burgers.nc"), new BurgersProblem(s), 2,
                List.of(ParameterSweep.parse("nu=0.05:0.1")));
    }

    /** Navier-Stokes: 16 x 16, the FNO forcing, nu 1e-2, 7 snapshots over [0, 0.3]. */
    static Path navierStokes(Path dir) {
        NavierStokesSettings s = NavierStokesSettings.defaults().withGrid(16).withNu(1e-2).withTimes(0.3, 7);
        return generate(dir.resolve("ns.nc"), new NavierStokesProblem(s), 2, List.of());
    }

    /** Gray-Scott: 16 x 16 on L = 0.5 (so diffusion matters on this grid), 7 snapshots over [0, 60]. */
    static Path grayScott(Path dir) {
        GrayScottSettings d = GrayScottSettings.defaults();
        GrayScottSettings s = new GrayScottSettings(16, 16, 0.5, d.du(), d.dv(), d.feed(), d.kill(), 60, 7,
                new TimeStepping(TimeStepping.Solver.ETDRK4, 0.5, 1e-8, 1e-10), 3, 0.2, 0.01);
        return generate(dir.resolve("gs.nc"), new GrayScottProblem(s), 2, List.of());
    }

    /** FitzHugh-Nagumo: 8 x 8, 6 snapshots over [0, 0.25], amplitude 0.5. */
    static Path fitzHughNagumo(Path dir) {
        FitzHughNagumoSettings d = FitzHughNagumoSettings.defaults();
        FitzHughNagumoSettings s = new FitzHughNagumoSettings(8, 8, d.length(), d.du(), d.dv(), d.k(), 0.25, 6,
                d.stepping(), 0.5);
        return generate(dir.resolve("fhn.nc"), new FitzHughNagumoProblem(s), 2, List.of());
    }

    static Path generate(Path file, DatasetProblem problem, int samples, List<ParameterSweep> sweeps) {
        try {
            new DatasetGenerator(problem, DatasetGenerator.Settings.of(samples, 7).withThreads(1)
                    .withSweeps(sweeps)).generate(file, ProgressListener.NONE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return sample s of a file as one window {@code [T * fields * points]} (snapshot, field, point) */
    static double[] window(DatasetReader reader, DatasetPhysics physics, int s) throws IOException {
        int t = reader.timeCount();
        int f = physics.fields().size();
        int p = physics.points();
        double[] w = new double[t * f * p];
        for (int k = 0; k < f; k++) {
            double[] v = reader.readSampleAsDouble(physics.fields().get(k), s);
            for (int i = 0; i < t; i++) {
                System.arraycopy(v, i * p, w, (i * f + k) * p, p);
            }
        }
        return w;
    }

    /** The double[] reference residual of one window; {@code dudt} receives {@code D_t u}. */
    static double[] reference(DatasetPhysics physics, double[] params, TimeStencil stencil, double[] times,
                              double[] window, double[] dudt) {
        double[] r = new double[window.length];
        new SemiDiscreteResidual(physics.solverEquation(params)).residual(stencil, times, window, dudt, r);
        return r;
    }
}
