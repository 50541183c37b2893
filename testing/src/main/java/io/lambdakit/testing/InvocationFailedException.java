package io.lambdakit.testing;

/** A response was read from an invocation that has none because it failed or timed out. */
public final class InvocationFailedException extends LocalFunctionException {

    private static final long serialVersionUID = 1L;

    private final transient InvocationError error;

    /**
     * @param requestId the request id
     * @param error     why it failed
     */
    public InvocationFailedException(String requestId, InvocationError error) {
        super("invocation " + requestId + " has no response because it failed with " + error
                + "; check result.error() before reading the response");
        this.error = error;
    }

    /** @return why the invocation failed */
    public InvocationError error() {
        return error;
    }
}
