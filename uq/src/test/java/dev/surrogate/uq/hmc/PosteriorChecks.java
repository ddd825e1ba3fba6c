package dev.surrogate.uq.hmc;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks of HMC draws against a known Gaussian posterior, with tolerances of a few Monte Carlo standard errors,
 * each from the effective sample size of the quantity it estimates (fixed-length HMC can be antithetic for the
 * mean, ESS above the draw count, and slow for second moments at the same time).
 */
final class PosteriorChecks {
    /** Standard errors a moment may be off by before a check fails. */
    static final double Z = 4.5;

    private PosteriorChecks() {
    }

    /**
     * Mean within {@code Z sqrt(S_ii / ESS)}, ESS that of the coordinate's draws; covariance entry within
     * {@code Z sqrt((S_ij^2 + S_ii S_jj) / ESS)} (the variance of the product of two centred Gaussian coordinates),
     * ESS that of the products {@code (x_i - m_i)(x_j - m_j)}.
     */
    static void assertMatches(HmcRun run, double[] mean, double[][] cov) {
        int d = mean.length;
        double[][] all = run.pooledDraws();
        int n = all.length;
        double[] m = new double[d];
        for (double[] x : all) {
            for (int i = 0; i < d; i++) {
                m[i] += x[i] / n;
            }
        }
        double[] ess = new double[d];
        for (int i = 0; i < d; i++) {
            ess[i] = ConvergenceDiagnostics.ess(run.draws(i));
            assertTrue(ess[i] > 100, "bulk ESS of coordinate " + i + " is only " + ess[i]);
            double tol = Z * Math.sqrt(cov[i][i] / ess[i]);
            assertTrue(Math.abs(m[i] - mean[i]) < tol, "mean " + i + ": " + m[i] + " vs " + mean[i] + " (tol " + tol
                    + ")");
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double c = 0;
                for (double[] x : all) {
                    c += (x[i] - m[i]) * (x[j] - m[j]);
                }
                c /= n - 1;
                double[][] xi = run.draws(i);
                double[][] xj = run.draws(j);
                for (int k = 0; k < xi.length; k++) {
                    for (int t = 0; t < xi[k].length; t++) {
                        xi[k][t] = (xi[k][t] - m[i]) * (xj[k][t] - m[j]);
                    }
                }
                double e = ConvergenceDiagnostics.ess(xi);
                assertTrue(e > 100, "ESS of the product of coordinates " + i + " and " + j + " is only " + e);
                double tol = Z * Math.sqrt((cov[i][j] * cov[i][j] + cov[i][i] * cov[j][j]) / e);
                assertTrue(Math.abs(c - cov[i][j]) < tol, "covariance (" + i + "," + j + "): " + c + " vs "
                        + cov[i][j] + " (tol " + tol + ")");
            }
        }
    }
}
