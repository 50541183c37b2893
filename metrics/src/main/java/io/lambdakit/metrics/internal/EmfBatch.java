package io.lambdakit.metrics.internal;

import java.util.List;
import java.util.Map;

/**
 * Everything one flush writes, before it is split into blobs at the EMF limits.
 *
 * @param timestampMillis epoch milliseconds of the metrics
 * @param namespace       the CloudWatch namespace
 * @param dimensionSets   the dimension sets, each at most 30 keys (see {@link EmfCodec#dimensionSets})
 * @param dimensionValues the value of every key of every set
 * @param metrics         the metrics with all their values, any number of each
 * @param metadata        root-level members: String, Boolean, Long, Double, null or {@code MetricsBuffer.RawJson}
 * @param requestId       the invocation's request id, or null
 * @param traceId         the invocation's X-Ray trace id, or null
 * @param tenantId        the invocation's tenant id written as a property, or null (also null when it is a dimension)
 */
record EmfBatch(
        long timestampMillis,
        String namespace,
        List<List<String>> dimensionSets,
        Map<String, String> dimensionValues,
        List<MetricEntry> metrics,
        Map<String, Object> metadata,
        String requestId,
        String traceId,
        String tenantId) {
}
