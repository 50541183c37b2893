/**
 * Structured JSON logging for Lambda functions over SLF4J 2. Adding the artifact makes every
 * {@code org.slf4j.Logger} write one Powertools-compatible JSON line per event to standard output
 * ({@link io.lambdakit.logging.LogOutput} configures it); {@link io.lambdakit.logging.Logging @Logging}
 * or {@link io.lambdakit.logging.LambdaLogging} around the handler adds the Lambda context keys,
 * event and error logging, correlation ids, sampling and per-invocation buffering.
 */
package io.lambdakit.logging;
