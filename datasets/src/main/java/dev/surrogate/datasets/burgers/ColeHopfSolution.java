package dev.surrogate.datasets.burgers;

/**
 * An exact solution of the viscous Burgers equation {@code u_t + u u_x = nu u_xx} on [0, L) by the Cole-Hopf
 * transform: with {@code phi = a + b exp(-nu k^2 t) cos(k x)}, {@code k = 2 pi / L}, the field
 * <pre>  u = -2 nu phi_x / phi = 2 nu b k exp(-nu k^2 t) sin(k x) / (a + b exp(-nu k^2 t) cos(k x))</pre>
 * solves the equation for any {@code a > |b|} (phi stays positive). Used as a verifiable initial condition.
 *
 * @param a      constant part of phi, {@code a > |b|}
 * @param b      amplitude of phi's cosine
 * @param length domain length L
 */
public record ColeHopfSolution(double a, double b, double length) {

    /** The default used by the generator: a = 2, b = 1. */
    public static final double DEFAULT_A = 2;
    /** The default used by the generator: a = 2, b = 1. */
    public static final double DEFAULT_B = 1;

    /** Validates that phi stays positive. */
    public ColeHopfSolution {
        if (!(a > Math.abs(b)) || !Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("Cole-Hopf solution needs finite a > |b|, got a=" + a + ", b=" + b);
        }
        if (!(length > 0) || !Double.isFinite(length)) {
            throw new IllegalArgumentException("domain length must be positive and finite, got " + length);
        }
    }

    /**
     * @param x  position
     * @param t  time, {@code >= 0}
     * @param nu viscosity
     * @return u(x, t)
     */
    public double value(double x, double t, double nu) {
        double k = 2 * Math.PI / length;
        double e = b * Math.exp(-nu * k * k * t);
        return 2 * nu * k * e * Math.sin(k * x) / (a + e * Math.cos(k * x));
    }
}
