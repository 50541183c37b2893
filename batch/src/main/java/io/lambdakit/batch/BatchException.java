package io.lambdakit.batch;

import io.lambdakit.core.LambdakitException;

/**
 * Root of the exceptions lambdakit-batch throws. Thrown as such when a whole batch cannot be
 * processed safely, for example when a record has no identifier to report (the processor was
 * built for another event source), so that Lambda retries the whole batch rather than losing a
 * record.
 */
public class BatchException extends LambdakitException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and how to fix it
     */
    public BatchException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and how to fix it
     * @param cause   the underlying failure
     */
    public BatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
