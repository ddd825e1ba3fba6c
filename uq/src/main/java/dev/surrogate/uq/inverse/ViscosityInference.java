package dev.surrogate.uq.inverse;

import dev.surrogate.uq.hmc.ConvergenceDiagnostics;
import dev.surrogate.uq.hmc.HamiltonianMonteCarlo;
import dev.surrogate.uq.hmc.HmcObserver;
import dev.surrogate.uq.hmc.HmcRun;
import dev.surrogate.uq.hmc.HmcSettings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * HMC on {@code (log nu, log sigma)} for one forward model ({@link ViscosityPosterior}), chains started at the prior
 * median of {@code nu} and the noise scale of a least-squares fit there, and the posterior summary of {@code nu}.
 */
public final class ViscosityInference {
    private ViscosityInference() {
    }

    /**
     * Posterior summary of one inference.
     *
     * @param forward     forward model name
     * @param nuMean      posterior mean of nu
     * @param nuSd        posterior standard deviation of nu
     * @param nuLow       5 % quantile of nu
     * @param nuMedian    median of nu
     * @param nuHigh      95 % quantile of nu
     * @param trueNu      the true nu (NaN if unknown)
     * @param sigmaMean   posterior mean of the noise scale
     * @param rhat        largest rank-normalised split R-hat of log nu, log sigma and the potential
     * @param bulkEss     smallest bulk ESS of the same
     * @param run         the chains
     * @param evaluations forward-model calls
     * @param seconds     wall time of the sampling
     */
    public record Result(String forward, double nuMean, double nuSd, double nuLow, double nuMedian, double nuHigh,
            double trueNu, double sigmaMean, double rhat, double bulkEss, HmcRun run, long evaluations,
            double seconds) {

        /** @return whether the 90 % interval holds the true nu (false if it is unknown) */
        public boolean containsTrue() {
            return trueNu >= nuLow && trueNu <= nuHigh;
        }

        /** @return plain values for JSON */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", forward);
            m.put("nu_mean", nuMean);
            m.put("nu_sd", nuSd);
            m.put("nu_q05", nuLow);
            m.put("nu_median", nuMedian);
            m.put("nu_q95", nuHigh);
            m.put("true_nu", Double.isNaN(trueNu) ? null : trueNu);
            m.put("contains_true_nu", Double.isNaN(trueNu) ? null : containsTrue());
            m.put("noise_scale_mean", sigmaMean);
            m.put("r_hat", rhat);
            m.put("bulk_ess", bulkEss);
            HmcRun.Summary s = run.summary();
            m.put("acceptance", s.meanAcceptance());
            m.put("divergences", s.divergences());
            m.put("draws", s.draws());
            m.put("gradient_evaluations", s.gradients());
            m.put("forward_evaluations", evaluations);
            m.put("seconds", seconds);
            return m;
        }
    }

    /**
     * @param forward  the forward model
     * @param obs      the observations
     * @param prior    prior of nu
     * @param settings sampler settings (2-D target: a few leapfrog steps suffice)
     * @param observer progress observer
     * @return the posterior summary
     */
    public static Result run(ForwardModel forward, Observations obs, ViscosityPosterior.Prior prior,
            HmcSettings settings, HmcObserver observer) {
        long t0 = System.nanoTime();
        ViscosityPosterior posterior = new ViscosityPosterior(forward, obs.values(), prior);
        double nu0 = Math.exp(prior.mu());
        double m0 = forward.misfit(nu0, obs.values(), null);
        double sigma0 = Math.sqrt(2 * m0 / obs.count());
        double[] start = {prior.mu(), Math.log(Math.max(sigma0, 1e-12))};
        long before = forward.evaluations();
        HmcRun run = new HamiltonianMonteCarlo(settings).run(posterior, start, observer);
        double[][] pooled = run.pooledDraws();
        double[] nu = new double[pooled.length];
        double sigma = 0;
        for (int i = 0; i < nu.length; i++) {
            nu[i] = Math.exp(pooled[i][0]);
            sigma += Math.exp(pooled[i][1]) / nu.length;
        }
        double mean = Arrays.stream(nu).average().orElse(Double.NaN);
        double var = 0;
        for (double v : nu) {
            var += (v - mean) * (v - mean) / Math.max(1, nu.length - 1);
        }
        double rhat = Double.NEGATIVE_INFINITY;
        double ess = Double.POSITIVE_INFINITY;
        for (double[][] x : new double[][][] {run.draws(0), run.draws(1), run.potentials()}) {
            rhat = Math.max(rhat, ConvergenceDiagnostics.splitRhat(x));
            ess = Math.min(ess, ConvergenceDiagnostics.bulkEss(x));
        }
        return new Result(forward.name(), mean, Math.sqrt(var), quantile(nu, 5), quantile(nu, 50),
                quantile(nu, 95), obs.trueNu(), sigma, rhat, ess, run, forward.evaluations() - before + 1,
                (System.nanoTime() - t0) * 1e-9);
    }

    /** Empirical quantile with linear interpolation between order statistics (numpy's default, R type 7). */
    static double quantile(double[] x, double percent) {
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        return p.evaluate(x, percent);
    }
}
