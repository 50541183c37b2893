package io.lambdakit.tracing.internal;

import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.spi.AspectOrder;
import io.lambdakit.core.spi.Handlers;
import io.lambdakit.tracing.TraceOptions;
import io.lambdakit.tracing.TracingException;
import io.lambdakit.tracing.annotation.Tracing;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.DeclarePrecedence;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Weaves {@link Tracing @Tracing}: converts the annotation once per method into
 * {@link TraceOptions}, finds the Lambda {@code Context} among the arguments (present: the method is
 * a handler) and runs the call through the process-wide tracer's engine, the same one
 * {@link io.lambdakit.tracing.Tracing} uses.
 *
 * <p>Its place among lambdakit's aspects is declared in {@link AspectOrder}.
 */
@Aspect
@DeclarePrecedence(AspectOrder.PRECEDENCE)
public class TracingAspect {

    private final ConcurrentHashMap<JoinPoint.StaticPart, TraceOptions> options = new ConcurrentHashMap<>();

    /**
     * @param pjp     the annotated method's execution
     * @param tracing its annotation
     * @return what the method returned
     * @throws Throwable what the method threw, unchanged
     */
    @Around("execution(@io.lambdakit.tracing.annotation.Tracing * *(..)) && @annotation(tracing)")
    public Object around(ProceedingJoinPoint pjp, Tracing tracing) throws Throwable {
        TraceOptions o = options.get(pjp.getStaticPart());
        if (o == null) {
            o = options.computeIfAbsent(pjp.getStaticPart(), sp -> toOptions(sp.getSignature().getName(), tracing));
        }
        return io.lambdakit.tracing.Tracing.execute(o, Handlers.findContext(pjp.getArgs()), pjp::proceed);
    }

    /**
     * Converts the annotation. An unusable namespace must not fail the handler at its first call:
     * it is reported (once, since this runs once per method) and the service name is used instead.
     */
    static TraceOptions toOptions(String methodName, Tracing tracing) {
        TraceOptions.Builder b = TraceOptions.builder(methodName)
                .segmentName(tracing.segmentName())
                .captureMode(tracing.captureMode());
        try {
            b.namespace(tracing.namespace());
        } catch (TracingException e) {
            Warnings.standardError(ExecutionEnvironment.current()).accept("@Tracing on " + methodName + ": " + e.getMessage()
                    + "; the service name is used instead");
        }
        return b.build();
    }
}
