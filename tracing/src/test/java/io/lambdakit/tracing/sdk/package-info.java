/**
 * Handlers that make AWS SDK calls through {@code TracingInterceptor} under the real runtime interface client:
 * at init, inside the invocation and from a thread that outlives it.
 */
package io.lambdakit.tracing.sdk;
