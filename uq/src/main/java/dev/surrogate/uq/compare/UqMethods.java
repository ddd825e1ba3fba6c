package dev.surrogate.uq.compare;

import dev.surrogate.operators.Registry;
import java.util.Map;
import java.util.Set;

/**
 * The open list of methods {@code uq compare} knows, by name: {@code ensemble} ({@link EnsembleMethod}),
 * {@code dropout} ({@link DropoutMethod}) and {@code hmc} ({@link HmcMethod}) are built in; other modules add theirs (the command line adds
 * {@code flow}, the flow-matching surrogate of {@code generative}) with
 * {@code UqMethods.REGISTRY.register(name, options -> new TheirMethod(...))}, where the factory receives a map
 * whose single entry {@value #OPTIONS} is the comparison's {@link MethodOptions}.
 */
public final class UqMethods {
    /** Key of the {@link MethodOptions} in the map every factory receives. */
    public static final String OPTIONS = "options";

    /** Factories by method name. */
    public static final Registry<UqMethod> REGISTRY = new Registry<>("uq method");

    static {
        REGISTRY.register(EnsembleMethod.NAME, m -> new EnsembleMethod(options(m)));
        REGISTRY.register(DropoutMethod.NAME, m -> new DropoutMethod(options(m)));
        REGISTRY.register(HmcMethod.NAME, m -> new HmcMethod(options(m)));
    }

    private UqMethods() {
    }

    /**
     * @param name    a registered method name
     * @param options the comparison's method options
     * @return the method
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad option
     */
    public static UqMethod create(String name, MethodOptions options) {
        return REGISTRY.create(name, Map.of(OPTIONS, options));
    }

    /** @return registered names, sorted */
    public static Set<String> names() {
        return REGISTRY.names();
    }

    /**
     * @param factoryArgument the map a factory receives
     * @return its {@link MethodOptions}
     */
    public static MethodOptions options(Map<String, ?> factoryArgument) {
        Object o = factoryArgument.get(OPTIONS);
        return o instanceof MethodOptions m ? m : MethodOptions.none();
    }
}
