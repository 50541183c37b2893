package io.lambdakit.tracing;

import io.lambdakit.core.LambdakitException;

/**
 * Root of the exceptions lambdakit-tracing throws. Tracing never throws while it records a call: it
 * is thrown only for misuse detected when options are built (at init), with a message saying what
 * to fix.
 */
public class TracingException extends LambdakitException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it
     */
    public TracingException(String message) {
        super(message);
    }
}
