package dev.surrogate.datasets.generate;

import dev.surrogate.datasets.random.RandomStream;
import dev.surrogate.datasets.random.SampleSeeds;
import java.util.Map;

/**
 * What a {@link SampleSolver} may depend on for one sample: its global index, its random streams and its
 * parameter values. Nothing else (thread, order, other samples) may influence a sample.
 */
public final class SampleContext {
    private final long index;
    private final SampleSeeds seeds;
    private final Map<String, Double> parameters;

    /**
     * @param index      global sample index
     * @param seeds      the dataset's seeds
     * @param parameters value of every physical parameter of the problem for this sample
     */
    public SampleContext(long index, SampleSeeds seeds, Map<String, Double> parameters) {
        this.index = index;
        this.seeds = seeds;
        this.parameters = Map.copyOf(parameters);
    }

    /** @return the global sample index */
    public long index() {
        return index;
    }

    /**
     * @param purpose which stream, e.g. {@link SampleSeeds#INITIAL_CONDITION}
     * @return a fresh stream for this sample and purpose
     */
    public RandomStream random(long purpose) {
        return seeds.stream(index, purpose);
    }

    /**
     * @param name parameter name
     * @return its value for this sample (swept or constant)
     * @throws IllegalArgumentException if the problem declares no such parameter
     */
    public double parameter(String name) {
        Double v = parameters.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + parameters.keySet());
        }
        return v;
    }

    /** @return all parameter values of this sample */
    public Map<String, Double> parameters() {
        return parameters;
    }
}
