package io.lambdakit.metrics.internal;

import io.lambdakit.core.ExecutionEnvironment;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the builder was given, before the environment and defaults are applied. Null means "not set".
 *
 * @param executionEnvironment environment snapshot, clock and cold-start state
 * @param namespace            namespace, or null
 * @param service              service, or null
 * @param functionName         cold-start FunctionName, or null
 * @param defaultDimensions    extra default dimensions in order
 * @param captureColdStart     emit ColdStart
 * @param raiseOnEmptyMetrics  throw when an invocation emitted nothing
 * @param disabled             never write, or null
 * @param tenantDimension      tenant_id as a dimension
 * @param output               where lines go
 */
public record MetricsSettings(
        ExecutionEnvironment executionEnvironment,
        String namespace,
        String service,
        String functionName,
        Map<String, String> defaultDimensions,
        boolean captureColdStart,
        boolean raiseOnEmptyMetrics,
        Boolean disabled,
        boolean tenantDimension,
        Supplier<PrintStream> output) {
}
