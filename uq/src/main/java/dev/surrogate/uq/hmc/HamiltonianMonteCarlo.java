package dev.surrogate.uq.hmc;

import dev.surrogate.datasets.random.Xoshiro256StarStar;
import dev.surrogate.operators.data.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Hamiltonian Monte Carlo with a fixed number of leapfrog steps per trajectory (Duane et al. 1987; Neal 2011,
 * "MCMC using Hamiltonian dynamics"): each iteration draws a momentum {@code p ~ N(0, M)}, integrates Hamilton's
 * equations for {@code L} {@link LeapfrogStepper leapfrog} steps of size {@code eps} and accepts the end point
 * with probability {@code min(1, exp(H_0 - H_L))} (the Metropolis correction, exact because the leapfrog is
 * volume-preserving and reversible). A trajectory whose energy error exceeds
 * {@link HmcSettings#maxEnergyError()} stops there and counts as a divergence.
 *
 * <p>Warm-up (not kept) tunes the step size by {@link DualAveraging} towards the target acceptance and, if asked,
 * a diagonal mass matrix from the draws of Stan's {@link WarmupSchedule slow windows} (the regularised variance of
 * each coordinate becomes {@code M^-1}); after each mass update the step size is re-found by Hoffman and Gelman's
 * heuristic and dual averaging restarts. Sampling then uses the averaged step size.
 *
 * <p>Chains run one after another (a potential built on a SameDiff graph is not thread-safe). Chain {@code c}
 * draws its momenta and accept decisions from xoshiro256** seeded by {@code mix(seed, c)} only, so a chain's draws
 * do not depend on how many chains run. Observers see every transition ({@link HmcObserver}); the run returns the
 * thinned draws and per-chain statistics ({@link HmcRun}).
 */
public final class HamiltonianMonteCarlo {
    /** Largest number of doublings or halvings of the step-size heuristic. */
    private static final int HEURISTIC_LIMIT = 60;

    private final HmcSettings settings;

    /** @param settings run settings */
    public HamiltonianMonteCarlo(HmcSettings settings) {
        this.settings = settings;
    }

    /** @return the settings */
    public HmcSettings settings() {
        return settings;
    }

    /**
     * Runs every chain from the same starting point (e.g. trained weights).
     *
     * @param potential the target
     * @param start     starting position {@code [dimension]}; not modified
     * @param observers extra observers (progress, traces)
     * @return draws and statistics
     */
    public HmcRun run(Potential potential, double[] start, HmcObserver... observers) {
        return run(potential, c -> start, observers);
    }

    /**
     * @param potential the target
     * @param starts    starting position of each chain {@code [dimension]}; not modified
     * @param observers extra observers
     * @return draws and statistics
     * @throws IllegalArgumentException if a start has the wrong length or a non-finite potential
     */
    public HmcRun run(Potential potential, IntFunction<double[]> starts, HmcObserver... observers) {
        long t0 = System.nanoTime();
        List<Chain> chains = new ArrayList<>();
        for (int c = 0; c < settings.chains(); c++) {
            chains.add(chain(c, potential, starts.apply(c), observers));
        }
        return new HmcRun(settings, chains, (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * Runs one chain: the same draws as chain {@code index} of {@link #run} (its random stream depends on the seed
     * and the index only), so a run can be split into chains computed at different times, e.g. to resume.
     *
     * @param index     chain index, {@code 0 <= index < chains}
     * @param potential the target
     * @param start     starting position {@code [dimension]}; not modified
     * @param observers extra observers
     * @return the chain
     * @throws IllegalArgumentException if the start has the wrong length or a non-finite potential
     */
    public Chain chain(int index, Potential potential, double[] start, HmcObserver... observers) {
        int d = potential.dimension();
        if (index < 0 || index >= settings.chains()) {
            throw new IllegalArgumentException("chain index " + index + " outside [0, " + settings.chains() + ")");
        }
        if (start.length != d) {
            throw new IllegalArgumentException("start of chain " + index + " has " + start.length
                    + " coordinates, the potential " + d);
        }
        ChainRecorder recorder = new ChainRecorder();
        List<HmcObserver> all = new ArrayList<>();
        all.add(recorder);
        all.addAll(Arrays.asList(observers));
        long c0 = System.nanoTime();
        CountingPotential counted = new CountingPotential(potential);
        for (HmcObserver o : all) {
            o.start(index, settings, d);
        }
        ChainState state = runChain(index, counted, start, all);
        recorder.seconds((System.nanoTime() - c0) * 1e-9, counted.count);
        for (HmcObserver o : all) {
            o.finish(index, state.stepSize, state.inverseMass.clone());
        }
        return recorder.chains().get(0);
    }

    /** What the end of a chain hands to the observers. */
    private record ChainState(double stepSize, double[] inverseMass) {
    }

    private ChainState runChain(int chain, Potential u, double[] start, List<HmcObserver> observers) {
        int d = u.dimension();
        Xoshiro256StarStar rng = new Xoshiro256StarStar(Seeds.mix(settings.seed(), chain));
        double[] inverseMass = new double[d];
        Arrays.fill(inverseMass, 1.0);
        LeapfrogStepper stepper = new LeapfrogStepper(u, inverseMass);
        PhasePoint x = new PhasePoint(d);
        x.moveTo(start, u);
        if (!Double.isFinite(x.potential)) {
            throw new IllegalArgumentException("chain " + chain + " starts where the potential is " + x.potential);
        }
        PhasePoint proposal = new PhasePoint(d);
        double eps = Double.isNaN(settings.initialStepSize()) ? reasonableStep(x, stepper, 1.0, rng, proposal)
                : settings.initialStepSize();
        DualAveraging da = new DualAveraging(settings.targetAcceptance(), eps);
        WarmupSchedule schedule = new WarmupSchedule(settings.warmup(), settings.adaptMass());
        WelfordVariance variance = new WelfordVariance(d);
        int warmup = settings.warmup();
        for (int it = 0; it < settings.iterations(); it++) {
            boolean warm = it < warmup;
            double usedEps = settings.stepJitter() > 0
                    ? eps * (1 + settings.stepJitter() * (2 * rng.nextDouble() - 1)) : eps;
            Proposal r = transition(x, proposal, stepper, usedEps, rng);
            if (warm) {
                eps = da.update(r.acceptance);
                if (schedule.inSlowWindow(it)) {
                    variance.add(x.q);
                }
                if (schedule.endsSlowWindow(it)) {
                    variance.regularisedVariance(inverseMass);
                    variance.reset();
                    eps = reasonableStep(x, stepper, eps, rng, proposal);
                    da.restart(eps);
                }
                if (it == warmup - 1) {
                    eps = da.averagedStep();
                }
            }
            Transition t = new Transition(chain, it, warm, x.q, x.potential, r.acceptance, r.accepted, r.divergent,
                    r.energyError, usedEps);
            for (HmcObserver o : observers) {
                o.transition(t);
            }
        }
        return new ChainState(eps, inverseMass);
    }

    /** Outcome of one proposal. */
    private record Proposal(double acceptance, boolean accepted, boolean divergent, double energyError) {
    }

    /**
     * One HMC iteration: fresh momentum, {@code L} leapfrog steps, Metropolis test. {@code x} becomes the new
     * state (unchanged if rejected).
     */
    private Proposal transition(PhasePoint x, PhasePoint proposal, LeapfrogStepper stepper, double eps,
            Xoshiro256StarStar rng) {
        drawMomentum(x.p, stepper.inverseMass(), rng);
        double h0 = stepper.hamiltonian(x);
        proposal.copyFrom(x);
        boolean divergent = false;
        double error = 0;
        for (int s = 0; s < settings.leapfrogSteps(); s++) {
            stepper.step(proposal, eps);
            error = stepper.hamiltonian(proposal) - h0;
            if (!(error <= settings.maxEnergyError())) {
                divergent = true;
                break;
            }
        }
        double acceptance = divergent ? 0 : Math.min(1, Math.exp(-error));
        // the uniform is drawn even for divergences, so one decision uses one number whatever happened
        boolean accept = rng.nextDouble() < acceptance;
        if (accept) {
            x.copyFrom(proposal);
        }
        return new Proposal(acceptance, accept, divergent, error);
    }

    private static void drawMomentum(double[] p, double[] inverseMass, Xoshiro256StarStar rng) {
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextGaussian() / Math.sqrt(inverseMass[i]);
        }
    }

    /**
     * Hoffman and Gelman (2014), Algorithm 4: doubles or halves the step size from {@code eps} until the
     * acceptance probability of a single leapfrog step crosses 1/2.
     */
    private static double reasonableStep(PhasePoint x, LeapfrogStepper stepper, double eps, Xoshiro256StarStar rng,
            PhasePoint probe) {
        drawMomentum(x.p, stepper.inverseMass(), rng);
        double h0 = stepper.hamiltonian(x);
        double logRatio = oneStep(x, probe, stepper, eps, h0);
        int direction = logRatio > Math.log(0.5) ? 1 : -1;
        for (int i = 0; i < HEURISTIC_LIMIT; i++) {
            if (!(direction * logRatio > -direction * Math.log(2))) {
                break;
            }
            double next = direction > 0 ? eps * 2 : eps / 2;
            double r = oneStep(x, probe, stepper, next, h0);
            if (direction > 0 && r == Double.NEGATIVE_INFINITY) {
                // doubling would leave the region where the potential is defined: keep the last good step
                break;
            }
            eps = next;
            logRatio = r;
        }
        return eps;
    }

    /** @return {@code H_0 - H_1} after one leapfrog step from {@code x} ({@code -infinity} if not finite) */
    private static double oneStep(PhasePoint x, PhasePoint probe, LeapfrogStepper stepper, double eps, double h0) {
        probe.copyFrom(x);
        stepper.step(probe, eps);
        double r = h0 - stepper.hamiltonian(probe);
        return Double.isNaN(r) ? Double.NEGATIVE_INFINITY : r;
    }

    /** Counts gradient evaluations of a chain. */
    private static final class CountingPotential implements Potential {
        private final Potential inner;
        private long count;

        CountingPotential(Potential inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public double valueAndGradient(double[] q, double[] gradient) {
            count++;
            return inner.valueAndGradient(q, gradient);
        }
    }
}
