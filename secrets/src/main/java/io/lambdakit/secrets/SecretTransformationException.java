package io.lambdakit.secrets;

/**
 * The value was fetched but could not be transformed to what was asked: JSON that does not match the
 * target type, text that is not base64, a binary secret read as text. The message names the
 * transformation and, for JSON, the path of the offending field; it never quotes the value, and the
 * parser's own exception (whose message would) is not attached.
 */
public final class SecretTransformationException extends SecretsException {

    private static final long serialVersionUID = 1L;

    private final String transformation;

    /**
     * @param id             the secret id or parameter name
     * @param transformation the transformation's name, e.g. {@code json:com.example.DbConfig}
     * @param message        what went wrong and how to fix it
     */
    public SecretTransformationException(String id, String transformation, String message) {
        super(id, Reason.TRANSFORMATION_FAILED, -1, message, null);
        this.transformation = transformation;
    }

    /** @return the name of the transformation that failed */
    public String transformation() {
        return transformation;
    }
}
