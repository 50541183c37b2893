/**
 * Handlers annotated with {@link io.lambdakit.metrics.FlushMetrics}, woven by this module's aspect at
 * test-compile exactly as users' handlers are woven, for the aspect, parity and end-to-end tests.
 */
package io.lambdakit.metrics.handlers;
