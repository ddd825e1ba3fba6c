package dev.surrogate.uq.hmc;

/**
 * Step-size tuning by Nesterov's dual averaging, as in Hoffman and Gelman (2014), "The No-U-Turn Sampler", JMLR
 * 15, Algorithm 5: after the {@code m}-th transition with acceptance statistic {@code alpha_m},
 * <pre>
 *   H_m          = (1 - 1/(m + t0)) H_{m-1} + (delta - alpha_m) / (m + t0)
 *   log eps_m    = mu - sqrt(m) / gamma * H_m
 *   log epsbar_m = m^-kappa log eps_m + (1 - m^-kappa) log epsbar_{m-1}
 * </pre>
 * with {@code mu = log(10 eps_0)}, {@code gamma = 0.05}, {@code t0 = 10}, {@code kappa = 0.75} (the paper's
 * values). {@code eps_m} is used during warm-up; the averaged {@code epsbar} is fixed for sampling. The iterates
 * drive the mean acceptance statistic to the target {@code delta}.
 */
public final class DualAveraging {
    /** Shrinkage of {@code log eps} towards {@code mu}. */
    public static final double GAMMA = 0.05;
    /** Stabilises the first iterations. */
    public static final double T0 = 10;
    /** Decay of the averaging weights. */
    public static final double KAPPA = 0.75;

    private final double target;
    private double mu;
    private double h;
    private double logEpsBar;
    private double logEps;
    private int m;

    /**
     * @param target       target mean acceptance statistic {@code delta}, in (0, 1)
     * @param initialStep  starting step size {@code eps_0}, positive
     * @throws IllegalArgumentException for a target outside (0, 1) or a non-positive step
     */
    public DualAveraging(double target, double initialStep) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target acceptance must be in (0, 1), got " + target);
        }
        this.target = target;
        restart(initialStep);
    }

    /**
     * Starts over from a new step size (after the mass matrix changed): {@code mu = log(10 eps)}, counters reset.
     *
     * @param step new starting step size, positive and finite
     */
    public void restart(double step) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("step size must be positive and finite, got " + step);
        }
        mu = Math.log(10 * step);
        h = 0;
        logEpsBar = 0;
        logEps = Math.log(step);
        m = 0;
    }

    /**
     * Feeds one transition's acceptance statistic.
     *
     * @param acceptance {@code min(1, exp(-energy error))} of the transition, in [0, 1] (NaN counts as 0)
     * @return the step size for the next transition
     */
    public double update(double acceptance) {
        double a = Double.isNaN(acceptance) ? 0 : Math.min(1, Math.max(0, acceptance));
        m++;
        double w = 1.0 / (m + T0);
        h = (1 - w) * h + w * (target - a);
        logEps = mu - Math.sqrt(m) / GAMMA * h;
        double eta = Math.pow(m, -KAPPA);
        logEpsBar = eta * logEps + (1 - eta) * logEpsBar;
        return Math.exp(logEps);
    }

    /** @return the current iterate {@code eps_m} */
    public double step() {
        return Math.exp(logEps);
    }

    /** @return the averaged step size {@code epsbar_m} to sample with (the current step before any update) */
    public double averagedStep() {
        return m == 0 ? Math.exp(logEps) : Math.exp(logEpsBar);
    }

    /** @return the target acceptance */
    public double target() {
        return target;
    }
}
