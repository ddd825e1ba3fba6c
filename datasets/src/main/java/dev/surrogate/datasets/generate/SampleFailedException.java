package dev.surrogate.datasets.generate;

/** The simulation of one sample failed; the message names the sample, its parameters and the cause. */
public class SampleFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long sampleIndex;

    /**
     * @param sampleIndex global index of the sample
     * @param message     full description
     * @param cause       the solver's exception
     */
    public SampleFailedException(long sampleIndex, String message, Throwable cause) {
        super(message, cause);
        this.sampleIndex = sampleIndex;
    }

    /** @return the global index of the failed sample */
    public long sampleIndex() {
        return sampleIndex;
    }
}
