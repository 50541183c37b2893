package io.lambdakit.metrics.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.spi.AspectOrder;
import io.lambdakit.core.spi.Handlers;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.FlushOptions;
import io.lambdakit.metrics.Metrics;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.DeclarePrecedence;
import org.aspectj.lang.reflect.MethodSignature;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapts {@link FlushMetrics} to the plain API: the annotation is converted once per {@link Method} into the
 * {@link FlushOptions} users build by hand (an invalid attribute throws the {@link ConfigurationException}
 * {@code FlushOptions.Builder.build()} throws, at every call, before the body runs), the Lambda
 * {@code Context} found among the arguments, and the method run as the body of
 * {@link Metrics#execute(FlushOptions, com.amazonaws.services.lambda.runtime.Context, io.lambdakit.core.ThrowingSupplier)}
 * on {@link Metrics#current()}.
 *
 * <p>Its place among lambdakit's aspects is declared in {@link AspectOrder}.
 */
@Aspect
@DeclarePrecedence(AspectOrder.PRECEDENCE)
public final class FlushMetricsAspect {

    private final ConcurrentHashMap<Method, Conversion> conversions = new ConcurrentHashMap<>();

    /**
     * @param pjp          the annotated method's execution
     * @param flushMetrics its annotation
     * @return the method's result
     * @throws Throwable whatever the method throws, unchanged
     */
    @Around("execution(@io.lambdakit.metrics.FlushMetrics * *(..)) && @annotation(flushMetrics)")
    public Object flushMetrics(ProceedingJoinPoint pjp, FlushMetrics flushMetrics) throws Throwable {
        Method method = ((MethodSignature) pjp.getSignature()).getMethod();
        Conversion c = conversions.get(method);
        if (c == null) {
            c = conversions.computeIfAbsent(method, m -> Conversion.of(flushMetrics));
        }
        if (c.failure != null) {
            throw c.failure;
        }
        return Metrics.current().execute(c.options, Handlers.findContext(pjp.getArgs()), pjp::proceed);
    }

    /** An annotation converted once: the options, or the configuration error every call throws. */
    static final class Conversion {
        final FlushOptions options;
        final ConfigurationException failure;

        private Conversion(FlushOptions options, ConfigurationException failure) {
            this.options = options;
            this.failure = failure;
        }

        static Conversion of(FlushMetrics a) {
            FlushOptions.Builder b = FlushOptions.builder()
                    .captureColdStart(a.captureColdStart())
                    .raiseOnEmptyMetrics(a.raiseOnEmptyMetrics());
            if (!a.namespace().isEmpty()) {
                b.namespace(a.namespace());
            }
            if (!a.service().isEmpty()) {
                b.service(a.service());
            }
            if (!a.functionName().isEmpty()) {
                b.functionName(a.functionName());
            }
            try {
                return new Conversion(b.build(), null);
            } catch (ConfigurationException e) {
                return new Conversion(null, e);
            }
        }
    }
}
