package dev.surrogate.uq.inverse;

import dev.surrogate.uq.hmc.Potential;
import java.util.Locale;

/**
 * The posterior of the viscosity and the observation noise scale given sparse observations {@code y} and a forward
 * model {@code G}, as an HMC {@link Potential} over {@code q = (log nu, log sigma)}:
 * <pre>
 *   U(q) = |G(nu) - y|^2 / (2 sigma^2) + n log sigma + (log nu - mu)^2 / (2 s^2)
 * </pre>
 * Gaussian likelihood of the n observations, a log-normal prior on {@code nu} ({@link Prior}) and the Jeffreys
 * prior {@code p(sigma) ~ 1/sigma} (flat in {@code log sigma}). Sampling in logarithms keeps both positive.
 */
public final class ViscosityPosterior implements Potential {
    private final ForwardModel forward;
    private final double[] y;
    private final Prior prior;
    private final double[] dm = new double[1];

    /**
     * Log-normal prior on {@code nu}: {@code log nu ~ N(mu, s^2)}.
     *
     * @param mu mean of {@code log nu}
     * @param s  standard deviation of {@code log nu}, positive
     */
    public record Prior(double mu, double s) {
        /** Validates the scale. */
        public Prior {
            if (!(s > 0) || !Double.isFinite(s) || !Double.isFinite(mu)) {
                throw new IllegalArgumentException("log-normal prior needs a finite mean and a positive scale, got "
                        + mu + ", " + s);
            }
        }

        /**
         * The log-normal prior that puts 95 % of its mass between {@code lo} and {@code hi}: {@code mu} the
         * midpoint of their logarithms, {@code s} a quarter of their log-distance.
         *
         * @param lo lower viscosity, positive
         * @param hi upper viscosity, above {@code lo}
         * @return the prior
         */
        public static Prior between(double lo, double hi) {
            if (!(lo > 0) || !(hi > lo) || !Double.isFinite(hi)) {
                throw new IllegalArgumentException("prior range of nu must satisfy 0 < LO < HI, got " + lo + ":" + hi);
            }
            return new Prior(0.5 * (Math.log(lo) + Math.log(hi)), 0.25 * (Math.log(hi) - Math.log(lo)));
        }

        /**
         * @param text {@code LO:HI}
         * @return {@link #between}
         * @throws IllegalArgumentException naming the text if malformed
         */
        public static Prior parse(String text) {
            String[] p = text.split(":");
            if (p.length != 2) {
                throw new IllegalArgumentException("prior range of nu must be LO:HI, got '" + text + "'");
            }
            try {
                return between(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("prior range of nu must be LO:HI with numbers, got '" + text + "'");
            }
        }

        /** @return e.g. {@code "log nu ~ N(-3.45, 0.576^2) (95 % in [0.01, 0.1])"} */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "log nu ~ N(%.4g, %.4g^2) (95 %% in [%.4g, %.4g])", mu, s,
                    Math.exp(mu - 2 * s), Math.exp(mu + 2 * s));
        }
    }

    /**
     * @param forward the forward model
     * @param y       observed values {@code [n]}
     * @param prior   prior of {@code nu}
     */
    public ViscosityPosterior(ForwardModel forward, double[] y, Prior prior) {
        this.forward = forward;
        this.y = y.clone();
        this.prior = prior;
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double valueAndGradient(double[] q, double[] gradient) {
        double logNu = q[0];
        double logSigma = q[1];
        double nu = Math.exp(logNu);
        if (!Double.isFinite(nu) || nu <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double m;
        try {
            m = forward.misfit(nu, y, dm);
        } catch (RuntimeException e) {
            // a solver that blows up at an extreme nu: outside the region the chain can go
            return Double.POSITIVE_INFINITY;
        }
        double invVar = Math.exp(-2 * logSigma);
        double z = (logNu - prior.mu()) / prior.s();
        double u = m * invVar + y.length * logSigma + 0.5 * z * z;
        gradient[0] = nu * dm[0] * invVar + z / prior.s();
        gradient[1] = -2 * m * invVar + y.length;
        return Double.isNaN(u) ? Double.POSITIVE_INFINITY : u;
    }

    /** @return the prior */
    public Prior prior() {
        return prior;
    }
}
