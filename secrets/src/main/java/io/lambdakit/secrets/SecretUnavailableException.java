package io.lambdakit.secrets;

/**
 * A transient failure: the extension is not running or not ready, a timeout, throttling or a server
 * error. Retrying later may succeed; stale-on-error serves the previous value instead when enabled, and
 * the extension-to-SDK fallback (when enabled) retries through the SDK.
 */
public final class SecretUnavailableException extends SecretsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param id         the secret id or parameter name
     * @param reason     a transient reason ({@link Reason#isTransient()})
     * @param httpStatus the HTTP status that reported it, or -1
     * @param message    what went wrong and how to fix it
     * @param cause      the underlying failure, or null
     */
    public SecretUnavailableException(String id, Reason reason, int httpStatus, String message, Throwable cause) {
        super(id, checkTransient(reason), httpStatus, message, cause);
    }

    private static Reason checkTransient(Reason reason) {
        if (!reason.isTransient()) {
            throw new IllegalArgumentException(reason + " is not a transient reason");
        }
        return reason;
    }
}
