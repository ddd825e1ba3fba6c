package dev.surrogate.datasets.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.pde.equations.Burgers1D;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.time.StepObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long sample reports how far it has got in simulated time, not only when it is done. */
class GenerationProgressTest {
    @TempDir
    Path dir;

    @Test
    void recorderTracksSimulatedTimeAsAFractionOfTheOutputSpan() {
        DatasetLayout layout = new DatasetLayout(1.0, 4, 0, new double[] {1, 2, 5}, List.of(new VariableSpec("u",
                "u", "1")), List.of(), Map.of());
        SampleBuffer buffer = new SampleBuffer(layout);
        StepObserver rec = buffer.recorder(new Burgers1D(new SpectralGrid1D(4, 1.0), 0.1));
        assertEquals(0, buffer.simulatedFraction());
        rec.onStep(1, 2, 1, new double[4]);
        assertEquals(0.25, buffer.simulatedFraction(), 1e-15, "(2 - 1) / (5 - 1)");
        rec.onStep(2, 4, 2, new double[4]);
        assertEquals(0.75, buffer.simulatedFraction(), 1e-15);
        buffer.resetProgress();
        assertEquals(0, buffer.simulatedFraction());
    }

    /** One sample stopped half-way in simulated time until the listener has seen it at 0.5 of 1 sample. */
    @Test
    void aRunningSampleIsReportedByItsSimulatedTime() throws IOException {
        CountDownLatch seen = new CountDownLatch(1);
        List<Double> partial = new CopyOnWriteArrayList<>();
        DatasetProblem slow = new DatasetProblem() {
            @Override
            public String equation() {
                return "slow";
            }

            @Override
            public DatasetLayout layout() {
                return new DatasetLayout(1.0, 4, 0, new double[] {0, 2}, List.of(new VariableSpec("u", "u", "1")),
                        List.of(), Map.of("solver", "none", "time_step", 1.0));
            }

            @Override
            public List<PhysicalParameter> parameters() {
                return List.of();
            }

            @Override
            public SampleSolver newSolver() {
                Burgers1D eq = new Burgers1D(new SpectralGrid1D(4, 1.0), 0.1);
                return (ctx, out) -> {
                    StepObserver rec = out.recorder(eq);
                    double[] state = new double[eq.dimension()];
                    rec.onOutput(0, 0, state);
                    rec.onStep(1, 1.0, 1.0, state);
                    try {
                        assertTrue(seen.await(60, TimeUnit.SECONDS), "no progress reported while waiting");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    rec.onStep(2, 2.0, 1.0, state);
                    rec.onOutput(1, 2, state);
                };
            }
        };
        ProgressListener listener = new ProgressListener() {
            @Override
            public void partialProgress(double done, long total) {
                assertEquals(1, total);
                partial.add(done);
                seen.countDown();
            }
        };
        new DatasetGenerator(slow, DatasetGenerator.Settings.of(1, 0).withThreads(1)).generate(dir.resolve("s.nc"),
                listener);
        assertEquals(0.5, partial.get(0), 1e-15, "t = 1 of [0, 2] in the only sample");
    }
}
