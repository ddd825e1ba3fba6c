package dev.surrogate.generative.flow;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What a flow's network outputs, and so how its velocity is read from that output. The loss is the same either way
 * (the squared error of the velocity, {@link FlowMatchingObjective}); only the function the network has to learn
 * changes.
 * <ul>
 *   <li>{@code velocity}: the network is the velocity {@code v(z_t, t)} (Lipman et al. 2023).</li>
 *   <li>{@code data}: the network is the clean sample {@code x1_hat(z_t, t)} ("x-prediction", as in Li and He 2025,
 *       "Back to Basics: Let Denoising Generative Models Denoise"), and the velocity is the path's velocity through
 *       {@code z_t} that ends there. With {@code a(t) = 1 - (1 - sigma_min) t} the noise coefficient, the noise
 *       that leads there is {@code z0_hat = (z_t - t x1_hat) / a(t)}, and the path's velocity
 *       {@code x1_hat - (1 - sigma_min) z0_hat} is
 *       <pre>  v = (x1_hat - (1 - sigma_min) z_t) / max(a(t), min_noise).</pre>
 *       Why: the exact velocity {@code (x1 - z_t) / (1 - t)} (sigma_min = 0) has a part {@code -z_t / (1 - t)} that
 *       a velocity network has to rebuild from its input at every wavenumber, through its nonlinear layers, with a
 *       coefficient that grows without bound near {@code t = 1}; whatever it misses stays in the sample as noise,
 *       and a PDE residual (second derivatives of rough noise) is dominated by it. Predicting the clean sample
 *       builds that part in exactly: an Euler step to {@code t = 1} lands on the network's output, a smooth field
 *       when the network is an FNO. {@code min_noise} keeps the division bounded near {@code t = 1} (JiT clips at
 *       0.05 too), the same in training and sampling; beyond {@code a(t) = min_noise} the state relaxes towards
 *       the output (with sigma_min = 0 its fixed point is the output itself), so an adaptive sampler that steps
 *       past it is not pulled off.</li>
 * </ul>
 *
 * @param data     whether the network predicts the clean sample (else the velocity)
 * @param minNoise smallest noise coefficient divided by, in {@code (0, 1]} (data only; 0 for velocity)
 */
public record Parameterization(boolean data, double minNoise) {
    /** Default {@code min_noise} of the data parameterization. */
    public static final double DEFAULT_MIN_NOISE = 0.05;
    /** The network is the velocity. */
    public static final Parameterization VELOCITY = new Parameterization(false, 0);

    /** Validates {@code minNoise}. */
    public Parameterization {
        if (data ? !(minNoise > 0 && minNoise <= 1) : minNoise != 0) {
            throw new IllegalArgumentException("min_noise must be in (0, 1] for the data parameterization (and 0 "
                    + "for velocity), got " + minNoise);
        }
    }

    /**
     * @param minNoise smallest noise coefficient divided by
     * @return the data parameterization
     */
    public static Parameterization data(double minNoise) {
        return new Parameterization(true, minNoise);
    }

    /**
     * @param text {@code velocity}, {@code data} or {@code data:MIN_NOISE}
     * @return the parameterization
     * @throws IllegalArgumentException if the text is neither
     */
    public static Parameterization parse(String text) {
        String[] p = text.trim().toLowerCase(Locale.ROOT).split(":");
        if (p.length == 1 && p[0].equals("velocity")) {
            return VELOCITY;
        }
        if (p[0].equals("data") && p.length <= 2) {
            try {
                return data(p.length == 2 ? Double.parseDouble(p[1]) : DEFAULT_MIN_NOISE);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("min_noise of '" + text + "' is not a number");
            }
        }
        throw new IllegalArgumentException("unknown parameterization '" + text + "': expected velocity or "
                + "data[:MIN_NOISE]");
    }

    /**
     * The velocity of normalised states from the network's output (identity for {@code velocity}).
     *
     * @param path   the probability path
     * @param t      path time
     * @param output the network's output; read only
     * @param z      the state; read only
     * @param off    first value
     * @param n      values
     * @param v      receives the velocity (may be {@code output}). Modified.
     */
    public void velocity(ProbabilityPath path, double t, double[] output, double[] z, int off, int n, double[] v) {
        if (!data) {
            if (v != output) {
                System.arraycopy(output, off, v, off, n);
            }
            return;
        }
        double b = 1 - path.sigmaMin();
        double a = Math.max(path.noiseCoefficient(t), minNoise);
        for (int i = off; i < off + n; i++) {
            v[i] = (output[i] - b * z[i]) / a;
        }
    }

    /**
     * The training target: the path's velocity {@code z_1 - (1 - sigma_min) z_0} for {@code velocity}; for
     * {@code data} the velocity read from the clean sample itself, {@code (z_1 - (1 - sigma_min) z_t) /
     * max(a(t), min_noise)}, which is the same where {@code a(t) >= min_noise} and beyond that asks the network
     * for the clean sample too (the squared error is then {@code |x1_hat - z_1|^2 / max(a, min_noise)^2}; the
     * path's velocity there would ask for an output with noise left in it).
     *
     * @param path the probability path
     * @param t    path time
     * @param z0   noise; read only
     * @param z1   data; read only
     * @param zt   the state on the path at {@code t}; read only (may be {@code out}: each value is read before it
     *             is written)
     * @param off  first value
     * @param n    values
     * @param out  receives the target. Modified.
     */
    public void target(ProbabilityPath path, double t, float[] z0, float[] z1, float[] zt, int off, int n,
            float[] out) {
        if (!data) {
            path.targetVelocity(z0, z1, off, n, out);
            return;
        }
        double b = 1 - path.sigmaMin();
        double a = Math.max(path.noiseCoefficient(t), minNoise);
        for (int i = off; i < off + n; i++) {
            out[i] = (float) ((z1[i] - b * zt[i]) / a);
        }
    }

    /**
     * The same in a graph.
     *
     * @param path   the probability path
     * @param output the network's output {@code [B, C, *space]}
     * @param z      the state {@code [B, C, *space]}
     * @param t      path time, broadcastable against the state (e.g. {@code [B, 1, *space]})
     * @return the velocity {@code [B, C, *space]} (the output itself for {@code velocity})
     */
    public SDVariable velocity(ProbabilityPath path, SDVariable output, SDVariable z, SDVariable t) {
        if (!data) {
            return output;
        }
        double b = 1 - path.sigmaMin();
        // max(a(t), min_noise) as relu(a - min_noise) + min_noise
        SDVariable a = t.getSameDiff().nn().relu(t.mul(-b).add(1.0 - minNoise), 0).add(minNoise);
        return output.sub(z.mul(b)).div(a);
    }

    /** @return {@code {"type": "velocity"}} or {@code {"type": "data", "min_noise": m}} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", data ? "data" : "velocity");
        if (data) {
            m.put("min_noise", minNoise);
        }
        return m;
    }

    /**
     * @param m a map written by {@link #toMap()}, or null (models saved before the option: velocity)
     * @return the parameterization
     * @throws IllegalArgumentException if the map is malformed
     */
    public static Parameterization fromMap(Map<?, ?> m) {
        if (m == null) {
            return VELOCITY;
        }
        Object type = m.get("type");
        if ("velocity".equals(type)) {
            return VELOCITY;
        }
        if ("data".equals(type) && m.get("min_noise") instanceof Number n) {
            return data(n.doubleValue());
        }
        throw new IllegalArgumentException("malformed parameterization " + m);
    }

    @Override
    public String toString() {
        return data ? "data (min_noise " + minNoise + ")" : "velocity";
    }
}
