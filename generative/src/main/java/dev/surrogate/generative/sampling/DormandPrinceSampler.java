package dev.surrogate.generative.sampling;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.AdaptiveStepsizeIntegrator;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * Adaptive Dormand-Prince integration through Hipparchus ({@code DormandPrince54Integrator}, 5(4) with 6
 * evaluations per accepted step thanks to first-same-as-last, or {@code DormandPrince853Integrator}, 8(5,3) with
 * 12), one integrator per row so that a row's steps are controlled by its own error alone (Hipparchus' scaled RMS
 * norm with {@code atol + rtol |z|} per value) and never depend on the batch. The rows' integrators run in lockstep
 * (see {@link Lockstep}): every velocity evaluation any row needs is gathered into one batched call of the field.
 * A row's NFE is its integrator's evaluation count (the start-up step-size estimate included).
 */
public final class DormandPrinceSampler implements Sampler {
    /** Default relative tolerance. */
    public static final double DEFAULT_RTOL = 1e-3;
    /** Default absolute tolerance (normalised units). */
    public static final double DEFAULT_ATOL = 1e-3;
    /** Smallest step before the integration fails. */
    private static final double MIN_STEP = 1e-8;

    /** The embedded pair. */
    public enum Pair {
        /** Dormand-Prince 5(4). */
        DP54,
        /** Dormand-Prince 8(5,3). */
        DP853
    }

    private final Pair pair;
    private final double rtol;
    private final double atol;

    /**
     * @param pair embedded pair
     * @param rtol relative tolerance, positive
     * @param atol absolute tolerance, positive
     */
    public DormandPrinceSampler(Pair pair, double rtol, double atol) {
        if (!(rtol > 0) || !(atol > 0) || !Double.isFinite(rtol) || !Double.isFinite(atol)) {
            throw new IllegalArgumentException("Dormand-Prince tolerances must be positive and finite, got rtol="
                    + rtol + ", atol=" + atol);
        }
        this.pair = pair;
        this.rtol = rtol;
        this.atol = atol;
    }

    @Override
    public String name() {
        return "dopri";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampler", name());
        m.put("pair", pair.name().toLowerCase(Locale.ROOT));
        m.put("rtol", rtol);
        m.put("atol", atol);
        return m;
    }

    @Override
    public int[] sample(VelocityField field, double[] z, int rows, RowNoise noise) {
        Sampler.check(field, z, rows);
        int d = field.dimension();
        int[] nfe = new int[rows];
        if (rows == 1) {
            int[] id = {0};
            double[] t = new double[1];
            nfe[0] = integrate(z, 0, d, (time, y) -> {
                double[] v = new double[d];
                t[0] = time;
                field.evaluate(1, id, t, y, v);
                return v;
            });
            return nfe;
        }
        Lockstep lockstep = new Lockstep(field, rows);
        lockstep.run(row -> nfe[row] = integrate(z, row * d, d, (time, y) -> lockstep.request(row, time, y)));
        return nfe;
    }

    /** One row's derivative. */
    @FunctionalInterface
    interface Derivative {
        double[] at(double t, double[] y);
    }

    /** Integrates one row in place and returns its evaluation count. */
    private int integrate(double[] z, int offset, int d, Derivative derivative) {
        AdaptiveStepsizeIntegrator integrator = pair == Pair.DP54
                ? new DormandPrince54Integrator(MIN_STEP, 1, atol, rtol)
                : new DormandPrince853Integrator(MIN_STEP, 1, atol, rtol);
        double[] y0 = new double[d];
        System.arraycopy(z, offset, y0, 0, d);
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return d;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                return derivative.at(t, y);
            }
        };
        try {
            double[] y1 = integrator.integrate(ode, new ODEState(0, y0), 1).getPrimaryState();
            System.arraycopy(y1, 0, z, offset, d);
        } catch (MathIllegalStateException | MathIllegalArgumentException e) {
            throw new IllegalStateException("adaptive Dormand-Prince sampling failed (rtol " + rtol + ", atol " + atol
                    + "): " + e.getMessage(), e);
        }
        return integrator.getEvaluations();
    }
}
