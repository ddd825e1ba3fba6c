package dev.surrogate.generative.sampling;

/**
 * A velocity field {@code v(t, z)} of independent rows, evaluated for several rows at once, each at its own time
 * (an adaptive integrator's rows are at different times). The field may depend on a row's identity (its
 * conditioning), never on the other rows.
 */
public interface VelocityField {

    /** @return values per row (the state's dimension) */
    int dimension();

    /**
     * @param count number of states
     * @param rows  row identity of each state {@code [count]} (its index in the sampled batch); read only
     * @param t     time of each state {@code [count]}; read only
     * @param z     states {@code [count * dimension()]}; read only
     * @param v     receives the velocities {@code [count * dimension()]}. Modified.
     */
    void evaluate(int count, int[] rows, double[] t, double[] z, double[] v);
}
