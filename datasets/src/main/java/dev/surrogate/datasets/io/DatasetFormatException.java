package dev.surrogate.datasets.io;

import java.io.IOException;

/**
 * A file is not a dataset in the contract's layout: a missing dimension or variable, or a variable with the wrong
 * shape. The message names the file, the variable and, for shapes, the expected and the actual shape.
 */
public class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message full description naming file and variable */
    public DatasetFormatException(String message) {
        super(message);
    }
}
