package dev.surrogate.datasets.generate;

import dev.surrogate.datasets.io.VariableSpec;

/**
 * A physical parameter of an equation family with its value for the dataset, e.g. Burgers' viscosity. Stored as a
 * global attribute when constant, or as a variable {@code name(sample)} when swept with a {@link ParameterSweep}.
 *
 * @param spec         name, long_name and units
 * @param value        the value used when the parameter is not swept
 * @param mustBePositive whether only values {@code > 0} are valid (e.g. a viscosity or diffusivity)
 */
public record PhysicalParameter(VariableSpec spec, double value, boolean mustBePositive) {

    /** Validates the value. */
    public PhysicalParameter {
        check(spec.name(), value, mustBePositive);
    }

    /** @return the parameter's name */
    public String name() {
        return spec.name();
    }

    /**
     * Checks a candidate value of this parameter.
     *
     * @param candidate value to check
     * @throws IllegalArgumentException if it is non-finite or, for a positive parameter, {@code <= 0}
     */
    public void check(double candidate) {
        check(spec.name(), candidate, mustBePositive);
    }

    private static void check(String name, double v, boolean positive) {
        if (!Double.isFinite(v) || (positive && !(v > 0))) {
            throw new IllegalArgumentException(name + " must be " + (positive ? "positive and " : "") + "finite, got "
                    + v);
        }
    }
}
