package dev.surrogate.generative.sampling;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Explicit Runge-Kutta on {@code steps} equal steps {@code h = 1 / steps} over {@code [0, 1]}:
 * <ul>
 *   <li>{@link Method#EULER}: {@code z += h v(t, z)}; order 1, 1 evaluation per step;</li>
 *   <li>{@link Method#HEUN}: the explicit trapezoidal rule, {@code k1 = v(t, z)},
 *       {@code k2 = v(t + h, z + h k1)}, {@code z += h (k1 + k2) / 2}; order 2, 2 evaluations per step;</li>
 *   <li>{@link Method#RK4}: the classical fourth-order Runge-Kutta method; order 4, 4 evaluations per step.</li>
 * </ul>
 * All rows advance together, one batched evaluation per stage.
 */
public final class FixedStepSampler implements Sampler {

    /** The scheme. */
    public enum Method {
        /** Forward Euler, order 1. */
        EULER(1),
        /** Heun (explicit trapezoidal), order 2. */
        HEUN(2),
        /** Classical Runge-Kutta, order 4. */
        RK4(4);

        private final int stages;

        Method(int stages) {
            this.stages = stages;
        }

        /** @return velocity evaluations per step */
        public int stages() {
            return stages;
        }
    }

    private final Method method;
    private final int steps;

    /**
     * @param method scheme
     * @param steps  number of equal steps, at least 1
     */
    public FixedStepSampler(Method method, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a fixed-step sampler needs steps >= 1, got " + steps);
        }
        this.method = method;
        this.steps = steps;
    }

    /** @return the scheme */
    public Method method() {
        return method;
    }

    /** @return steps */
    public int steps() {
        return steps;
    }

    @Override
    public String name() {
        return method.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampler", name());
        m.put("steps", steps);
        return m;
    }

    @Override
    public int[] sample(VelocityField field, double[] z, int rows, RowNoise noise) {
        Sampler.check(field, z, rows);
        int n = z.length;
        int[] ids = Sampler.identity(rows);
        double[] t = new double[rows];
        double[] k1 = new double[n];
        double[] k2 = method == Method.EULER ? null : new double[n];
        double[] k3 = method == Method.RK4 ? new double[n] : null;
        double[] k4 = method == Method.RK4 ? new double[n] : null;
        double[] y = method == Method.EULER ? null : new double[n];
        for (int s = 0; s < steps; s++) {
            // times as i / steps, so that the last step ends at exactly 1
            double t0 = (double) s / steps;
            double h = (double) (s + 1) / steps - t0;
            Arrays.fill(t, t0);
            field.evaluate(rows, ids, t, z, k1);
            switch (method) {
                case EULER -> {
                    for (int i = 0; i < n; i++) {
                        z[i] += h * k1[i];
                    }
                }
                case HEUN -> {
                    for (int i = 0; i < n; i++) {
                        y[i] = z[i] + h * k1[i];
                    }
                    Arrays.fill(t, t0 + h);
                    field.evaluate(rows, ids, t, y, k2);
                    for (int i = 0; i < n; i++) {
                        z[i] += 0.5 * h * (k1[i] + k2[i]);
                    }
                }
                case RK4 -> {
                    for (int i = 0; i < n; i++) {
                        y[i] = z[i] + 0.5 * h * k1[i];
                    }
                    Arrays.fill(t, t0 + 0.5 * h);
                    field.evaluate(rows, ids, t, y, k2);
                    for (int i = 0; i < n; i++) {
                        y[i] = z[i] + 0.5 * h * k2[i];
                    }
                    field.evaluate(rows, ids, t, y, k3);
                    for (int i = 0; i < n; i++) {
                        y[i] = z[i] + h * k3[i];
                    }
                    Arrays.fill(t, t0 + h);
                    field.evaluate(rows, ids, t, y, k4);
                    for (int i = 0; i < n; i++) {
                        z[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
                    }
                }
                default -> throw new IllegalStateException("unknown method " + method);
            }
        }
        int[] nfe = new int[rows];
        Arrays.fill(nfe, steps * method.stages());
        return nfe;
    }
}
