package dev.surrogate.uq.hmc;

/**
 * Watches a sampler run, push-style, as step handlers watch an ODE integrator: the sampler calls {@link #start}
 * once per chain, {@link #transition} after every iteration and {@link #finish} at the chain's end. Recording
 * draws, counting divergences and printing progress are observers. All hooks default to doing nothing.
 */
public interface HmcObserver {

    /**
     * @param chain      chain index
     * @param settings   the run's settings
     * @param dimension  length of the parameter vector
     */
    default void start(int chain, HmcSettings settings, int dimension) {
    }

    /** @param t the iteration just done */
    default void transition(Transition t) {
    }

    /**
     * @param chain       chain index
     * @param stepSize    step size of the sampling phase
     * @param inverseMass diagonal of the final {@code M^-1} (a copy)
     */
    default void finish(int chain, double stepSize, double[] inverseMass) {
    }
}
