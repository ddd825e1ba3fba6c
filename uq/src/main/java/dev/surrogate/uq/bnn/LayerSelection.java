package dev.surrogate.uq.bnn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which weights HMC samples: all of them, or those of the last {@code k} layers, a layer being the weights that
 * share a variable-name prefix up to the last {@code /} (e.g. {@code fno1d/projection1/weight} and
 * {@code fno1d/projection1/bias}), layers ordered as the graph creates them (input to output). The other weights
 * stay at their trained values.
 *
 * @param lastLayers number of final layers sampled; 0 means all
 */
public record LayerSelection(int lastLayers) {

    /** Validates the count. */
    public LayerSelection {
        if (lastLayers < 0) {
            throw new IllegalArgumentException("number of last layers must be >= 0, got " + lastLayers);
        }
    }

    /** @return every weight */
    public static LayerSelection all() {
        return new LayerSelection(0);
    }

    /**
     * @param k layers counted from the output, {@code >= 1}
     * @return the last {@code k} layers
     */
    public static LayerSelection last(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("number of last layers must be >= 1, got " + k);
        }
        return new LayerSelection(k);
    }

    /**
     * @param text {@code all} or {@code last:K}
     * @return the selection
     * @throws IllegalArgumentException naming the text otherwise
     */
    public static LayerSelection parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return all();
        }
        if (t.startsWith("last:")) {
            try {
                return last(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("layers to sample must be 'all' or 'last:K' with K >= 1, got '" + text
                + "'");
    }

    /** @return whether every weight is sampled */
    public boolean isAll() {
        return lastLayers == 0;
    }

    /**
     * @param names weight names in graph order
     * @return the sampled names, in graph order
     * @throws IllegalArgumentException if the model has fewer layers than asked for
     */
    public List<String> select(Collection<String> names) {
        if (isAll()) {
            return List.copyOf(names);
        }
        Set<String> layers = new LinkedHashSet<>();
        for (String n : names) {
            layers.add(layer(n));
        }
        if (layers.size() < lastLayers) {
            throw new IllegalArgumentException("asked to sample the last " + lastLayers + " layers, the model has "
                    + layers.size() + ": " + layers);
        }
        List<String> ordered = new ArrayList<>(layers);
        Set<String> keep = new LinkedHashSet<>(ordered.subList(ordered.size() - lastLayers, ordered.size()));
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (keep.contains(layer(n))) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * @param name a weight name
     * @return its layer: the name up to the last {@code /}, or the name itself
     */
    public static String layer(String name) {
        int i = name.lastIndexOf('/');
        return i < 0 ? name : name.substring(0, i);
    }

    /** @return {@code "all"} or {@code "last:K"} */
    @Override
    public String toString() {
        return isAll() ? "all" : "last:" + lastLayers;
    }
}
