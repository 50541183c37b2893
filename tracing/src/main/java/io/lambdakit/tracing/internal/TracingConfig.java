package io.lambdakit.tracing.internal;

/**
 * A tracer's resolved configuration (builder, else environment, else defaults).
 *
 * @param enabled               false when {@code POWERTOOLS_TRACE_DISABLED=true}: nothing is recorded
 * @param serviceName           the {@code Service} annotation and default metadata namespace
 * @param captureResponse       record return values as metadata unless an option says otherwise
 * @param captureError          record exceptions as metadata unless an option says otherwise
 * @param daemon                where documents go
 * @param maxMetadataValueBytes the largest encoded metadata value before it is cut
 */
public record TracingConfig(boolean enabled, String serviceName, boolean captureResponse, boolean captureError,
                            DaemonAddress daemon, int maxMetadataValueBytes) {
}
