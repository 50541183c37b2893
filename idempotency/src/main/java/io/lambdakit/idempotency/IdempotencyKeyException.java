package io.lambdakit.idempotency;

/**
 * No idempotency key could be derived from a payload: the key expression selected nothing (and
 * {@link Idempotency.Builder#throwOnNoIdempotencyKey(boolean)} is on), an expression function
 * failed on the payload, or the payload could not be converted to JSON. The body did not run.
 */
public final class IdempotencyKeyException extends IdempotencyException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and how to fix it
     */
    public IdempotencyKeyException(String message) {
        super(message);
    }

    /**
     * @param message what happened and how to fix it
     * @param cause   the underlying failure
     */
    public IdempotencyKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
