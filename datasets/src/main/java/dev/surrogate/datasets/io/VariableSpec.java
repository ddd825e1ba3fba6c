package dev.surrogate.datasets.io;

import java.util.Objects;

/**
 * Name and CF attributes of a data variable: a field {@code (sample, time, [y,] x)} or a per-sample parameter
 * {@code (sample)}.
 *
 * @param name     NetCDF variable name, e.g. {@code "u"} or {@code "nu"}
 * @param longName CF {@code long_name}, e.g. {@code "velocity"}
 * @param units    CF {@code units}; {@code "1"} for nondimensional quantities
 */
public record VariableSpec(String name, String longName, String units) {

    /** Validates the name (a NetCDF-3 name: letter or underscore first, then letters, digits, '_', '-', '.'). */
    public VariableSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(longName, "longName");
        Objects.requireNonNull(units, "units");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
            throw new IllegalArgumentException("invalid NetCDF variable name '" + name + "'");
        }
    }
}
