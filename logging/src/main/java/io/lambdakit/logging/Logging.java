package io.lambdakit.logging;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Structured logging around a Lambda handler method, woven at compile time by AspectJ (add
 * {@code lambdakit-logging} to the aspectj-maven-plugin's {@code aspectLibraries}). It does exactly
 * what {@link LambdaLogging#execute(com.amazonaws.services.lambda.runtime.Context, Object, io.lambdakit.core.ThrowingSupplier)}
 * does, through the same engine: every line logged during the
 * invocation carries the Lambda context keys; the event, response and an uncaught exception can be
 * logged; a correlation id can be taken from the event; a share of invocations can log at DEBUG;
 * the MDC is put back as it was after each invocation.
 *
 * <p>The attributes keep Powertools' names. An attribute left at its default falls back to the
 * environment variable ({@code POWERTOOLS_LOGGER_LOG_EVENT}, ...), then to off. The annotation
 * is converted once per method into {@link LambdaLogging#builder()}; an invalid attribute
 * ({@code samplingRate = 2}, a malformed path) throws the builder's
 * {@link io.lambdakit.core.ConfigurationException}, with the same message, from every call of the
 * method, before its body runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Logging {

    /** @return log the event at INFO as {@code "Handler Event"} with key {@code event} (masked like any value) */
    boolean logEvent() default false;

    /** @return log the result at INFO as {@code "Handler Response"} with key {@code response} */
    boolean logResponse() default false;

    /** @return log an uncaught exception once at ERROR as {@code "Exception in Lambda Handler"} before it is rethrown */
    boolean logError() default false;

    /** @return probability in [0, 1] that an invocation logs at DEBUG; 0 means "not set" (environment, then off) */
    double samplingRate() default 0;

    /** @return JMESPath into the event whose result becomes {@code correlation_id}; see {@link CorrelationIdPaths} */
    String correlationIdPath() default "";

    /** @return write the invocation's buffered lines when the handler fails (otherwise drop them) */
    boolean flushBufferOnUncaughtError() default true;

    /**
     * @return also clear MDC entries that were set before the invocation (init-time keys), as
     *         {@link LambdaLogging.Builder#clearState(boolean)}. The MDC is always restored to its
     *         pre-invocation state otherwise; Powertools' name
     */
    boolean clearState() default false;
}
