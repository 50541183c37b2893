/**
 * The machinery behind {@link io.lambdakit.metrics.Metrics}: the engine both front doors call
 * ({@link io.lambdakit.metrics.internal.MetricsEngine}), the invocation-scoped buffers, the EMF codec that
 * splits output at the specification's limits, validation rules, and the thin aspect that adapts
 * {@link io.lambdakit.metrics.FlushMetrics} to the engine. Not an API: may change in any release.
 */
package io.lambdakit.metrics.internal;
