package io.lambdakit.secrets;

import io.lambdakit.core.LambdakitException;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Root of every failure of lambdakit-secrets. It names the secret id or parameter name (never its
 * value), says why in {@link #reason()} and what to fix in the message. Callers usually catch the
 * subclasses: {@link SecretNotFoundException}, {@link SecretUnavailableException} (transient) and
 * {@link SecretTransformationException}.
 */
public class SecretsException extends LambdakitException {

    private static final long serialVersionUID = 1L;

    /** Why a value could not be returned. */
    public enum Reason {
        /** The secret or parameter (or the requested version) does not exist. */
        NOT_FOUND(false),
        /** The function's role (or KMS) denied the read. */
        ACCESS_DENIED(false),
        /** {@code AWS_SESSION_TOKEN} is not set, so no request to the extension can carry its token header. */
        TOKEN_MISSING(false),
        /** The extension rejected the {@code X-Aws-Parameters-Secrets-Token} header. */
        TOKEN_REJECTED(false),
        /** Nothing listens on the extension's port: the extension is not running. */
        CONNECTION_REFUSED(true),
        /** The connection failed in another way (reset, closed early). */
        CONNECTION_FAILED(true),
        /** The extension or the service did not answer in time. */
        TIMEOUT(true),
        /** The extension is starting and does not serve requests yet. */
        NOT_READY(true),
        /** The service throttled the read. */
        THROTTLED(true),
        /** The extension or the service failed (HTTP 5xx). */
        SERVICE_ERROR(true),
        /** The request was rejected as invalid (wrong version, secret scheduled for deletion, ...). */
        BAD_REQUEST(false),
        /** The answer was not the JSON the protocol defines. */
        MALFORMED_RESPONSE(false),
        /** The value could not be transformed to the requested type. */
        TRANSFORMATION_FAILED(false),
        /** The provider cannot do this operation (e.g. get by path through the extension). */
        UNSUPPORTED(false);

        private final boolean transientFailure;

        Reason(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** @return true when retrying later may succeed; stale-on-error and the SDK fallback apply only to these */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final String id;
    private final Reason reason;
    private final int httpStatus;

    /**
     * @param id         the secret id or parameter name (never a value)
     * @param reason     why it failed
     * @param httpStatus the HTTP status that reported it, or -1
     * @param message    what went wrong and how to fix it; must not contain the value
     * @param cause      the underlying failure, or null; must not carry the value in its message
     */
    public SecretsException(String id, Reason reason, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.id = Objects.requireNonNull(id, "id");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.httpStatus = httpStatus;
    }

    /** @return the secret id, parameter name or parameter path the failure is about */
    public String id() {
        return id;
    }

    /** @return why it failed */
    public Reason reason() {
        return reason;
    }

    /** @return the HTTP status of the answer that reported the failure, if there was one */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
