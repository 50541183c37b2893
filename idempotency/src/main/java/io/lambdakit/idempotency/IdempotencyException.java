package io.lambdakit.idempotency;

import io.lambdakit.core.LambdakitException;

/**
 * Root of the exceptions lambdakit-idempotency throws as part of its semantics (a duplicate in
 * progress, a payload that does not match, a store that failed). Exceptions thrown by the
 * idempotent body itself are never wrapped: they propagate unchanged.
 */
public class IdempotencyException extends LambdakitException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do
     */
    protected IdempotencyException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do
     * @param cause   the underlying failure
     */
    protected IdempotencyException(String message, Throwable cause) {
        super(message, cause);
    }
}
