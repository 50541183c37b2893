package io.lambdakit.core;

/**
 * Root of every exception lambdakit throws. Each module has its own subclass root; subclasses
 * exist only for cases a caller would catch, and carry their data as accessors. Messages say what
 * to fix and never contain secret values or whole events.
 */
public class LambdakitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and how to fix it
     */
    public LambdakitException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and how to fix it
     * @param cause   the underlying failure
     */
    public LambdakitException(String message, Throwable cause) {
        super(message, cause);
    }
}
