package io.lambdakit.logging;

/**
 * JMESPath expressions for {@code correlationIdPath} that find the correlation id in common event
 * types, with Powertools' values.
 */
public final class CorrelationIdPaths {

    /** API Gateway REST API (v1 payload): the request id of the API call. */
    public static final String API_GATEWAY_REST = "requestContext.requestId";
    /** API Gateway HTTP API (v2 payload): the request id of the API call. */
    public static final String API_GATEWAY_HTTP = "requestContext.requestId";
    /** Application Load Balancer: the trace id header the load balancer adds. */
    public static final String APPLICATION_LOAD_BALANCER = "headers.\"x-amzn-trace-id\"";
    /** AppSync resolver: the trace id header of the request. */
    public static final String APPSYNC_RESOLVER = "request.headers.\"x-amzn-trace-id\"";
    /** EventBridge: the event id. */
    public static final String EVENT_BRIDGE = "id";

    private CorrelationIdPaths() {
    }
}
