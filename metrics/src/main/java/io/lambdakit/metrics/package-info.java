/**
 * CloudWatch metrics for Lambda functions through the Embedded Metric Format (EMF): {@link io.lambdakit.metrics.Metrics}
 * records metrics, dimensions and metadata per invocation and prints them to standard output as EMF JSON
 * lines, which CloudWatch Logs turns into metrics without any API call; {@link io.lambdakit.metrics.FlushMetrics}
 * does the same for an annotated handler through the very same engine. Output is compatible with Powertools
 * for AWS Lambda, split at the EMF limits, and scoped to the invocation, so concurrent invocations never mix.
 */
package io.lambdakit.metrics;
