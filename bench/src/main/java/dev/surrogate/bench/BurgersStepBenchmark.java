package dev.surrogate.bench;

import dev.surrogate.datasets.grf.GaussianRandomField1D;
import dev.surrogate.datasets.grf.GrfSpec;
import dev.surrogate.datasets.random.SampleSeeds;
import dev.surrogate.pde.equations.Burgers1D;
import dev.surrogate.pde.spectral.RealFft1D;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.time.Etdrk4Stepper;
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
 * Time of one ETDRK4 step of Burgers' equation (nu = 0.1, L = 1, dt = 1e-3, the dataset default) from an FNO
 * GRF initial condition, and, for comparison, of the two real FFTs each of its four nonlinear evaluations needs.
 * One step = 4 nonlinear evaluations = 8 FFTs of length nx plus O(nx) vector work.
 *
 * <pre>java -cp "bench/target/bench.jar:bench/target/lib/*" org.openjdk.jmh.Main BurgersStep</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BurgersStepBenchmark {

    /** Grid points. */
    @Param({"256", "1024"})
    public int nx;

    private Etdrk4Stepper stepper;
    private double[] initial;
    private double[] state;
    private RealFft1D fft;
    private double[] physical;
    private double[] hat;
    private double t;

    /** Builds the equation and a GRF initial state. */
    @Setup(Level.Trial)
    public void setUp() {
        // JTransforms may use threads for long transforms; datasets run one solver per core instead
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
        SpectralGrid1D grid = new SpectralGrid1D(nx, 1.0);
        Burgers1D eq = new Burgers1D(grid, 0.1);
        double[] u0 = new double[nx];
        new GaussianRandomField1D(grid, GrfSpec.fnoBurgers()).sample(new SampleSeeds(1).stream(0, 1), u0);
        initial = new double[eq.dimension()];
        eq.toSpectral(u0, initial);
        state = initial.clone();
        stepper = new Etdrk4Stepper(eq);
        stepper.step(0, 1e-3, state.clone());
        fft = new RealFft1D(nx);
        physical = u0.clone();
        hat = new double[nx + 2];
    }

    /** Restarts from the initial condition so every iteration steps a comparable state. */
    @Setup(Level.Iteration)
    public void reset() {
        System.arraycopy(initial, 0, state, 0, state.length);
        t = 0;
    }

    /**
     * @return the state (consumed by JMH)
     */
    @Benchmark
    public double[] etdrk4Step() {
        stepper.step(t, 1e-3, state);
        t += 1e-3;
        return state;
    }

    /** @param bh sink */
    @Benchmark
    public void fftPair(Blackhole bh) {
        fft.forward(physical, hat);
        fft.inverse(hat, physical);
        bh.consume(physical);
    }
}
