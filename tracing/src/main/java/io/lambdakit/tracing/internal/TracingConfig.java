package io.lambdakit.tracing.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;

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

    /** Default largest metadata value, in encoded bytes, before it is cut. */
    static final int DEFAULT_MAX_METADATA_VALUE_BYTES = 16 * 1024;

    /**
     * Resolves a configuration: each argument given to the builder (non-null) wins over the
     * environment, which wins over the defaults.
     *
     * @param env                   the environment snapshot
     * @param serviceName           {@code serviceName(..)}, or null
     * @param captureResponse       {@code captureResponse(..)}, or null
     * @param captureError          {@code captureError(..)}, or null
     * @param enabled               {@code enabled(..)}, or null
     * @param daemonAddress         {@code daemonAddress(..)}, or null
     * @param maxMetadataValueBytes {@code maxMetadataValueBytes(..)}, or null
     * @return the configuration
     * @throws ConfigurationException listing every problem found
     */
    public static TracingConfig resolve(Environment env, String serviceName, Boolean captureResponse, Boolean captureError,
                                        Boolean enabled, String daemonAddress, Integer maxMetadataValueBytes) {
        ConfigurationException.Problems problems = ConfigurationException.problems("lambdakit-tracing");

        String service = serviceName != null ? serviceName : env.serviceName();
        if (service.isBlank()) {
            problems.add("serviceName(..) was blank but it must name the service; pass a name or leave it to " + Environment.POWERTOOLS_SERVICE_NAME);
        }
        boolean response = captureResponse != null ? captureResponse
                : flag(env, TracingVariables.POWERTOOLS_TRACER_CAPTURE_RESPONSE, true, problems);
        boolean error = captureError != null ? captureError
                : flag(env, TracingVariables.POWERTOOLS_TRACER_CAPTURE_ERROR, true, problems);
        boolean on = enabled != null ? enabled : !flag(env, TracingVariables.POWERTOOLS_TRACE_DISABLED, false, problems);

        String address = daemonAddress != null ? daemonAddress : env.xrayDaemonAddress();
        DaemonAddress daemon = DaemonAddress.parse(address).orElse(null);
        if (daemon == null) {
            problems.add((daemonAddress != null ? "daemonAddress(..)" : Environment.AWS_XRAY_DAEMON_ADDRESS) + " was '" + address
                    + "' but it must be host:port (e.g. 127.0.0.1:2000) or 'tcp:host:port udp:host:port'; "
                    + (daemonAddress != null ? "fix the argument" : "fix or unset the variable"));
        }
        int maxValue = maxMetadataValueBytes != null ? maxMetadataValueBytes : DEFAULT_MAX_METADATA_VALUE_BYTES;
        if (maxValue < 256 || maxValue > 32 * 1024) {
            problems.add("maxMetadataValueBytes(..) was " + maxValue + " but it must be between 256 and 32768, so that a"
                    + " subsegment with a captured response still fits one UDP datagram");
        }
        problems.throwIfAny();
        return new TracingConfig(on, service, response, error, daemon, maxValue);
    }

    private static boolean flag(Environment env, String name, boolean defaultValue, ConfigurationException.Problems problems) {
        try {
            return env.getBoolean(name, defaultValue);
        } catch (ConfigurationException e) {
            for (String p : e.problems()) {
                problems.add(p);
            }
            return defaultValue;
        }
    }
}
