package io.lambdakit.idempotency;

/**
 * The idempotency record could not be read, written, serialised or deserialised.
 * {@link #operation()} says which step failed and {@link #bodyExecuted()} whether the body ran:
 * when the claim fails the body did not run and a retry is safe; when the completion fails the body
 * ran, its record stays {@code INPROGRESS} until the invocation's deadline
 * ({@code in_progress_expiration}), and only a retry after that runs the body again.
 */
public final class IdempotencyPersistenceException extends IdempotencyException {

    private static final long serialVersionUID = 1L;

    /** The step that failed. */
    public enum Operation {
        /** Writing the {@code INPROGRESS} record; the body did not run. */
        CLAIM(false),
        /** Serialising the body's result; the body ran. */
        SERIALIZE_RESPONSE(true),
        /** Writing the {@code COMPLETED} record (including an item too large for the store); the body ran. */
        COMPLETE(true),
        /** Deleting the record after the body failed; the body ran and failed. */
        DELETE(true),
        /** Reading the record while waiting for an in-flight duplicate; the body did not run. */
        READ(false),
        /** Turning a stored response back into the method's return type; the body did not run. */
        DESERIALIZE_RESPONSE(false);

        private final boolean bodyExecuted;

        Operation(boolean bodyExecuted) {
            this.bodyExecuted = bodyExecuted;
        }
    }

    private final String key;
    private final Operation operation;

    /**
     * @param key       the idempotency key
     * @param operation the step that failed
     * @param message   what happened and what it means for retries
     * @param cause     the underlying failure, or null
     */
    public IdempotencyPersistenceException(String key, Operation operation, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.operation = operation;
    }

    /** @return the idempotency key */
    public String key() {
        return key;
    }

    /** @return the step that failed */
    public Operation operation() {
        return operation;
    }

    /** @return true when the body ran in this invocation before the failure */
    public boolean bodyExecuted() {
        return operation.bodyExecuted;
    }
}
