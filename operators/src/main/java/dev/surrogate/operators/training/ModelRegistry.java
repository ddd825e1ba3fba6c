package dev.surrogate.operators.training;

import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.Registry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rebuilds models from the {@code type} and {@link NeuralOperator#config()} stored in a model directory (the one
 * place that maps type names to model classes). The
 * toolkit's operators ({@code fno1d}, {@code fno2d}, {@code deeponet}) are registered from the start; other modules
 * and tests register their own types with {@link #register}.
 */
public final class ModelRegistry {
    private static final Registry<NeuralOperator> FACTORIES = new Registry<>("model type");
    private static final Map<Class<?>, String> TYPES = new ConcurrentHashMap<>();

    static {
        BuiltinModels.registerAll();
    }

    private ModelRegistry() {
    }

    /**
     * @param type    name stored in {@code config.json} (e.g. {@code fno1d})
     * @param cls     the model class, so {@link #typeOf} can name an instance
     * @param factory builds a model from its {@link NeuralOperator#config()} map
     * @param <T>     model class
     */
    public static <T extends NeuralOperator> void register(String type, Class<T> cls,
            Function<Map<String, ?>, ? extends T> factory) {
        FACTORIES.register(type, factory);
        TYPES.put(cls, type);
    }

    /**
     * @param model a model of a registered class
     * @return its type name
     * @throws IllegalArgumentException if the class was never registered
     */
    public static String typeOf(NeuralOperator model) {
        String type = TYPES.get(model.getClass());
        if (type == null) {
            throw new IllegalArgumentException("model class " + model.getClass().getName() + " is not registered "
                    + "in ModelRegistry; register it so a saved model can be rebuilt");
        }
        return type;
    }

    /**
     * @param type   registered type name
     * @param config the model's saved config
     * @return a new model (weights are loaded separately, by variable name)
     * @throws IllegalArgumentException for an unknown type
     */
    public static NeuralOperator create(String type, Map<String, ?> config) {
        return FACTORIES.create(type, config);
    }

    /**
     * @param config a model's {@link NeuralOperator#config()} map, whose {@code "model"} entry names its type (the
     *               toolkit's operators write it)
     * @return a new model
     * @throws IllegalArgumentException for a missing or unknown type or a bad config entry
     */
    public static NeuralOperator create(Map<String, ?> config) {
        Object type = config.get("model");
        if (type == null) {
            throw new IllegalArgumentException("model config has no 'model' entry; expected one of " + types());
        }
        return create(type.toString(), config);
    }

    /** @return registered type names, sorted */
    public static Set<String> types() {
        return FACTORIES.names();
    }
}
