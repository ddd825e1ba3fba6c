package dev.surrogate.operators.training;

import dev.surrogate.operators.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the loss terms of an {@link Objective} become one optimiser update.
 * <ul>
 *   <li>{@link Weights}: a fixed weighted sum, minimised in one backward pass per step (the usual way; one term
 *       with weight 1 is plain training on that term);</li>
 *   <li>a {@link GradientRule}: one backward pass per term, and a rule that sees the terms' gradients separately
 *       and returns the update direction (e.g. {@link ConflictFreeGradient}, ConFIG, for a physics residual next to
 *       a data loss without a tuned weight).</li>
 * </ul>
 * Saved with the training settings ({@link #toMap()}, {@link #fromMap}); gradient rules are an open registry
 * ({@link #RULES}).
 */
public sealed interface LossCombination permits LossCombination.Weights, LossCombination.GradientRule {

    /** @return plain values for the config JSON, with key {@code type} */
    Map<String, Object> toMap();

    /**
     * The default: every term with weight 1.
     *
     * @return fixed unit weights
     */
    static LossCombination sum() {
        return new Weights(Map.of());
    }

    /**
     * Fixed weights: the update minimises {@code sum_i w_i L_i}.
     *
     * @param weights weight per term name; a term not named has weight 1
     */
    record Weights(Map<String, Double> weights) implements LossCombination {
        /** Copies the map and checks the weights are finite and non-negative. */
        public Weights {
            weights = Map.copyOf(weights);
            for (Map.Entry<String, Double> e : weights.entrySet()) {
                if (!(e.getValue() >= 0) || !Double.isFinite(e.getValue())) {
                    throw new IllegalArgumentException("weight of loss term '" + e.getKey()
                            + "' must be finite and >= 0, got " + e.getValue());
                }
            }
        }

        /**
         * @param term term name
         * @return its weight
         */
        public double weight(String term) {
            return weights.getOrDefault(term, 1.0);
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "weights");
            m.put("weights", new LinkedHashMap<>(weights));
            return m;
        }
    }

    /**
     * A rule that turns the gradients of the separate terms into one update direction. The trainer computes each
     * term's gradient in its own backward pass (same batch, same dropout masks), flattens them over all trainable
     * variables in a fixed order and calls {@link #combine}; the result goes through the optimiser (Adam, weight
     * decay) as a plain gradient would.
     */
    non-sealed interface GradientRule extends LossCombination {
        /** @return registered name */
        String name();

        /**
         * @param terms     term names, in the objective's order
         * @param gradients {@code gradients[i]} is the flattened gradient of term {@code i} (not modified)
         * @return the combined gradient, same length (may be a new array or one of the inputs)
         */
        double[] combine(List<String> terms, double[][] gradients);

        @Override
        default Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", name());
            return m;
        }
    }

    /** Gradient rules by name ({@code config}, and whatever other modules add). */
    Registry<GradientRule> RULES = Builtin.rules();

    /**
     * @param m a map written by {@link #toMap()}, or {@code null} for the default
     * @return the combination
     * @throws IllegalArgumentException for an unknown type or malformed weights
     */
    static LossCombination fromMap(Map<String, ?> m) {
        if (m == null) {
            return sum();
        }
        String type = String.valueOf(m.get("type"));
        if ("weights".equals(type)) {
            Object w = m.get("weights");
            Map<String, Double> weights = new LinkedHashMap<>();
            if (w instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getValue() instanceof Number n)) {
                        throw new IllegalArgumentException("weight of '" + e.getKey() + "' is not a number: "
                                + e.getValue());
                    }
                    weights.put(e.getKey().toString(), n.doubleValue());
                }
            }
            return new Weights(weights);
        }
        return RULES.create(type, m);
    }

    /**
     * Parses the command line's spelling: {@code sum} (all weights 1), {@code weights:a=1,b=0.1} (named weights),
     * or a rule name such as {@code config}.
     *
     * @param spec the option value
     * @return the combination
     * @throws IllegalArgumentException for a malformed value
     */
    static LossCombination parse(String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("sum")) {
            return sum();
        }
        if (s.toLowerCase(Locale.ROOT).startsWith("weights:")) {
            Map<String, Double> weights = new LinkedHashMap<>();
            for (String part : s.substring("weights:".length()).split(",")) {
                String[] kv = part.split("=");
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected weights:TERM=W,TERM=W, got '" + spec + "'");
                }
                try {
                    weights.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("weight '" + kv[1] + "' of term " + kv[0]
                            + " is not a number");
                }
            }
            return new Weights(weights);
        }
        return RULES.create(s.toLowerCase(Locale.ROOT), Map.of());
    }

    /** Holder of the built-in rules. */
    final class Builtin {
        private Builtin() {
        }

        static Registry<GradientRule> rules() {
            Registry<GradientRule> r = new Registry<>("gradient rule");
            r.register(ConflictFreeGradient.NAME, c -> new ConflictFreeGradient());
            return r;
        }
    }
}
