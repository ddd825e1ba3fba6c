package dev.surrogate.pde.equations;

import dev.surrogate.pde.spectral.SpectralGrid2D;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time-independent body force {@code f(x, y)} on a periodic 2-D domain, kept together with the formula that
 * produced it so datasets can record it (the NetCDF attribute {@code forcing}).
 *
 * <p>Immutable and thread-safe. {@link #sample(SpectralGrid2D)} evaluates it at the cell positions of a grid,
 * giving the {@code double[ny * nx]} field (x fastest) that {@link NavierStokes2D} takes.
 */
public final class Forcing2D {
    /** No forcing: {@code f = 0}. */
    public static final Forcing2D NONE = new Forcing2D("0", (x, y) -> 0.0);

    private final String expression;
    private final DoubleBinaryOperator field;

    private Forcing2D(String expression, DoubleBinaryOperator field) {
        this.expression = expression;
        this.field = field;
    }

    /**
     * A forcing from a formula.
     *
     * @param expression the formula in words or code, recorded in metadata, e.g. {@code "0.1*sin(4*pi*y)"}
     * @param field      {@code f(x, y)} at physical position (x, y) (same length unit as the grid); it must be periodic
     *                   on the domain for the spectral method to represent it
     * @return the forcing
     * @throws IllegalArgumentException for a blank expression
     */
    public static Forcing2D of(String expression, DoubleBinaryOperator field) {
        Objects.requireNonNull(field, "field");
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("forcing expression must be non-blank (it is recorded in metadata)");
        }
        return new Forcing2D(expression, field);
    }

    /**
     * The forcing of the FNO Navier-Stokes benchmark (Li et al. 2021), {@code 0.1 (sin(2 pi (x + y)) +
     * cos(2 pi (x + y)))} on the unit square, written for a square domain of side L as
     * {@code 0.1 (sin(2 pi (x + y) / L) + cos(2 pi (x + y) / L))} so that it stays periodic; for L = 1 it is the
     * benchmark's field exactly.
     *
     * @param length side L of the square domain, positive
     * @return the forcing
     */
    public static Forcing2D fno(double length) {
        checkLength(length);
        double k = 2 * Math.PI / length;
        String expr = length == 1.0
                ? "0.1*(sin(2*pi*(x+y)) + cos(2*pi*(x+y)))"
                : "0.1*(sin(2*pi*(x+y)/L) + cos(2*pi*(x+y)/L)), L=" + length;
        return new Forcing2D(expr, (x, y) -> 0.1 * (Math.sin(k * (x + y)) + Math.cos(k * (x + y))));
    }

    /**
     * Kolmogorov forcing {@code amplitude * sin(2 pi m y / L)}: a shear force along x that varies in y.
     *
     * @param amplitude force amplitude (vorticity per time)
     * @param mode      integer mode number m >= 1 in y
     * @param length    domain length L in y, positive
     * @return the forcing
     */
    public static Forcing2D kolmogorov(double amplitude, int mode, double length) {
        checkLength(length);
        if (mode < 1) {
            throw new IllegalArgumentException("Kolmogorov forcing mode must be >= 1, got " + mode);
        }
        double k = 2 * Math.PI * mode / length;
        return new Forcing2D(amplitude + "*sin(2*pi*" + mode + "*y/" + length + ")",
                (x, y) -> amplitude * Math.sin(k * y));
    }

    /**
     * The forcing whose {@link #expression()} is {@code expression} on a square domain of side {@code length}:
     * the inverse of this class's factories, for reading the {@code forcing} attribute a dataset stores. Accepted
     * are exactly the expressions {@link #NONE}, {@link #fno(double)} and {@link #kolmogorov(double, int, double)}
     * write; a match is confirmed by rebuilding the forcing and comparing its expression.
     *
     * @param expression a stored forcing expression, e.g. {@code "0.1*(sin(2*pi*(x+y)) + cos(2*pi*(x+y)))"}
     * @param length     side L of the square domain the data lives on, positive
     * @return the forcing
     * @throws IllegalArgumentException if the expression is none of those this class writes (the message quotes
     *                                  it), or names another domain length
     */
    public static Forcing2D fromExpression(String expression, double length) {
        checkLength(length);
        if (expression == null) {
            throw new IllegalArgumentException("no forcing expression");
        }
        String e = expression.trim();
        if (e.equals(NONE.expression)) {
            return NONE;
        }
        Forcing2D fno = fno(length);
        if (e.equals(fno.expression)) {
            return fno;
        }
        Matcher m = Pattern.compile(
                "(.+)\\*sin\\(2\\*pi\\*(\\d+)\\*y/(.+)\\)").matcher(e);
        if (m.matches()) {
            try {
                double amplitude = Double.parseDouble(m.group(1));
                int mode = Integer.parseInt(m.group(2));
                double l = Double.parseDouble(m.group(3));
                Forcing2D k = kolmogorov(amplitude, mode, l);
                if (k.expression.equals(e)) {
                    if (l != length) {
                        throw new IllegalArgumentException("forcing '" + e + "' is written for L = " + l
                                + " but the domain length is " + length);
                    }
                    return k;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("unknown forcing expression '" + e + "' (known: '" + NONE.expression
                + "', the FNO forcing '" + fno.expression + "', Kolmogorov 'A*sin(2*pi*M*y/L)')");
    }

    private static void checkLength(double length) {
        if (!(length > 0) || !Double.isFinite(length)) {
            throw new IllegalArgumentException("domain length must be positive and finite, got " + length);
        }
    }

    /** @return the formula, for metadata */
    public String expression() {
        return expression;
    }

    /**
     * @param x position in x
     * @param y position in y
     * @return {@code f(x, y)}
     */
    public double at(double x, double y) {
        return field.applyAsDouble(x, y);
    }

    /**
     * Evaluates the forcing at the cell positions of a grid.
     *
     * @param grid the grid
     * @return a new {@code double[ny * nx]}, x fastest
     */
    public double[] sample(SpectralGrid2D grid) {
        int nx = grid.nx();
        double[] f = new double[grid.size()];
        for (int iy = 0; iy < grid.ny(); iy++) {
            double y = grid.y(iy);
            for (int ix = 0; ix < nx; ix++) {
                f[iy * nx + ix] = field.applyAsDouble(grid.x(ix), y);
            }
        }
        return f;
    }

    /** @return true if this is {@link #NONE} */
    public boolean isNone() {
        return this == NONE;
    }

    @Override
    public String toString() {
        return expression;
    }
}
