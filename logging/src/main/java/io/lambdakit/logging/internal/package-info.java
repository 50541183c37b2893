/**
 * Internals of lambdakit-logging, not API: the SLF4J service provider and its loggers, the MDC,
 * the log pipeline (levels, rendering, buffering, the atomic write), the line and value codecs,
 * redaction, the invocation engine behind {@code @Logging} and {@code LambdaLogging}, and the
 * aspect that adapts the annotation to that engine.
 */
package io.lambdakit.logging.internal;
