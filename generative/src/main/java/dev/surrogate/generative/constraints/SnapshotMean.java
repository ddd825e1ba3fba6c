package dev.surrogate.generative.constraints;

import java.util.Arrays;

/**
 * The spatial mean of given channels of the target, prescribed: {@code h_j = (1/P) sum_i x[c_j, i] - m_j}. Burgers'
 * equation and the vorticity equation with a mean-free forcing on a periodic domain conserve the mean, so a
 * generated snapshot's mean must equal the given snapshot's ({@code mean}); the vorticity of the toolkit's
 * Navier-Stokes data has mean zero ({@code zero-mean}). Linear.
 */
public final class SnapshotMean implements Constraint {
    private final String kind;
    private final int points;
    private final int[] channels;
    private final double[] targets;
    private final double scale;

    /**
     * @param kind     name of the kind ({@code mean} or {@code zero-mean})
     * @param points   grid points per channel P
     * @param channels constrained channels of the target
     * @param targets  the prescribed mean of each, field units
     * @param scale    the field's magnitude (e.g. the RMS of the given snapshot), positive, for relative errors
     */
    public SnapshotMean(String kind, int points, int[] channels, double[] targets, double scale) {
        if (channels.length != targets.length) {
            throw new IllegalArgumentException(channels.length + " channels but " + targets.length + " targets");
        }
        this.kind = kind;
        this.points = points;
        this.channels = channels.clone();
        this.targets = targets.clone();
        this.scale = scale > 0 ? scale : 1;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public int count() {
        return channels.length;
    }

    @Override
    public boolean linear() {
        return true;
    }

    @Override
    public void values(double[] x, double[] h, int from) {
        for (int j = 0; j < channels.length; j++) {
            int o = channels[j] * points;
            double s = 0;
            for (int i = 0; i < points; i++) {
                s += x[o + i];
            }
            h[from + j] = s / points - targets[j];
        }
    }

    @Override
    public void jacobian(double[] x, JacobianRow[] rows, int from) {
        for (int j = 0; j < channels.length; j++) {
            double[] v = new double[points];
            Arrays.fill(v, 1.0 / points);
            rows[from + j] = new JacobianRow(channels[j] * points, v);
        }
    }

    @Override
    public void scales(double[] x, double[] s, int from) {
        Arrays.fill(s, from, from + channels.length, scale);
    }
}
