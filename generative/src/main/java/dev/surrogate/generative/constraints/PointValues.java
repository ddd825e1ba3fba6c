package dev.surrogate.generative.constraints;

import java.util.Arrays;

/**
 * Values prescribed at given entries of the target, {@code h_k = x[i_k] - y_k}: sparse observations of the
 * generated snapshots (data assimilation by the same projection). Linear.
 */
public final class PointValues implements Constraint {
    private final int[] index;
    private final double[] value;
    private final double scale;

    /**
     * @param index entries of the target (channel times points plus point), distinct
     * @param value the observed values, field units
     * @param scale the field's magnitude, positive, for relative errors
     */
    public PointValues(int[] index, double[] value, double scale) {
        if (index.length != value.length) {
            throw new IllegalArgumentException(index.length + " indices but " + value.length + " values");
        }
        this.index = index.clone();
        this.value = value.clone();
        this.scale = scale > 0 ? scale : 1;
    }

    @Override
    public String kind() {
        return "observations";
    }

    @Override
    public int count() {
        return index.length;
    }

    @Override
    public boolean linear() {
        return true;
    }

    @Override
    public void values(double[] x, double[] h, int from) {
        for (int k = 0; k < index.length; k++) {
            h[from + k] = x[index[k]] - value[k];
        }
    }

    @Override
    public void jacobian(double[] x, JacobianRow[] rows, int from) {
        for (int k = 0; k < index.length; k++) {
            rows[from + k] = new JacobianRow(index[k], new double[] {1});
        }
    }

    @Override
    public void scales(double[] x, double[] s, int from) {
        Arrays.fill(s, from, from + index.length, scale);
    }
}
