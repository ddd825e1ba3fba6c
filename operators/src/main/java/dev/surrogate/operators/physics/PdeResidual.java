package dev.surrogate.operators.physics;

import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The residual of a PDE on a window of snapshots, differentiable in a SameDiff graph:
 * {@code r = D_t u - F(u)}, with {@code F} the semi-discrete right-hand side the {@code pde} solver integrates
 * (same wavenumbers, dealiasing, forcing and parameters) and {@code D_t} a {@link TimeDifference}.
 *
 * <p>Shapes: a window is {@code [batch, time, fields, x]} (1-D) or {@code [batch, time, fields, y, x]} (2-D),
 * physical values; per-sample parameters are {@code [batch, P]} in the order of {@link #parameterNames()} (a
 * sweep varies them per sample). The residual has the window's shape and units of the fields per unit time. All
 * constants are created in the data type of the window (FLOAT in training graphs, DOUBLE for gradient checks);
 * params must have the same type.
 */
public interface PdeResidual {

    /** @return the equation's name as in the dataset attribute {@code equation}, e.g. {@code "burgers"} */
    String equation();

    /** @return the fields in the order of the window's field axis, e.g. {@code [u, v]} */
    List<String> fieldNames();

    /** @return the per-sample parameters in the order of the params' columns, e.g. {@code [nu]} */
    List<String> parameterNames();

    /** @return the spatial shape: {@code [nx]} or {@code [ny, nx]} */
    int[] spatialShape();

    /** @return how space is discretised, e.g. "Fourier pseudo-spectral, 2/3-rule dealiasing ..." */
    String spatialDiscretisation();

    /**
     * The semi-discrete right-hand side {@code F(u)}.
     *
     * @param sd     the graph
     * @param state  physical states {@code [n, fields, *space]}
     * @param params per-state parameters {@code [n, P]}
     * @return {@code F(u)}, {@code [n, fields, *space]}
     */
    SDVariable rightHandSide(SameDiff sd, SDVariable state, SDVariable params);

    /**
     * The residual {@code D_t u - F(u)} of every snapshot of a window.
     *
     * @param sd     the graph
     * @param window snapshots {@code [batch, T, fields, *space]}, T the time difference's window length
     * @param params per-sample parameters {@code [batch, P]}
     * @param dt     the time difference (window length, spacing, order)
     * @return the residual, {@code [batch, T, fields, *space]}
     */
    default SDVariable residual(SameDiff sd, SDVariable window, SDVariable params, TimeDifference dt) {
        int t = dt.snapshots();
        int p = parameterNames().size();
        int[] space = spatialShape();
        long[] rest = new long[space.length + 1];
        rest[0] = fieldNames().size();
        for (int i = 0; i < space.length; i++) {
            rest[i + 1] = space[i];
        }
        long[] states = new long[rest.length + 1];
        states[0] = -1;
        System.arraycopy(rest, 0, states, 1, rest.length);
        long[] windows = new long[rest.length + 2];
        windows[0] = -1;
        windows[1] = t;
        System.arraycopy(rest, 0, windows, 2, rest.length);
        SDVariable ut = dt.apply(sd, window, rest);
        // each sample's parameters repeated for its T snapshots, by broadcasting against ones
        SDVariable ones = GraphConstants.get(sd, "ones_T" + t, window.dataType(), () -> {
            double[] o = new double[t];
            Arrays.fill(o, 1);
            return o;
        }, 1, t, 1);
        SDVariable perState = params.reshape(-1, 1, p).mul(ones).reshape(-1, p);
        SDVariable f = rightHandSide(sd, window.reshape(states), perState).reshape(windows);
        return ut.sub(f);
    }
}
