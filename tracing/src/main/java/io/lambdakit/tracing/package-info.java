/**
 * X-Ray tracing for Lambda functions without the X-Ray SDK: {@link io.lambdakit.tracing.Tracer}
 * (a configured instance; {@link io.lambdakit.tracing.Tracer#current()} is the process-wide one) and
 * the {@link io.lambdakit.tracing.Tracing @Tracing} annotation record subsegments
 * of the function's facade segment, with annotations, metadata, errors and nested subsegments, and
 * send them to the X-Ray daemon over UDP; {@link io.lambdakit.tracing.TracingInterceptor} records
 * AWS SDK v2 calls. Nothing here exposes X-Ray SDK types, so another exporter (OpenTelemetry) can be
 * put behind the same API later.
 */
package io.lambdakit.tracing;
