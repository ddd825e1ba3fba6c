package dev.surrogate.generative.constraints;

import dev.surrogate.operators.data.FieldSource;
import dev.surrogate.operators.data.Task;
import dev.surrogate.operators.metrics.RolloutListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well forecasts satisfy a {@link ConstraintSet}, next to how well the data themselves do: for every member
 * forecast of a trajectory, the constraints of its target are evaluated on the forecast and on the true snapshots
 * at the same times. Per kind, {@code constraint_error_<kind> = sqrt(sum h_forecast^2 / sum s^2)} and
 * {@code constraint_error_truth_<kind> = sqrt(sum h_truth^2 / sum s^2)}, pooled over constraint values, trajectories
 * and members, with {@code s} the constraints' scales ({@link Constraint#scales}: the RMS of the last given
 * snapshot for means, of the observed values for observations, the last given snapshot's dissipation rate
 * {@code nu int u_x^2} for the energy balance); {@code constraint_error} and
 * {@code constraint_error_truth} are the largest over the kinds. The truth's number is the floor of the data's own
 * discretisation (zero to round-off for conserved means, the time difference's truncation error for the energy
 * balance).
 */
public final class ConstraintErrorMetric implements RolloutListener {
    private final ConstraintSet set;
    private final FieldSource data;
    private final Task task;
    private final long[] global;
    private final int fields;
    private final int points;
    /** Per kind: sum of squares of the forecasts' values, the truth's values, the truth's scales. */
    private final Map<String, double[]> sums = new LinkedHashMap<>();

    /**
     * @param set           the constraints measured
     * @param data          the evaluated data (the model's fields, in its order)
     * @param task          the model's task
     * @param globalIndices global sample index of every sample of the data, by position
     */
    public ConstraintErrorMetric(ConstraintSet set, FieldSource data, Task task, long[] globalIndices) {
        this.set = set;
        this.data = data;
        this.task = task;
        this.global = globalIndices.clone();
        this.fields = data.fieldCount();
        this.points = data.points();
        for (String k : set.kinds()) {
            sums.put(k, new double[3]);
        }
    }

    @Override
    public void rollout(int sample, float[] prediction, int offset, int steps) {
        boolean last = task.name().equals("final");
        int window = last ? 1 : task.window();
        int first = last ? data.timeCount() - 1 : window;
        int snap = fields * points;
        float[] given = new float[window * snap];
        for (int j = 0; j < window; j++) {
            for (int f = 0; f < fields; f++) {
                data.read(sample, j, f, given, (j * fields + f) * points);
            }
        }
        int n = Math.min(steps, data.timeCount() - first);
        if (n < 1) {
            return;
        }
        float[] truth = new float[n * snap];
        for (int j = 0; j < n; j++) {
            for (int f = 0; f < fields; f++) {
                data.read(sample, first + j, f, truth, (j * fields + f) * points);
            }
        }
        double[] x = new double[n * snap];
        double[] y = new double[n * snap];
        for (int i = 0; i < x.length; i++) {
            x[i] = prediction[offset + i];
            y[i] = truth[i];
        }
        List<Constraint> constraints = set.constraints(new ConstraintSet.Row(given, 0, window, global[sample], first,
                n, !last));
        for (Constraint c : constraints) {
            int m = c.count();
            double[] hx = new double[m];
            double[] hy = new double[m];
            double[] sy = new double[m];
            c.values(x, hx, 0);
            c.values(y, hy, 0);
            c.scales(y, sy, 0);
            double[] acc = sums.get(c.kind());
            for (int k = 0; k < m; k++) {
                acc[0] += hx[k] * hx[k];
                acc[1] += hy[k] * hy[k];
                acc[2] += sy[k] * sy[k];
            }
        }
    }

    /**
     * @param kind a measured kind
     * @return its relative error of the forecasts, NaN before any
     */
    public double error(String kind) {
        double[] a = sums.get(kind);
        return a == null || a[2] == 0 ? Double.NaN : Math.sqrt(a[0] / a[2]);
    }

    /**
     * @param kind a measured kind
     * @return its relative error of the true snapshots, NaN before any
     */
    public double truthError(String kind) {
        double[] a = sums.get(kind);
        return a == null || a[2] == 0 ? Double.NaN : Math.sqrt(a[1] / a[2]);
    }

    /**
     * @return {@code constraint_error}, {@code constraint_error_truth}, then per kind
     *         {@code constraint_error_<kind>} and {@code constraint_error_truth_<kind>} (kinds with '-' written
     *         with '_'), and {@code constraints} (the kinds); non-finite numbers as null
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        double worst = Double.NaN;
        double worstTruth = Double.NaN;
        for (String k : sums.keySet()) {
            worst = max(worst, error(k));
            worstTruth = max(worstTruth, truthError(k));
        }
        m.put("constraint_error", finite(worst));
        m.put("constraint_error_truth", finite(worstTruth));
        for (String k : sums.keySet()) {
            String key = k.replace('-', '_');
            m.put("constraint_error_" + key, finite(error(k)));
            m.put("constraint_error_truth_" + key, finite(truthError(k)));
        }
        m.put("constraints", List.copyOf(sums.keySet()));
        return m;
    }

    private static double max(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        if (Double.isNaN(b)) {
            return a;
        }
        return Math.max(a, b);
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
