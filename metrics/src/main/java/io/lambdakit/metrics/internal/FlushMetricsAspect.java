package io.lambdakit.metrics.internal;

import io.lambdakit.core.spi.AspectOrder;
import io.lambdakit.core.spi.Handlers;
import io.lambdakit.metrics.FlushMetrics;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.DeclarePrecedence;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapts {@link FlushMetrics} to {@link MetricsEngine#run}: the annotation is converted once per join point,
 * the Lambda {@code Context} found among the arguments, and the method run as the engine's body.
 *
 * <p>Its place among lambdakit's aspects is declared in {@link AspectOrder}.
 */
@Aspect
@DeclarePrecedence(AspectOrder.PRECEDENCE)
public final class FlushMetricsAspect {

    private final ConcurrentHashMap<JoinPoint.StaticPart, FlushSpec> specs = new ConcurrentHashMap<>();

    /**
     * @param pjp          the annotated method's execution
     * @param flushMetrics its annotation
     * @return the method's result
     * @throws Throwable whatever the method throws, unchanged
     */
    @Around("execution(@io.lambdakit.metrics.FlushMetrics * *(..)) && @annotation(flushMetrics)")
    public Object flushMetrics(ProceedingJoinPoint pjp, FlushMetrics flushMetrics) throws Throwable {
        JoinPoint.StaticPart where = pjp.getStaticPart();
        FlushSpec spec = specs.get(where);
        if (spec == null) {
            spec = specs.computeIfAbsent(where, sp -> FlushSpec.of(flushMetrics, sp.getSignature().toShortString()));
        }
        MetricsEngine engine = GlobalMetrics.get();
        return engine.run(spec.optionsFor(engine), Handlers.findContext(pjp.getArgs()), pjp::proceed);
    }
}
