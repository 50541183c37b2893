package io.lambdakit.metrics;

/**
 * A metric, dimension, metadata entry, namespace or timestamp that CloudWatch would reject or that would make
 * the EMF blob ambiguous, rejected at the call that passed it. The message names the offending item and says
 * what is allowed.
 */
public final class MetricsValidationException extends MetricsException {

    private static final long serialVersionUID = 1L;

    private final String item;

    /**
     * @param item    what was rejected, e.g. {@code metric name} or {@code dimension 'Region'}
     * @param message what was wrong and what is allowed
     */
    public MetricsValidationException(String item, String message) {
        super(message);
        this.item = item;
    }

    /** @return what was rejected, e.g. {@code metric name} or {@code dimension 'Region'} */
    public String item() {
        return item;
    }
}
