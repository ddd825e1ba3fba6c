package dev.surrogate.bench;

import dev.surrogate.pde.equations.Forcing2D;
import dev.surrogate.pde.equations.GrayScott2D;
import dev.surrogate.pde.equations.NavierStokes2D;
import dev.surrogate.pde.spectral.RealFft2D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import dev.surrogate.pde.time.CrankNicolsonEulerStepper;
import dev.surrogate.pde.time.Etdrk4Stepper;
import dev.surrogate.pde.time.TimeStepper;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of one time step of the 2-D solvers against the cost of exactly the FFTs that step does, measured in the same
 * run on the same thread (JTransforms' own threads off). The target is {@code step <= 1.5 x ffts}.
 *
 * <p>Cases ({@code case} parameter): {@code ns64}, {@code ns256} (Navier-Stokes, FNO problem, ETDRK4: 4 evaluations
 * of 2 inverse + 2 forward FFTs), {@code ns64-cn}, {@code ns256-cn} (the FNO Crank-Nicolson/Euler step: 1
 * evaluation) and {@code gs128} (Gray-Scott, Pearson defaults, ETDRK4: 4 evaluations of 2 + 2 FFTs).
 *
 * <p>Sample-time mode, so JMH reports percentiles: on a shared machine compare the medians (p0.50) or minima
 * (p0.00) of {@code step} and {@code ffts}; the means are dominated by preemption. Allocation can be checked with
 * {@code -prof gc} ({@code gc.alloc.rate.norm} of {@code step} is the same few bytes of JMH bookkeeping as of
 * {@code ffts}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SpectralStepBenchmark {

    /** Which solver and size. */
    @Param({"ns64", "ns256", "ns64-cn", "ns256-cn", "gs128"})
    public String problem;

    private TimeStepper stepper;
    private double dt;
    private double[] initial;
    private double[] state;
    private RealFft2D fft;
    private double[] hat;
    private double[] physical;
    private int inverses;
    private int forwards;
    private double t;

    /** Builds the equation, a developed initial state and the FFT buffers. */
    @Setup(Level.Trial)
    public void setUp() {
        RealFft2D.singleThreaded();
        SplittableRandom rnd = new SplittableRandom(42);
        SpectralGrid2D grid;
        int evaluations;
        if (problem.startsWith("ns")) {
            int n = Integer.parseInt(problem.substring(2).replace("-cn", ""));
            grid = new SpectralGrid2D(n, 1.0);
            NavierStokes2D ns = new NavierStokes2D(grid, 1e-3, Forcing2D.fno(1.0));
            double[] w = new double[grid.size()];
            for (int m = 0; m < 60; m++) {
                int kx = rnd.nextInt(-8, 9);
                int ky = rnd.nextInt(-8, 9);
                double a = rnd.nextGaussian();
                double ph = rnd.nextDouble(0, 2 * Math.PI);
                for (int iy = 0; iy < n; iy++) {
                    for (int ix = 0; ix < n; ix++) {
                        w[iy * n + ix] += a * Math.cos(2 * Math.PI * (kx * grid.x(ix) + ky * grid.y(iy)) + ph);
                    }
                }
            }
            initial = new double[ns.dimension()];
            ns.toSpectral(w, initial);
            boolean cn = problem.endsWith("-cn");
            stepper = cn ? new CrankNicolsonEulerStepper(ns) : new Etdrk4Stepper(ns);
            dt = cn ? 1e-4 : 0.2 / ns.advectiveRate(initial);
            evaluations = cn ? 1 : 4;
        } else {
            int n = Integer.parseInt(problem.substring(2));
            grid = new SpectralGrid2D(n, GrayScott2D.DEFAULT_LENGTH);
            GrayScott2D gs = new GrayScott2D(grid, GrayScott2D.DEFAULT_DU, GrayScott2D.DEFAULT_DV,
                    GrayScott2D.DEFAULT_F, GrayScott2D.DEFAULT_K);
            double[] u = new double[grid.size()];
            double[] v = new double[grid.size()];
            for (int i = 0; i < u.length; i++) {
                boolean spot = rnd.nextDouble() < 0.1;
                u[i] = spot ? 0.5 : 1.0;
                v[i] = spot ? 0.25 : 0.0;
            }
            initial = gs.state(u, v);
            stepper = new Etdrk4Stepper(gs);
            dt = 1.0;
            evaluations = 4;
        }
        inverses = 2 * evaluations;
        forwards = 2 * evaluations;
        state = initial.clone();
        fft = new RealFft2D(grid);
        hat = initial.clone();
        physical = new double[grid.size()];
        // one step so step-size-dependent coefficients are not part of the measurement
        stepper.step(0, dt, state.clone());
    }

    /** Restarts from the initial state so every iteration measures the same dynamics. */
    @Setup(Level.Iteration)
    public void reset() {
        System.arraycopy(initial, 0, state, 0, state.length);
        t = 0;
    }

    /**
     * One time step.
     *
     * @return the state (consumed by JMH)
     */
    @Benchmark
    public double[] step() {
        stepper.step(t, dt, state);
        t += dt;
        return state;
    }

    /**
     * Exactly the FFTs one step performs, on arrays of the same size.
     *
     * @param bh sink
     */
    @Benchmark
    public void ffts(Blackhole bh) {
        for (int i = 0; i < inverses; i++) {
            fft.inverse(hat, physical);
        }
        for (int i = 0; i < forwards; i++) {
            // physical is not modified, so every forward gives the same bounded spectrum
            fft.forward(physical, hat);
        }
        bh.consume(hat);
        bh.consume(physical);
    }
}
