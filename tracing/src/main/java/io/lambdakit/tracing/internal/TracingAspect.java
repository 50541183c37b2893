package io.lambdakit.tracing.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.spi.AspectOrder;
import io.lambdakit.core.spi.Handlers;
import io.lambdakit.tracing.TraceOptions;
import io.lambdakit.tracing.Tracer;
import io.lambdakit.tracing.Tracing;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.DeclarePrecedence;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Weaves {@link Tracing @Tracing}: converts the annotation once per method into
 * {@link TraceOptions} (through the same builder the plain API uses), finds the Lambda
 * {@code Context} among the arguments and runs the call through the process-wide
 * {@link Tracer#current()}: {@code execute(options, context, body)} when the method is a handler,
 * {@code trace(options, body)} otherwise. An attribute the builder rejects fails every call of the
 * method with the builder's {@link ConfigurationException}, before the body runs; the failed
 * conversion is cached too.
 *
 * <p>Its place among lambdakit's aspects is declared in {@link AspectOrder}.
 */
@Aspect
@DeclarePrecedence(AspectOrder.PRECEDENCE)
public class TracingAspect {

    private final ConcurrentHashMap<JoinPoint.StaticPart, Conversion> conversions = new ConcurrentHashMap<>();

    /**
     * @param pjp     the annotated method's execution
     * @param tracing its annotation
     * @return what the method returned
     * @throws Throwable what the method threw, unchanged
     */
    @Around("execution(@io.lambdakit.tracing.Tracing * *(..)) && @annotation(tracing)")
    public Object around(ProceedingJoinPoint pjp, Tracing tracing) throws Throwable {
        Conversion c = conversions.get(pjp.getStaticPart());
        if (c == null) {
            c = conversions.computeIfAbsent(pjp.getStaticPart(), sp -> Conversion.of(sp.getSignature().getName(), tracing));
        }
        TraceOptions options = c.options();
        Context context = Handlers.findContext(pjp.getArgs());
        Tracer tracer = Tracer.current();
        return context != null ? tracer.execute(options, context, pjp::proceed) : tracer.trace(options, pjp::proceed);
    }

    /**
     * @param methodName the annotated method's name, the default subsegment name
     * @param tracing    its annotation
     * @return the options the plain API would build from the same values
     * @throws ConfigurationException when an attribute is invalid, exactly as {@link TraceOptions.Builder} throws it
     */
    static TraceOptions toOptions(String methodName, Tracing tracing) {
        return TraceOptions.builder(methodName)
                .segmentName(tracing.segmentName())
                .namespace(tracing.namespace())
                .captureMode(tracing.captureMode())
                .build();
    }

    /** The outcome of converting one method's annotation: options, or the configuration error to throw on every call. */
    private static final class Conversion {
        private final TraceOptions options;
        private final ConfigurationException failure;

        private Conversion(TraceOptions options, ConfigurationException failure) {
            this.options = options;
            this.failure = failure;
        }

        static Conversion of(String methodName, Tracing tracing) {
            try {
                return new Conversion(toOptions(methodName, tracing), null);
            } catch (ConfigurationException e) {
                return new Conversion(null, e);
            }
        }

        TraceOptions options() {
            if (failure != null) {
                // a fresh exception per call (its stack is this call's), with the builder's component and problems
                ConfigurationException.Problems problems = ConfigurationException.problems(failure.component());
                for (String p : failure.problems()) {
                    problems.add(p);
                }
                problems.throwIfAny();
            }
            return options;
        }
    }
}
