package dev.surrogate.uq.hmc;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.apache.commons.math3.complex.Complex;

/**
 * Convergence diagnostics of several Markov chains of one scalar quantity, after Vehtari, Gelman, Simpson,
 * Carpenter and Buerkner (2021), "Rank-normalization, folding, and localization: an improved R-hat for assessing
 * convergence of MCMC", Bayesian Analysis 16(2). Input {@code chains[m][n]}: M chains of N draws each.
 *
 * <ul>
 *   <li>{@link #rhat}: the potential scale reduction {@code sqrt(var+ / W)} with
 *       {@code var+ = (N-1)/N W + B/N}, W the mean within-chain variance, B/N the variance of the chain means;</li>
 *   <li>{@link #splitRhat}: the paper's R-hat: the maximum of the rank-normalised split R-hat (location) and of the
 *       same for the draws folded about their median (scale);</li>
 *   <li>{@link #ess}: the effective sample size {@code MN / tau} with the multi-chain autocorrelation
 *       {@code rho_t = 1 - (W - mean_m s_m^2 rho_{t,m}) / var+} summed by Geyer's initial monotone sequence;</li>
 *   <li>{@link #bulkEss}: the ESS of the rank-normalised split chains.</li>
 * </ul>
 * Rank normalisation: pooled ranks r (ties averaged) mapped to {@code Phi^-1((r - 3/8) / (S + 1/4))}, S the total
 * number of draws. Splitting halves each chain (the middle draw of an odd chain is dropped), which exposes trends
 * within a chain. Results are NaN when the chains are constant or have fewer than 4 draws.
 */
public final class ConvergenceDiagnostics {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
    private static final FastFourierTransformer FFT = new FastFourierTransformer(DftNormalization.STANDARD);

    private ConvergenceDiagnostics() {
    }

    /**
     * @param chains {@code [M][N]}, at least one chain, all of the same length
     * @return the potential scale reduction factor of the chains as given (no splitting or ranking)
     */
    public static double rhat(double[][] chains) {
        int m = check(chains);
        int n = chains[0].length;
        if (n < 2) {
            return Double.NaN;
        }
        double[] means = new double[m];
        double w = 0;
        for (int c = 0; c < m; c++) {
            means[c] = mean(chains[c]);
            w += variance(chains[c], means[c]);
        }
        w /= m;
        double bOverN = m > 1 ? variance(means, mean(means)) : 0;
        double varPlus = (n - 1.0) / n * w + bOverN;
        return w > 0 ? Math.sqrt(varPlus / w) : Double.NaN;
    }

    /**
     * @param chains {@code [M][N]}
     * @return the rank-normalised split R-hat, the maximum over the bulk and the folded draws (Vehtari et al.
     *         2021, section 4.2); below 1.01 is their threshold for convergence
     */
    public static double splitRhat(double[][] chains) {
        check(chains);
        if (chains[0].length < 4) {
            return Double.NaN;
        }
        double bulk = rhat(rankNormalise(split(chains)));
        double tail = rhat(rankNormalise(split(fold(chains))));
        if (Double.isNaN(bulk) || Double.isNaN(tail)) {
            return Double.NaN;
        }
        return Math.max(bulk, tail);
    }

    /**
     * @param chains {@code [M][N]}
     * @return the bulk effective sample size: {@link #ess} of the rank-normalised split chains
     */
    public static double bulkEss(double[][] chains) {
        check(chains);
        if (chains[0].length < 4) {
            return Double.NaN;
        }
        return ess(rankNormalise(split(chains)));
    }

    /**
     * Effective sample size of the chains as given (no splitting or ranking), Vehtari et al. (2021) eqs. (10) and
     * (11): {@code MN / tau}, {@code tau = -1 + 2 sum_k P_k} over Geyer's pair sums
     * {@code P_k = rho_{2k} + rho_{2k+1}}, truncated before the first negative pair and made monotone; capped at
     * {@code MN log10(MN)} (antithetic chains can exceed MN, not without bound).
     *
     * @param chains {@code [M][N]}, N at least 4
     * @return the ESS, NaN for constant chains
     */
    public static double ess(double[][] chains) {
        int m = check(chains);
        int n = chains[0].length;
        if (n < 4) {
            return Double.NaN;
        }
        double[][] acov = new double[m][];
        double[] means = new double[m];
        double w = 0;
        for (int c = 0; c < m; c++) {
            means[c] = mean(chains[c]);
            acov[c] = autocovariance(chains[c], means[c]);
            w += acov[c][0] * n / (n - 1.0);
        }
        w /= m;
        double bOverN = m > 1 ? variance(means, mean(means)) : 0;
        double varPlus = (n - 1.0) / n * w + bOverN;
        if (!(w > 0) || !(varPlus > 0)) {
            return Double.NaN;
        }
        double[] rho = new double[n];
        for (int t = 0; t < n; t++) {
            double s = 0;
            for (int c = 0; c < m; c++) {
                // s_m^2 rho_{t,m} with s_m^2 the unbiased variance and rho_{t,m} = acov_t / acov_0
                double s2 = acov[c][0] * n / (n - 1.0);
                s += acov[c][0] > 0 ? s2 * acov[c][t] / acov[c][0] : 0;
            }
            rho[t] = 1 - (w - s / m) / varPlus;
        }
        double sum = 0;
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; 2 * k + 1 < n; k++) {
            double pair = rho[2 * k] + rho[2 * k + 1];
            if (pair < 0) {
                break;
            }
            pair = Math.min(pair, previous);
            sum += pair;
            previous = pair;
        }
        double tau = -1 + 2 * sum;
        double total = (double) m * n;
        return Math.min(total / tau, total * Math.log10(total));
    }

    /**
     * @param chains {@code [M][N]}
     * @return {@code [2M][N/2]}: the first and second half of every chain (the middle draw of odd N dropped)
     */
    public static double[][] split(double[][] chains) {
        int m = check(chains);
        int n = chains[0].length;
        int half = n / 2;
        double[][] out = new double[2 * m][];
        for (int c = 0; c < m; c++) {
            out[2 * c] = Arrays.copyOfRange(chains[c], 0, half);
            out[2 * c + 1] = Arrays.copyOfRange(chains[c], n - half, n);
        }
        return out;
    }

    /**
     * @param chains {@code [M][N]}
     * @return the draws' pooled normal scores {@code Phi^-1((r - 3/8) / (S + 1/4))}, r the average rank among all
     *         S draws, in the same layout
     */
    public static double[][] rankNormalise(double[][] chains) {
        int m = check(chains);
        int n = chains[0].length;
        double[] pooled = new double[m * n];
        for (int c = 0; c < m; c++) {
            System.arraycopy(chains[c], 0, pooled, c * n, n);
        }
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(pooled);
        double s = pooled.length;
        double[][] out = new double[m][n];
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = STANDARD_NORMAL.inverseCumulativeProbability((ranks[c * n + i] - 0.375) / (s + 0.25));
            }
        }
        return out;
    }

    /**
     * @param chains {@code [M][N]}
     * @return {@code |x - median|} with the median of all draws, in the same layout
     */
    public static double[][] fold(double[][] chains) {
        int m = check(chains);
        int n = chains[0].length;
        double[] pooled = new double[m * n];
        for (int c = 0; c < m; c++) {
            System.arraycopy(chains[c], 0, pooled, c * n, n);
        }
        Arrays.sort(pooled);
        int s = pooled.length;
        double median = s % 2 == 1 ? pooled[s / 2] : 0.5 * (pooled[s / 2 - 1] + pooled[s / 2]);
        double[][] out = new double[m][n];
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = Math.abs(chains[c][i] - median);
            }
        }
        return out;
    }

    /**
     * Biased autocovariance {@code (1/N) sum_i (x_i - mean)(x_{i+t} - mean)} for every lag {@code t < N}, by FFT of
     * the zero-padded centred series (power spectrum, inverse transform).
     */
    static double[] autocovariance(double[] x, double mean) {
        int n = x.length;
        int size = Integer.highestOneBit(2 * n - 1) << 1;
        double[] re = new double[size];
        for (int i = 0; i < n; i++) {
            re[i] = x[i] - mean;
        }
        Complex[] f = FFT.transform(re, TransformType.FORWARD);
        double[] power = new double[size];
        for (int i = 0; i < size; i++) {
            double a = f[i].getReal();
            double b = f[i].getImaginary();
            power[i] = a * a + b * b;
        }
        Complex[] back = FFT.transform(power, TransformType.INVERSE);
        double[] acov = new double[n];
        for (int t = 0; t < n; t++) {
            acov[t] = back[t].getReal() / n;
        }
        return acov;
    }

    private static int check(double[][] chains) {
        if (chains.length == 0) {
            throw new IllegalArgumentException("no chains");
        }
        int n = chains[0].length;
        for (int c = 1; c < chains.length; c++) {
            if (chains[c].length != n) {
                throw new IllegalArgumentException("chain " + c + " has " + chains[c].length + " draws, chain 0 has "
                        + n);
            }
        }
        return chains.length;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Unbiased sample variance about a given mean. */
    private static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            double d = v - mean;
            s += d * d;
        }
        return s / (x.length - 1);
    }
}
