package io.lambdakit.metrics.internal;

/**
 * The environment variables lambdakit-metrics reads, each constant named exactly like its variable. Only
 * {@link MetricsConfig} reads them (through core's {@code Environment}); the service name is core's
 * {@code Environment.POWERTOOLS_SERVICE_NAME}.
 */
final class MetricsVariables {

    /** The CloudWatch namespace, as in Powertools. */
    static final String POWERTOOLS_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    /** The {@code FunctionName} dimension of the ColdStart metric, as in Powertools. */
    static final String POWERTOOLS_METRICS_FUNCTION_NAME = "POWERTOOLS_METRICS_FUNCTION_NAME";
    /** {@code true} records and validates but never writes ({@code enabled(false)}), as in Powertools. */
    static final String POWERTOOLS_METRICS_DISABLED = "POWERTOOLS_METRICS_DISABLED";

    private MetricsVariables() {
    }
}
