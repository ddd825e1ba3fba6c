package dev.surrogate.operators.models;

import java.util.Map;

/** Typed reads from a config map that came back from JSON (numbers may be any {@link Number} subtype). */
final class ConfigValues {
    private final Map<String, ?> map;
    private final String model;

    ConfigValues(Map<String, ?> map, String model) {
        this.map = map;
        this.model = model;
    }

    private Object raw(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException(model + " config: missing key '" + key + "'");
        }
        return v;
    }

    int integer(String key) {
        Object v = raw(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Math.toIntExact(n.longValue());
        }
        throw new IllegalArgumentException(model + " config: '" + key + "' must be an integer, got " + v);
    }

    long longValue(String key) {
        Object v = raw(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException(model + " config: '" + key + "' must be an integer, got " + v);
    }

    double real(String key) {
        Object v = raw(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(model + " config: '" + key + "' must be a number, got " + v);
    }

    boolean bool(String key) {
        Object v = raw(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(model + " config: '" + key + "' must be true or false, got " + v);
    }

    String string(String key) {
        return raw(key).toString();
    }

    static void positive(String model, String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(model + ": " + key + " must be >= 1, got " + value);
        }
    }

    static void probability(String model, String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(model + ": " + key + " must be in [0, 1), got " + value);
        }
    }

    static void positiveReal(String model, String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(model + ": " + key + " must be positive and finite, got " + value);
        }
    }
}
