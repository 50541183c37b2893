package io.lambdakit.testing;

/**
 * The event is not valid JSON. Lambda's Invoke API rejects such a payload before any function
 * code runs ({@code InvalidRequestContentException}), and so does the test kit.
 */
public final class InvalidEventException extends LocalFunctionException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message where the JSON is broken
     * @param cause   the parser's error
     */
    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
