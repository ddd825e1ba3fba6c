package dev.surrogate.uq.compare;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Method-specific options of a comparison, as text ({@code members=5}, {@code hmc.chains=4}), shared by all
 * methods: each method reads the keys it knows when it is built and ignores the others. The keys read are
 * remembered, so the caller can reject a key no selected method knows ({@link #unused}), which catches typos.
 * Thread-safe.
 */
public final class MethodOptions {
    private final Map<String, String> values;
    private final Set<String> used = new TreeSet<>();

    /** @param values option values by key; copied */
    public MethodOptions(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /** @return options with no values (every method takes its defaults) */
    public static MethodOptions none() {
        return new MethodOptions(Map.of());
    }

    /**
     * @param key option key
     * @return whether the option was given
     */
    public synchronized boolean has(String key) {
        used.add(key);
        return values.containsKey(key);
    }

    /**
     * @param key      option key
     * @param fallback value when the option is not given
     * @return its text
     */
    public synchronized String text(String key, String fallback) {
        used.add(key);
        return values.getOrDefault(key, fallback);
    }

    /**
     * @param key      option key
     * @param fallback value when the option is not given
     * @return its integer value
     * @throws IllegalArgumentException naming the option if the value is not an integer
     */
    public int integer(String key, int fallback) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + v + " is not an integer");
        }
    }

    /**
     * @param key      option key
     * @param fallback value when the option is not given
     * @return its value
     * @throws IllegalArgumentException naming the option if the value is not a finite number
     */
    public double real(String key, double fallback) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + v + " is not a finite number");
        }
    }

    /**
     * @param key      option key
     * @param fallback value when the option is not given
     * @return its value ({@code true}/{@code false}, {@code yes}/{@code no}, {@code 1}/{@code 0})
     * @throws IllegalArgumentException naming the option for any other text
     */
    public boolean flag(String key, boolean fallback) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1":
                return true;
            case "false", "no", "0":
                return false;
            default:
                throw new IllegalArgumentException("option " + key + "=" + v + " is not true or false");
        }
    }

    /** @return the given keys no method has read, sorted */
    public synchronized Set<String> unused() {
        Set<String> s = new TreeSet<>(values.keySet());
        s.removeAll(used);
        return s;
    }

    /** @return the given values (a copy) */
    public synchronized Map<String, String> values() {
        return new LinkedHashMap<>(values);
    }
}
