package dev.surrogate.operators.physics;

import dev.surrogate.pde.residual.TimeStencil;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The time derivative of a window of snapshots by finite differences, in a SameDiff graph: the weights of a
 * {@link TimeStencil} (order 2, 4 or 6; centred where the stencil fits, one-sided of the same order at the window
 * ends; uniform spacing) applied as one matrix product along the time axis. The same weights as the
 * {@code double[]} reference, by construction.
 */
public final class TimeDifference {
    private final TimeStencil stencil;

    /** @param stencil the stencil (its snapshot count is the window length T) */
    public TimeDifference(TimeStencil stencil) {
        this.stencil = Objects.requireNonNull(stencil, "stencil");
    }

    /**
     * @param times snapshot times of the window {@code [T]}, uniformly spaced
     * @param order even order, 2, 4 or 6
     * @return the time difference
     * @throws IllegalArgumentException if the spacing is not uniform or the window too short for the order
     */
    public static TimeDifference of(double[] times, int order) {
        return new TimeDifference(TimeStencil.uniform(times, order));
    }

    /** @return the stencil */
    public TimeStencil stencil() {
        return stencil;
    }

    /** @return the window length T */
    public int snapshots() {
        return stencil.snapshots();
    }

    /**
     * @param sd     the graph
     * @param window snapshots {@code [batch, T, rest...]} in any floating-point type
     * @param rest   the trailing shape, e.g. {@code [fields, nx]} or {@code [fields, ny, nx]}
     * @return {@code D_t window}, same shape and type
     */
    public SDVariable apply(SameDiff sd, SDVariable window, long... rest) {
        int t = stencil.snapshots();
        int[] perm = new int[rest.length + 2];
        perm[0] = 1;
        perm[1] = 0;
        for (int i = 2; i < perm.length; i++) {
            perm[i] = i;
        }
        long[] byTime = new long[rest.length + 2];
        byTime[0] = t;
        byTime[1] = -1;
        System.arraycopy(rest, 0, byTime, 2, rest.length);
        SDVariable d = GraphConstants.get(sd, "time_difference/order" + stencil.order() + "_T" + t + "_h"
                + Double.doubleToLongBits(stencil.spacing()), window.dataType(), stencil::matrix, t, t);
        SDVariable timeMajor = window.permute(perm).reshape(t, -1);
        return d.mmul(timeMajor).reshape(byTime).permute(perm);
    }

    /** @return a one-line description of the stencil */
    public String describe() {
        return stencil.describe();
    }
}
