package dev.surrogate.uq.hmc;

/**
 * What one HMC iteration did, as observers see it.
 *
 * @param chain       chain index
 * @param iteration   0-based iteration within the chain, warm-up included
 * @param warmup      whether it is a warm-up iteration
 * @param position    the chain's position after the iteration {@code [dimension]}: a live view, valid during the
 *                    observer call only (copy it to keep it)
 * @param potential   {@code U} at that position
 * @param acceptance  acceptance statistic {@code min(1, exp(H_0 - H_L))} of the proposal (0 if divergent)
 * @param accepted    whether the proposal was taken
 * @param divergent   whether the trajectory diverged (energy error above the threshold or not finite)
 * @param energyError {@code H_L - H_0} of the proposal (at the step where it stopped, if divergent)
 * @param stepSize    leapfrog step size used
 */
public record Transition(int chain, int iteration, boolean warmup, double[] position, double potential,
        double acceptance, boolean accepted, boolean divergent, double energyError, double stepSize) {
}
