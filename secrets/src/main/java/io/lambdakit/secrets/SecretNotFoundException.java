package io.lambdakit.secrets;

/** The secret or parameter, or the requested version of it, does not exist (or is not visible in this region). */
public final class SecretNotFoundException extends SecretsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param id         the secret id or parameter name
     * @param httpStatus the HTTP status that reported it, or -1
     * @param message    what went wrong and how to fix it
     * @param cause      the underlying failure, or null
     */
    public SecretNotFoundException(String id, int httpStatus, String message, Throwable cause) {
        super(id, Reason.NOT_FOUND, httpStatus, message, cause);
    }
}
