package dev.surrogate.operators.models;

import java.util.List;
import java.util.Map;

/** Rebuilds the toolkit's models from the config maps they save ({@link NeuralOperator#config()}). */
public final class NeuralOperators {
    /** Model type names, the {@code "model"} entry of each config map. */
    public static final List<String> TYPES = List.of(Fno1d.MODEL, Fno2d.MODEL, DeepOnet.MODEL);

    private NeuralOperators() {
    }

    /**
     * @param config a map from {@link NeuralOperator#config()}, possibly read back from JSON; its {@code "model"}
     *               entry names the type
     * @return a new model with freshly initialised weights (load trained weights by variable name)
     * @throws IllegalArgumentException for a missing or unknown type or a bad config entry
     */
    public static NeuralOperator fromConfig(Map<String, ?> config) {
        Object type = config.get("model");
        if (type == null) {
            throw new IllegalArgumentException("model config has no 'model' entry; expected one of " + TYPES);
        }
        return fromConfig(type.toString(), config);
    }

    /**
     * @param type   {@code fno1d}, {@code fno2d} or {@code deeponet}
     * @param config the model's config map
     * @return a new model
     * @throws IllegalArgumentException for an unknown type or a bad config entry
     */
    public static NeuralOperator fromConfig(String type, Map<String, ?> config) {
        switch (type) {
            case Fno1d.MODEL:
                return Fno1d.fromConfig(config);
            case Fno2d.MODEL:
                return Fno2d.fromConfig(config);
            case DeepOnet.MODEL:
                return DeepOnet.fromConfig(config);
            default:
                throw new IllegalArgumentException("unknown model type '" + type + "'; expected one of " + TYPES);
        }
    }
}
