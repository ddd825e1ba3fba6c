package dev.surrogate.datasets.io;

/**
 * A field of a dataset holds NaN or an infinity where a value is expected. Thrown where field values are read
 * ({@link DatasetReader}), so every consumer (statistics, training, evaluation, prediction) stops with the same
 * message instead of propagating NaN into its results.
 */
public class NonFiniteValueException extends DatasetFormatException {
    private static final long serialVersionUID = 1L;

    private final String variable;
    private final int sample;
    private final int timeIndex;

    /**
     * @param message   full description naming file, variable, sample and time index
     * @param variable  the field
     * @param sample    the sample's index in the file
     * @param timeIndex the time index
     */
    public NonFiniteValueException(String message, String variable, int sample, int timeIndex) {
        super(message);
        this.variable = variable;
        this.sample = sample;
        this.timeIndex = timeIndex;
    }

    /** @return the field's name */
    public String variable() {
        return variable;
    }

    /** @return the sample's index in the file (0-based) */
    public int sample() {
        return sample;
    }

    /** @return the index into the file's {@code time} coordinate */
    public int timeIndex() {
        return timeIndex;
    }
}
