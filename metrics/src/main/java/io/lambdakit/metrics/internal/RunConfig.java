package io.lambdakit.metrics.internal;

import io.lambdakit.metrics.DimensionSet;

/**
 * How one run's metrics are written, resolved: the instance's {@link MetricsConfig}, possibly overridden by
 * a {@code FlushOptions} (the plain API's, or one converted from a {@code @FlushMetrics} annotation).
 *
 * @param namespace           the namespace, or null when none was configured
 * @param defaultDimensions   dimensions every blob carries ({@code Service} first when defined)
 * @param service             the service name, or null when undefined
 * @param functionName        the ColdStart metric's FunctionName override, or null for the context's
 * @param captureColdStart    emit ColdStart on an on-demand cold start
 * @param raiseOnEmptyMetrics throw when the invocation emitted no metric
 */
record RunConfig(
        String namespace,
        DimensionSet defaultDimensions,
        String service,
        String functionName,
        boolean captureColdStart,
        boolean raiseOnEmptyMetrics) {
}
