package io.lambdakit.idempotency;

/**
 * A repeated idempotency key arrived with a payload whose validation hash differs from the stored
 * one (see {@link Idempotency.Builder#payloadValidationJmesPath(String)}): the same key was reused
 * for a different request. The body did not run and no stored response was returned.
 */
public final class IdempotencyValidationException extends IdempotencyException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key     the idempotency key
     * @param message what happened
     */
    public IdempotencyValidationException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** @return the idempotency key whose payload did not match */
    public String key() {
        return key;
    }
}
