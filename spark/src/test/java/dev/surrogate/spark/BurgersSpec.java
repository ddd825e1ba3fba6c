package dev.surrogate.spark;

import dev.surrogate.datasets.burgers.BurgersProblem;
import dev.surrogate.datasets.burgers.BurgersSettings;
import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.DatasetProblem;
import dev.surrogate.datasets.generate.ParameterSweep;
import dev.surrogate.datasets.generate.PhysicalParameter;
import dev.surrogate.datasets.generate.SampleSolver;
import dev.surrogate.datasets.io.DatasetLayout;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * A small Burgers set with a viscosity sweep; optionally the first attempt of the task that computes sample
 * {@code failAt} throws in the middle of its shard (after earlier samples of the shard were written).
 */
final class BurgersSpec implements GenerationSpec {
    private static final long serialVersionUID = 1L;
    /** Failures injected so far in this JVM (Spark's local mode runs tasks in-process). */
    static final AtomicInteger INJECTED = new AtomicInteger();

    private final int samples;
    private final long seed;
    private final long failAt;

    BurgersSpec(int samples, long seed, long failAt) {
        this.samples = samples;
        this.seed = seed;
        this.failAt = failAt;
    }

    @Override
    public DatasetProblem problem() {
        DatasetProblem p = new BurgersProblem(BurgersSettings.defaults().withNx(32).withTimes(0.05, 3));
        // problem() runs on the task's thread; the generator's workers, where the solver runs, have no TaskContext
        TaskContext task = TaskContext.get();
        return failAt < 0 || task == null || task.attemptNumber() > 0 ? p : new FailingOnFirstAttempt(p, failAt);
    }

    @Override
    public DatasetGenerator.Settings set() {
        return new DatasetGenerator.Settings(samples, 0, seed, 1, List.of(ParameterSweep.parse("nu=0.05:0.2:log")),
                "test run");
    }

    @Override
    public String name() {
        return "b";
    }

    /** The problem of a task's first attempt, whose solver fails at one sample, as a lost executor would. */
    private record FailingOnFirstAttempt(DatasetProblem p, long failAt) implements DatasetProblem {
        @Override
        public String equation() {
            return p.equation();
        }

        @Override
        public DatasetLayout layout() {
            return p.layout();
        }

        @Override
        public List<PhysicalParameter> parameters() {
            return p.parameters();
        }

        @Override
        public SampleSolver newSolver() {
            SampleSolver s = p.newSolver();
            return (ctx, out) -> {
                if (ctx.index() == failAt) {
                    INJECTED.incrementAndGet();
                    throw new IllegalStateException("injected failure of the first attempt at sample " + failAt);
                }
                s.solve(ctx, out);
            };
        }
    }
}
