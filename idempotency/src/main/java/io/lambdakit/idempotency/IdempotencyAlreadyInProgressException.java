package io.lambdakit.idempotency;

/**
 * Another invocation holds the key and has not finished (its record is {@code INPROGRESS} and its
 * deadline has not passed). The body did not run. Safe to retry: Lambda's retries for asynchronous
 * and queue events do so. With wait mode on, thrown only when the duplicate is still running when
 * the wait ends.
 */
public final class IdempotencyAlreadyInProgressException extends IdempotencyException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key     the idempotency key that is in progress
     * @param message what happened
     */
    public IdempotencyAlreadyInProgressException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** @return the idempotency key that is in progress */
    public String key() {
        return key;
    }
}
