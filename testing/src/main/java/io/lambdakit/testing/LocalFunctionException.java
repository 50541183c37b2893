package io.lambdakit.testing;

import io.lambdakit.core.LambdakitException;

/** Root of the exceptions the test kit throws. */
public class LocalFunctionException extends LambdakitException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and how to fix it
     */
    public LocalFunctionException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and how to fix it
     * @param cause   the underlying failure
     */
    public LocalFunctionException(String message, Throwable cause) {
        super(message, cause);
    }
}
