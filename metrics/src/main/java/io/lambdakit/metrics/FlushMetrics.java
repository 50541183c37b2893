package io.lambdakit.metrics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Flushes the metrics of {@link Metrics#current()} when the annotated handler returns or throws: the handler
 * runs as the body of {@link Metrics#execute(FlushOptions, com.amazonaws.services.lambda.runtime.Context,
 * io.lambdakit.core.ThrowingSupplier)}, with the attributes converted once per method into the
 * {@link FlushOptions} of the same names (an invalid one throws the same
 * {@link io.lambdakit.core.ConfigurationException} as {@link FlushOptions.Builder#build()}, at every call,
 * before the handler runs).
 * The Lambda {@code Context} is taken from the method's arguments. Takes effect when the class is woven with
 * the {@code lambdakit-metrics} aspect library (see the module documentation).
 *
 * <p>Attributes override the process-wide instance's configuration for this handler; empty strings and
 * {@code false} keep it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface FlushMetrics {

    /** @return the CloudWatch namespace; empty keeps the configured one (builder, then {@code POWERTOOLS_METRICS_NAMESPACE}) */
    String namespace() default "";

    /** @return the value of the {@code Service} dimension; empty keeps the configured one ({@code POWERTOOLS_SERVICE_NAME}) */
    String service() default "";

    /** @return the {@code FunctionName} dimension of the ColdStart metric; empty keeps the configured one, else the context's */
    String functionName() default "";

    /** @return true to emit a {@code ColdStart} metric on an on-demand cold start */
    boolean captureColdStart() default false;

    /**
     * @return true to throw {@link MetricsException} when the handler returned without emitting any metric (not when it
     *         threw, whose exception propagates, nor for an idempotent replay, whose body did not run)
     */
    boolean raiseOnEmptyMetrics() default false;
}
