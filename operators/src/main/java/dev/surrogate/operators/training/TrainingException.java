package dev.surrogate.operators.training;

/** Training or model loading failed for a reason other than a bad argument (diverged loss, corrupt file, ...). */
public class TrainingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the file, variable or epoch */
    public TrainingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   underlying failure
     */
    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
