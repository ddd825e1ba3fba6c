package dev.surrogate.generative.flow;

import dev.surrogate.datasets.random.RandomStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Distribution of the path time {@code t} in training: uniform on {@code [0, 1)}, or logit-normal
 * ({@code t = sigmoid(m + s n)}, {@code n ~ N(0, 1)}; Esser et al. 2024), which spends more of the training on the
 * middle of the path.
 */
public sealed interface TimeDistribution permits TimeDistribution.Uniform, TimeDistribution.LogitNormal {

    /**
     * @param random source of the draw
     * @return one time in {@code [0, 1)} (logit-normal: in {@code (0, 1)})
     */
    double sample(RandomStream random);

    /** @return plain values with key {@code type} */
    Map<String, Object> toMap();

    /** Uniform on {@code [0, 1)}. */
    record Uniform() implements TimeDistribution {
        @Override
        public double sample(RandomStream random) {
            return random.nextDouble();
        }

        @Override
        public Map<String, Object> toMap() {
            return new LinkedHashMap<>(Map.of("type", "uniform"));
        }

        @Override
        public String toString() {
            return "uniform";
        }
    }

    /**
     * {@code t = 1 / (1 + exp(-(mean + std n)))}.
     *
     * @param mean location of the logit
     * @param std  scale of the logit, positive
     */
    record LogitNormal(double mean, double std) implements TimeDistribution {
        /** Validates the parameters. */
        public LogitNormal {
            if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("logit-normal needs a finite mean and a positive std, got "
                        + mean + " and " + std);
            }
        }

        @Override
        public double sample(RandomStream random) {
            return 1 / (1 + Math.exp(-(mean + std * random.nextGaussian())));
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "logit_normal");
            m.put("mean", mean);
            m.put("std", std);
            return m;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "logit_normal:%s:%s", mean, std);
        }
    }

    /**
     * @param spec {@code uniform}, {@code logit_normal} (mean 0, std 1) or {@code logit_normal:M:S}
     * @return the distribution
     * @throws IllegalArgumentException naming the spec if it is malformed
     */
    static TimeDistribution parse(String spec) {
        String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            if (p[0].equals("uniform") && p.length == 1) {
                return new Uniform();
            }
            if (p[0].equals("logit_normal") || p[0].equals("logit-normal")) {
                if (p.length == 1) {
                    return new LogitNormal(0, 1);
                }
                if (p.length == 3) {
                    return new LogitNormal(Double.parseDouble(p[1]), Double.parseDouble(p[2]));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad time distribution '" + spec + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unknown time distribution '" + spec + "': expected uniform, "
                + "logit_normal or logit_normal:MEAN:STD");
    }

    /**
     * @param m map written by {@link #toMap()}
     * @return the distribution
     */
    static TimeDistribution fromMap(Map<String, ?> m) {
        Object type = m.get("type");
        if ("uniform".equals(type)) {
            return new Uniform();
        }
        if ("logit_normal".equals(type)) {
            return new LogitNormal(((Number) m.get("mean")).doubleValue(), ((Number) m.get("std")).doubleValue());
        }
        throw new IllegalArgumentException("unknown time distribution " + m);
    }
}
