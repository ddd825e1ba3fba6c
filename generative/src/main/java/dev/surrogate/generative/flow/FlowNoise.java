package dev.surrogate.generative.flow;

import dev.surrogate.datasets.grf.GaussianRandomField1D;
import dev.surrogate.datasets.grf.GaussianRandomField2D;
import dev.surrogate.datasets.grf.GrfSpec;
import dev.surrogate.datasets.random.RandomStream;
import dev.surrogate.pde.spectral.SpectralGrid1D;
import dev.surrogate.pde.spectral.SpectralGrid2D;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The source distribution {@code z_0} of the flow, one independent draw per channel, each of unit pointwise
 * variance:
 * <ul>
 *   <li>{@link White}: independent N(0, 1) values. Its covariance is tied to the grid, so a model trained at one
 *       resolution sees a different noise at another.</li>
 *   <li>{@link Grf}: a periodic Gaussian random field {@code N(0, (-Laplacian + tau^2 I)^(-alpha))}
 *       (the {@code datasets} module's {@code GaussianRandomField1D/2D}, plus the mean mode with variance
 *       {@code tau^(-2 alpha)}), scaled to unit pointwise variance: function-space noise whose low modes are the
 *       same distribution on every grid fine enough to resolve them, so a model can sample at another
 *       resolution than it was trained on.</li>
 * </ul>
 */
public sealed interface FlowNoise permits FlowNoise.White, FlowNoise.Grf {

    /**
     * @param shape   grid {@code {nx}} or {@code {ny, nx}}
     * @param lengths domain lengths in the same order
     * @return a generator of one channel's noise on that grid (not thread-safe)
     */
    Generator generator(int[] shape, double[] lengths);

    /** @return plain values with key {@code type} */
    Map<String, Object> toMap();

    /** Draws one channel of noise on a fixed grid. */
    interface Generator {
        /**
         * @param random source of the normal draws
         * @param out    receives the grid's points (x fastest) from {@code offset}. Modified.
         * @param offset first value written
         */
        void sample(RandomStream random, float[] out, int offset);

        /** @return points per channel */
        int points();
    }

    /** Independent standard normal values. */
    record White() implements FlowNoise {
        @Override
        public Generator generator(int[] shape, double[] lengths) {
            int points = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            return new Generator() {
                @Override
                public void sample(RandomStream random, float[] out, int offset) {
                    for (int i = 0; i < points; i++) {
                        out[offset + i] = (float) random.nextGaussian();
                    }
                }

                @Override
                public int points() {
                    return points;
                }
            };
        }

        @Override
        public Map<String, Object> toMap() {
            return new LinkedHashMap<>(Map.of("type", "white"));
        }

        @Override
        public String toString() {
            return "white";
        }
    }

    /**
     * Gaussian random field noise, unit pointwise variance.
     *
     * @param tau   inverse correlation length (1 / length units), positive
     * @param alpha smoothness exponent, positive; realisations have about {@code alpha - d/2} derivatives
     */
    record Grf(double tau, double alpha) implements FlowNoise {
        /** Validates the parameters. */
        public Grf {
            if (!(tau > 0) || !Double.isFinite(tau) || !(alpha > 0) || !Double.isFinite(alpha)) {
                throw new IllegalArgumentException("GRF noise needs positive finite tau and alpha, got tau=" + tau
                        + ", alpha=" + alpha);
            }
        }

        /** @return the default function-space noise: tau 5, alpha 2 (the FNO Burgers initial condition's shape) */
        public static Grf defaults() {
            return new Grf(5, 2);
        }

        @Override
        public Generator generator(int[] shape, double[] lengths) {
            GrfSpec spec = new GrfSpec(1, tau, alpha);
            double meanVariance = Math.pow(tau, -2 * alpha);
            if (shape.length == 1) {
                GaussianRandomField1D f = new GaussianRandomField1D(new SpectralGrid1D(shape[0], lengths[0]), spec);
                return new Scaled(shape[0], meanVariance, f.pointwiseVariance(), f::sample);
            }
            if (shape.length == 2) {
                if (lengths[0] != lengths[1]) {
                    throw new IllegalArgumentException("GRF noise needs a square domain, got lengths "
                            + Arrays.toString(lengths));
                }
                GaussianRandomField2D f = new GaussianRandomField2D(new SpectralGrid2D(shape[1], shape[0],
                        lengths[1], lengths[0]), spec);
                return new Scaled(shape[0] * shape[1], meanVariance, f.pointwiseVariance(), f::sample);
            }
            throw new IllegalArgumentException("GRF noise needs a 1-D or 2-D grid, got " + Arrays.toString(shape));
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "grf");
            m.put("tau", tau);
            m.put("alpha", alpha);
            return m;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "grf:%s:%s", tau, alpha);
        }
    }

    /** A zero-mean field plus a constant mean mode, divided by the total pointwise standard deviation. */
    final class Scaled implements Generator {
        /** Draws a zero-mean field into a buffer. */
        interface Field {
            void sample(RandomStream random, double[] out);
        }

        private final int points;
        private final double meanStd;
        private final double scale;
        private final Field field;
        private final double[] buffer;

        Scaled(int points, double meanVariance, double fieldVariance, Field field) {
            this.points = points;
            this.meanStd = Math.sqrt(meanVariance);
            this.scale = 1 / Math.sqrt(meanVariance + fieldVariance);
            this.field = field;
            this.buffer = new double[points];
        }

        @Override
        public void sample(RandomStream random, float[] out, int offset) {
            double mean = meanStd * random.nextGaussian();
            field.sample(random, buffer);
            for (int i = 0; i < points; i++) {
                out[offset + i] = (float) (scale * (mean + buffer[i]));
            }
        }

        @Override
        public int points() {
            return points;
        }
    }

    /**
     * @param spec {@code white}, {@code grf} (tau 5, alpha 2) or {@code grf:TAU:ALPHA}
     * @return the noise
     * @throws IllegalArgumentException naming the spec if it is malformed
     */
    static FlowNoise parse(String spec) {
        String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            if (p[0].equals("white") && p.length == 1) {
                return new White();
            }
            if (p[0].equals("grf")) {
                if (p.length == 1) {
                    return Grf.defaults();
                }
                if (p.length == 3) {
                    return new Grf(Double.parseDouble(p[1]), Double.parseDouble(p[2]));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad noise '" + spec + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unknown noise '" + spec + "': expected white, grf or grf:TAU:ALPHA");
    }

    /**
     * @param m map written by {@link #toMap()}
     * @return the noise
     */
    static FlowNoise fromMap(Map<String, ?> m) {
        Object type = m.get("type");
        if ("white".equals(type)) {
            return new White();
        }
        if ("grf".equals(type)) {
            return new Grf(((Number) m.get("tau")).doubleValue(), ((Number) m.get("alpha")).doubleValue());
        }
        throw new IllegalArgumentException("unknown noise " + m);
    }
}
