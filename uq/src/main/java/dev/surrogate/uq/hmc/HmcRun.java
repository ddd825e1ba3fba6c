package dev.surrogate.uq.hmc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a sampler run: the chains and their diagnostics.
 *
 * @param settings the run's settings
 * @param chains   one per chain, in order
 * @param seconds  wall time of the whole run
 */
public record HmcRun(HmcSettings settings, List<Chain> chains, double seconds) {

    /** Copies the list. */
    public HmcRun {
        chains = List.copyOf(chains);
    }

    /** @return length of the parameter vector */
    public int dimension() {
        return chains.get(0).draws().length == 0 ? 0 : chains.get(0).draws()[0].length;
    }

    /**
     * @param coordinate index into the parameter vector
     * @return its draws {@code [chains][draws]}
     */
    public double[][] draws(int coordinate) {
        double[][] x = new double[chains.size()][];
        for (int c = 0; c < x.length; c++) {
            x[c] = chains.get(c).coordinate(coordinate);
        }
        return x;
    }

    /** @return the potential at every kept draw {@code [chains][draws]} (the log posterior, negated) */
    public double[][] potentials() {
        double[][] x = new double[chains.size()][];
        for (int c = 0; c < x.length; c++) {
            x[c] = chains.get(c).potentials().clone();
        }
        return x;
    }

    /** @return every kept draw, chain after chain {@code [chains * draws][dimension]} (shared arrays) */
    public double[][] pooledDraws() {
        int n = 0;
        for (Chain c : chains) {
            n += c.draws().length;
        }
        double[][] all = new double[n][];
        int k = 0;
        for (Chain c : chains) {
            for (double[] d : c.draws()) {
                all[k++] = d;
            }
        }
        return all;
    }

    /**
     * @param coordinate index into the parameter vector
     * @return posterior mean of that coordinate over all kept draws
     */
    public double mean(int coordinate) {
        double s = 0;
        long n = 0;
        for (Chain c : chains) {
            for (double[] d : c.draws()) {
                s += d[coordinate];
                n++;
            }
        }
        return s / n;
    }

    /**
     * Per-run summary: the worst rank-normalised split R-hat and the smallest bulk ESS over the parameter
     * coordinates and the potential, the mean acceptance statistic, divergences, step sizes and cost.
     *
     * @return the summary
     */
    public Summary summary() {
        int d = dimension();
        double maxRhat = ConvergenceDiagnostics.splitRhat(potentials());
        double minEss = ConvergenceDiagnostics.bulkEss(potentials());
        double lpRhat = maxRhat;
        double lpEss = minEss;
        for (int i = 0; i < d; i++) {
            double[][] x = draws(i);
            double r = ConvergenceDiagnostics.splitRhat(x);
            double e = ConvergenceDiagnostics.bulkEss(x);
            if (!Double.isNaN(r)) {
                maxRhat = Double.isNaN(maxRhat) ? r : Math.max(maxRhat, r);
            }
            if (!Double.isNaN(e)) {
                minEss = Double.isNaN(minEss) ? e : Math.min(minEss, e);
            }
        }
        double accept = 0;
        double warmAccept = 0;
        int divergences = 0;
        int warmDivergences = 0;
        long gradients = 0;
        double[] steps = new double[chains.size()];
        int draws = 0;
        for (int c = 0; c < chains.size(); c++) {
            Chain ch = chains.get(c);
            accept += ch.meanAcceptance() / chains.size();
            warmAccept += ch.warmupAcceptance() / chains.size();
            divergences += ch.divergences();
            warmDivergences += ch.warmupDivergences();
            gradients += ch.gradients();
            steps[c] = ch.stepSize();
            draws += ch.draws().length;
        }
        return new Summary(chains.size(), draws, maxRhat, minEss, lpRhat, lpEss, accept, warmAccept, divergences,
                warmDivergences, steps, gradients, seconds);
    }

    /**
     * Diagnostics of a run.
     *
     * @param chains                 chains
     * @param draws                  kept draws over all chains
     * @param maxSplitRhat           largest rank-normalised split R-hat over the coordinates and the potential
     * @param minBulkEss             smallest bulk ESS over the coordinates and the potential
     * @param potentialSplitRhat     split R-hat of the potential (log posterior)
     * @param potentialBulkEss       bulk ESS of the potential
     * @param meanAcceptance         mean acceptance statistic of the sampling phase, averaged over chains
     * @param warmupAcceptance       the same over warm-up
     * @param divergences            divergent trajectories in the sampling phase
     * @param warmupDivergences      divergent trajectories in warm-up
     * @param stepSizes              sampling step size per chain
     * @param gradients              gradient evaluations
     * @param seconds                wall time
     */
    public record Summary(int chains, int draws, double maxSplitRhat, double minBulkEss, double potentialSplitRhat,
            double potentialBulkEss, double meanAcceptance, double warmupAcceptance, int divergences,
            int warmupDivergences, double[] stepSizes, long gradients, double seconds) {

        /** @return the summary as plain values (for JSON) */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chains", chains);
            m.put("draws", draws);
            m.put("max_split_rhat", maxSplitRhat);
            m.put("min_bulk_ess", minBulkEss);
            m.put("potential_split_rhat", potentialSplitRhat);
            m.put("potential_bulk_ess", potentialBulkEss);
            m.put("acceptance", meanAcceptance);
            m.put("warmup_acceptance", warmupAcceptance);
            m.put("divergences", divergences);
            m.put("warmup_divergences", warmupDivergences);
            m.put("step_sizes", java.util.Arrays.stream(stepSizes).boxed().toList());
            m.put("gradient_evaluations", gradients);
            m.put("seconds", seconds);
            return m;
        }
    }
}
