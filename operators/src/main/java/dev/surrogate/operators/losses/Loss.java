package dev.surrogate.operators.losses;

import dev.surrogate.operators.Registry;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** A scalar training loss between a prediction and a target of the same shape. */
public interface Loss {

    /**
     * Adds the loss to a graph.
     *
     * @param sd           graph
     * @param prediction   {@code [batch, channels, *spatialShape]}
     * @param target       same shape as {@code prediction}
     * @param spatialShape grid of this graph, {@code {nx}} or {@code {ny, nx}} (for quadrature weights)
     * @return scalar loss, averaged over the batch
     */
    SDVariable apply(SameDiff sd, SDVariable prediction, SDVariable target, int[] spatialShape);

    /**
     * Adds the loss of a model that predicts a Gaussian per value (mean and log-variance, see
     * {@link dev.surrogate.operators.models.NeuralOperator#heteroscedastic()}). Point losses ignore the variance;
     * {@link GaussianNllLoss} uses it.
     *
     * @param sd           graph
     * @param mean         predicted mean {@code [batch, channels, *spatialShape]}
     * @param logVariance  predicted log-variance, same shape and units squared of {@code mean}
     * @param target       same shape as {@code mean}
     * @param spatialShape grid of this graph
     * @return scalar loss
     */
    default SDVariable apply(SameDiff sd, SDVariable mean, SDVariable logVariance, SDVariable target,
            int[] spatialShape) {
        return apply(sd, mean, target, spatialShape);
    }

    /**
     * @return short name used in configs and on the command line ({@code rel_l2}, {@code l2}, {@code mse},
     *         {@code gaussian_nll}, or whatever another module registered)
     */
    String name();

    /**
     * Whether the loss scores a predicted variance: true for a likelihood such as {@link GaussianNllLoss}. A
     * heteroscedastic model trained with a loss that ignores the variance would leave its variance head untrained,
     * so the trainer refuses that pairing.
     *
     * @return true if {@link #apply(SameDiff, SDVariable, SDVariable, SDVariable, int[])} uses the log-variance
     */
    default boolean usesVariance() {
        return false;
    }

    /**
     * @return the settings besides {@link #name()} that rebuild this loss through {@link #REGISTRY} (e.g. an Lp
     *         loss's {@code domain_lengths}); empty by default
     */
    default Map<String, Object> config() {
        return Map.of();
    }

    /**
     * The loss registry: {@code rel_l2}, {@code l2}, {@code mse}, {@code gaussian_nll}; other modules add theirs
     * with {@code REGISTRY.register(name, config -> ...)}. A factory's config map holds
     * {@code "domain_lengths"} (a list of numbers, in the order of the spatial shape).
     */
    Registry<Loss> REGISTRY = Builtin.registry();

    /**
     * @param name    {@code rel_l2} (relative L2, the default of neural-operator training), {@code l2} (absolute L2
     *                norm with quadrature), {@code mse}, {@code gaussian_nll} (for heteroscedastic models) or any
     *                registered name (case-insensitive)
     * @param lengths domain lengths, in the order of the spatial shape
     * @return the loss
     * @throws IllegalArgumentException for an unknown name
     */
    static Loss byName(String name, double[] lengths) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("domain_lengths", Arrays.stream(lengths).boxed().toList());
        return REGISTRY.create(name.toLowerCase(Locale.ROOT), c);
    }

    /** Holder of the built-in registrations. */
    final class Builtin {
        private Builtin() {
        }

        static Registry<Loss> registry() {
            Registry<Loss> r = new Registry<>("loss");
            r.register("rel_l2", c -> LpLoss.relative(2, lengths(c)));
            r.register("l2", c -> LpLoss.absolute(2, lengths(c)));
            r.register("mse", c -> new MseLoss());
            r.register("gaussian_nll", c -> new GaussianNllLoss());
            return r;
        }

        /**
         * @param config a loss config map
         * @return its {@code domain_lengths}
         * @throws IllegalArgumentException if missing or not numbers
         */
        public static double[] lengths(Map<String, ?> config) {
            Object v = config.get("domain_lengths");
            if (!(v instanceof java.util.List<?> list) || list.isEmpty()) {
                throw new IllegalArgumentException("loss config needs 'domain_lengths' (a list of numbers), got "
                        + v);
            }
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException("domain length " + list.get(i) + " is not a number");
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
    }
}
