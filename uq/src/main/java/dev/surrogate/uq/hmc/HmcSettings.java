package dev.surrogate.uq.hmc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of a static-trajectory HMC run.
 *
 * @param chains           independent chains, {@code >= 1}, chain {@code c} seeded by {@code (seed, c)}
 * @param warmup           warm-up iterations per chain (step size and mass matrix adapt; not kept), {@code >= 0}
 * @param draws            kept draws per chain after thinning, {@code >= 1}; a chain runs
 *                         {@code warmup + draws * thin} iterations
 * @param thin             keep every {@code thin}-th post-warm-up iteration, {@code >= 1}
 * @param leapfrogSteps    leapfrog steps per trajectory {@code L}, {@code >= 1}
 * @param targetAcceptance target mean acceptance statistic of dual averaging, in (0, 1) (0.8 by default)
 * @param adaptMass        estimate a diagonal mass matrix in warm-up (Stan's windows); else the identity
 * @param initialStepSize  first step size; NaN: found by Hoffman and Gelman's heuristic (Algorithm 4)
 * @param stepJitter       each iteration's step size is drawn uniformly from {@code eps (1 +- stepJitter)}, in
 *                         [0, 1): breaks the resonance of fixed-length trajectories with periodic directions of the
 *                         target (Neal 2011, section 4.2); 0 keeps the step size fixed
 * @param maxEnergyError   a trajectory whose energy error exceeds this (or is not finite) is a divergence: it
 *                         stops and is rejected (Stan: 1000)
 * @param seed             seed of the momenta and accept decisions
 */
public record HmcSettings(int chains, int warmup, int draws, int thin, int leapfrogSteps, double targetAcceptance,
        boolean adaptMass, double initialStepSize, double stepJitter, double maxEnergyError, long seed) {

    /** Validates every value, naming it. */
    public HmcSettings {
        positive("chains", chains);
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up iterations must be >= 0, got " + warmup);
        }
        positive("draws", draws);
        positive("thin", thin);
        positive("leapfrog steps", leapfrogSteps);
        if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
            throw new IllegalArgumentException("target acceptance must be in (0, 1), got " + targetAcceptance);
        }
        if (!Double.isNaN(initialStepSize) && !(initialStepSize > 0 && Double.isFinite(initialStepSize))) {
            throw new IllegalArgumentException("initial step size must be positive (or NaN for the heuristic), got "
                    + initialStepSize);
        }
        if (!(stepJitter >= 0 && stepJitter < 1)) {
            throw new IllegalArgumentException("step-size jitter must be in [0, 1), got " + stepJitter);
        }
        if (!(maxEnergyError > 0)) {
            throw new IllegalArgumentException("divergence threshold must be positive, got " + maxEnergyError);
        }
        Math.addExact(warmup, Math.multiplyExact(draws, thin));
    }

    private static void positive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + v);
        }
    }

    /**
     * @param seed the seed
     * @return 4 chains, 500 warm-up iterations, 500 draws, no thinning, 20 leapfrog steps, target 0.8, adapted
     *         diagonal mass matrix, heuristic first step, no step-size jitter, divergence at an energy error of 1000
     */
    public static HmcSettings defaults(long seed) {
        return new HmcSettings(4, 500, 500, 1, 20, 0.8, true, Double.NaN, 0, 1000, seed);
    }

    /** @param n chains @return a copy */
    public HmcSettings withChains(int n) {
        return new HmcSettings(n, warmup, draws, thin, leapfrogSteps, targetAcceptance, adaptMass, initialStepSize,
                stepJitter, maxEnergyError, seed);
    }

    /** @param n warm-up iterations @return a copy */
    public HmcSettings withWarmup(int n) {
        return new HmcSettings(chains, n, draws, thin, leapfrogSteps, targetAcceptance, adaptMass, initialStepSize,
                stepJitter, maxEnergyError, seed);
    }

    /** @param n kept draws per chain @return a copy */
    public HmcSettings withDraws(int n) {
        return new HmcSettings(chains, warmup, n, thin, leapfrogSteps, targetAcceptance, adaptMass, initialStepSize,
                stepJitter, maxEnergyError, seed);
    }

    /** @param n thinning interval @return a copy */
    public HmcSettings withThin(int n) {
        return new HmcSettings(chains, warmup, draws, n, leapfrogSteps, targetAcceptance, adaptMass, initialStepSize,
                stepJitter, maxEnergyError, seed);
    }

    /** @param n leapfrog steps per trajectory @return a copy */
    public HmcSettings withLeapfrogSteps(int n) {
        return new HmcSettings(chains, warmup, draws, thin, n, targetAcceptance, adaptMass, initialStepSize,
                stepJitter, maxEnergyError, seed);
    }

    /** @param a target acceptance @return a copy */
    public HmcSettings withTargetAcceptance(double a) {
        return new HmcSettings(chains, warmup, draws, thin, leapfrogSteps, a, adaptMass, initialStepSize,
                stepJitter, maxEnergyError, seed);
    }

    /** @param on adapt a diagonal mass matrix @return a copy */
    public HmcSettings withAdaptMass(boolean on) {
        return new HmcSettings(chains, warmup, draws, thin, leapfrogSteps, targetAcceptance, on, initialStepSize,
                stepJitter, maxEnergyError, seed);
    }

    /** @param eps first step size (NaN: heuristic) @return a copy */
    public HmcSettings withInitialStepSize(double eps) {
        return new HmcSettings(chains, warmup, draws, thin, leapfrogSteps, targetAcceptance, adaptMass, eps,
                stepJitter, maxEnergyError, seed);
    }

    /** @param j step-size jitter fraction @return a copy */
    public HmcSettings withStepJitter(double j) {
        return new HmcSettings(chains, warmup, draws, thin, leapfrogSteps, targetAcceptance, adaptMass,
                initialStepSize, j, maxEnergyError, seed);
    }

    /** @param s seed @return a copy */
    public HmcSettings withSeed(long s) {
        return new HmcSettings(chains, warmup, draws, thin, leapfrogSteps, targetAcceptance, adaptMass,
                initialStepSize, stepJitter, maxEnergyError, s);
    }

    /** @return iterations per chain, warm-up included */
    public int iterations() {
        return warmup + draws * thin;
    }

    /** @return the settings as plain values (for JSON) */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chains", chains);
        m.put("warmup", warmup);
        m.put("draws", draws);
        m.put("thin", thin);
        m.put("leapfrog_steps", leapfrogSteps);
        m.put("target_acceptance", targetAcceptance);
        m.put("adapt_mass", adaptMass);
        m.put("initial_step_size", Double.isNaN(initialStepSize) ? "heuristic" : initialStepSize);
        m.put("step_jitter", stepJitter);
        m.put("max_energy_error", maxEnergyError);
        m.put("seed", seed);
        return m;
    }
}
