package io.lambdakit.metrics;

import io.lambdakit.core.LambdakitException;

/**
 * Root of the exceptions lambdakit-metrics throws. Thrown only where the caller can act: invalid input at
 * the call ({@link MetricsValidationException}) and, when {@code raiseOnEmptyMetrics} is on, an invocation
 * that emitted no metric. Failures to write metrics never reach the handler.
 */
public class MetricsException extends LambdakitException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and how to fix it
     */
    public MetricsException(String message) {
        super(message);
    }
}
