package dev.surrogate.datasets.generate;

import dev.surrogate.datasets.io.DatasetLayout;
import dev.surrogate.datasets.io.VariableSpec;
import dev.surrogate.datasets.random.SampleSeeds;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

/**
 * A 2-D, two-field problem with a closed-form "solution": u = k * (index + 1) * (1 + t) + xi, v = -u, with k a
 * sweepable parameter and xi one Gaussian from the sample's stream. Exercises the generator without a PDE.
 */
final class ToyProblem implements DatasetProblem {
    static final int NX = 6;
    static final int NY = 4;
    final AtomicInteger started = new AtomicInteger();
    private final LongPredicate failAt;

    ToyProblem(LongPredicate failAt) {
        this.failAt = failAt;
    }

    @Override
    public String equation() {
        return "toy";
    }

    @Override
    public DatasetLayout layout() {
        return new DatasetLayout(1.0, NX, NY, new double[] {0, 0.5, 1}, List.of(new VariableSpec("u", "u", "1"),
                new VariableSpec("v", "v", "1")), List.of(), Map.of("solver", "closed form", "time_step", 0.5));
    }

    @Override
    public List<PhysicalParameter> parameters() {
        return List.of(new PhysicalParameter(new VariableSpec("k", "rate", "1"), 2.0, true));
    }

    @Override
    public SampleSolver newSolver() {
        double[] u = new double[NX * NY];
        double[] v = new double[NX * NY];
        return (ctx, out) -> {
            started.incrementAndGet();
            if (failAt.test(ctx.index())) {
                throw new IllegalStateException("toy failure");
            }
            double xi = ctx.random(SampleSeeds.INITIAL_CONDITION).nextGaussian();
            double[] times = layout().times();
            for (int t = 0; t < times.length; t++) {
                for (int p = 0; p < u.length; p++) {
                    u[p] = ctx.parameter("k") * (ctx.index() + 1) * (1 + times[t]) + xi + p;
                    v[p] = -u[p];
                }
                out.putSnapshot(0, t, u);
                out.putSnapshot(1, t, v);
            }
        };
    }
}
