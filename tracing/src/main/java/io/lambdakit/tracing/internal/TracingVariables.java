package io.lambdakit.tracing.internal;

/**
 * The environment variables lambdakit-tracing reads, each constant named exactly like its variable
 * (Powertools' names). Only {@link TracingConfig} reads them; core's shared ones
 * ({@code POWERTOOLS_SERVICE_NAME}, {@code AWS_XRAY_DAEMON_ADDRESS}) are constants of
 * {@link io.lambdakit.core.Environment}.
 */
final class TracingVariables {

    /** Record return values as metadata (default true). */
    static final String POWERTOOLS_TRACER_CAPTURE_RESPONSE = "POWERTOOLS_TRACER_CAPTURE_RESPONSE";
    /** Record exceptions as metadata (default true). */
    static final String POWERTOOLS_TRACER_CAPTURE_ERROR = "POWERTOOLS_TRACER_CAPTURE_ERROR";
    /** Turn tracing off (default false); {@code true} is {@code Tracer.Builder.enabled(false)}. */
    static final String POWERTOOLS_TRACE_DISABLED = "POWERTOOLS_TRACE_DISABLED";

    private TracingVariables() {
    }
}
