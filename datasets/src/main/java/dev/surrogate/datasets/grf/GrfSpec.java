package dev.surrogate.datasets.grf;

/**
 * Parameters of the Gaussian random field {@code N(0, sigma^2 (-Laplacian + tau^2 I)^(-alpha))} on a periodic
 * domain of length L: mode {@code k} (integer wavevector) has covariance eigenvalue
 * {@code sigma^2 lambda_k} with {@code lambda_k = (4 pi^2 |k|^2 / L^2 + tau^2)^(-alpha)}. Larger alpha gives
 * smoother fields, tau sets the correlation length (about 1 / tau), sigma the amplitude.
 *
 * @param sigma amplitude, positive and finite (field units)
 * @param tau   inverse correlation length, {@code >= 0} and finite (1 / length units)
 * @param alpha regularity exponent, positive and finite; realisations are smoother as alpha grows
 */
public record GrfSpec(double sigma, double tau, double alpha) {

    /** Validates the parameters. */
    public GrfSpec {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("GRF sigma must be positive and finite, got " + sigma);
        }
        if (!(tau >= 0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("GRF tau must be >= 0 and finite, got " + tau);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("GRF alpha must be positive and finite, got " + alpha);
        }
    }

    /**
     * The FNO Burgers benchmark's initial condition {@code N(0, 625 (-Laplacian + 25 I)^(-2))} on L = 1:
     * sigma = 25, tau = 5, alpha = 2.
     *
     * @return the 1-D default
     */
    public static GrfSpec fnoBurgers() {
        return new GrfSpec(25, 5, 2);
    }

    /**
     * The FNO Navier-Stokes benchmark's initial vorticity: alpha = 2.5, tau = 7,
     * {@code sigma = tau^(alpha - d/2) = 7^1.5} for d = 2.
     *
     * @return the 2-D default
     */
    public static GrfSpec fnoNavierStokes() {
        double alpha = 2.5;
        double tau = 7;
        return new GrfSpec(Math.pow(tau, alpha - 1.0), tau, alpha);
    }

    /**
     * @param k2     squared integer wavevector length {@code |k|^2}
     * @param length domain length L
     * @return {@code lambda_k = (4 pi^2 |k|^2 / L^2 + tau^2)^(-alpha)}
     */
    public double eigenvalue(double k2, double length) {
        return Math.pow(4 * Math.PI * Math.PI * k2 / (length * length) + tau * tau, -alpha);
    }

    @Override
    public String toString() {
        return "GRF N(0, sigma^2 (-Laplacian + tau^2 I)^(-alpha)), sigma=" + sigma + ", tau=" + tau
                + ", alpha=" + alpha;
    }
}
