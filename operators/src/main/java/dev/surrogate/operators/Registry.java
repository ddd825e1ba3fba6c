package dev.surrogate.operators;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An open table of named factories that rebuild objects from the plain-value config maps saved in a model's
 * {@code config.json}. Models, losses, tasks and training objectives each have one; other modules (and tests) add
 * their own entries with {@link #register}, so a saved model can name any of them and be rebuilt.
 *
 * @param <T> what the factories build
 */
public final class Registry<T> {
    private final String kind;
    private final Map<String, Function<Map<String, ?>, ? extends T>> factories = new ConcurrentHashMap<>();

    /** @param kind what is registered, for messages ({@code "model"}, {@code "loss"}, ...) */
    public Registry(String kind) {
        this.kind = kind;
    }

    /**
     * Adds or replaces an entry.
     *
     * @param name    name stored in configs and used on the command line
     * @param factory builds an instance from its config map (possibly read back from JSON, so numbers may come as
     *                any {@link Number} type)
     */
    public void register(String name, Function<Map<String, ?>, ? extends T> factory) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(kind + " name must not be blank");
        }
        factories.put(name, factory);
    }

    /**
     * @param name   registered name
     * @param config the instance's config map
     * @return a new instance
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad config
     */
    public T create(String name, Map<String, ?> config) {
        Function<Map<String, ?>, ? extends T> f = factories.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "': expected one of " + names());
        }
        return f.apply(config);
    }

    /** @return whether {@code name} is registered */
    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    /** @return registered names, sorted */
    public Set<String> names() {
        return new TreeSet<>(factories.keySet());
    }
}
