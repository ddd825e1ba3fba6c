package dev.surrogate.spark;

import dev.surrogate.datasets.generate.DatasetGenerator;
import dev.surrogate.datasets.generate.DatasetProblem;
import java.io.Serializable;

/**
 * What to generate, in a form that travels to the executors: Spark serialises the spec, and every task builds the
 * problem and the settings from it again where it runs (problems hold solver state that is not serialisable).
 * Two calls must describe the same data set.
 */
public interface GenerationSpec extends Serializable {

    /** @return the equation family with its settings */
    DatasetProblem problem();

    /**
     * @return the whole set: samples, first sample, seed, sweeps, the worker threads of one task and the history
     *         line of the run
     */
    DatasetGenerator.Settings set();

    /** @return a short name for the shard files, e.g. {@code "ns"} for {@code ns-shard-00003-of-00064.nc} */
    String name();
}
