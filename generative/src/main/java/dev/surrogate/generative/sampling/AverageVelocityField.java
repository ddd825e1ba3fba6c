package dev.surrogate.generative.sampling;

/**
 * An average velocity {@code u(z, s, t)} of independent rows: the mean velocity of the flow from time {@code s} to
 * {@code t} starting at {@code z}, so that the flow map is {@code z + (t - s) u(z, s, t)}. As a
 * {@link VelocityField} it is the instantaneous velocity {@code u(z, t, t)}.
 */
public interface AverageVelocityField extends VelocityField {

    /**
     * @param count number of states
     * @param rows  row identity of each state {@code [count]}; read only
     * @param s     start time of each state's interval {@code [count]}; read only
     * @param t     end time {@code [count]}; read only
     * @param z     states at their start times {@code [count * dimension()]}; read only
     * @param u     receives the average velocities {@code [count * dimension()]}. Modified.
     */
    void evaluate(int count, int[] rows, double[] s, double[] t, double[] z, double[] u);
}
