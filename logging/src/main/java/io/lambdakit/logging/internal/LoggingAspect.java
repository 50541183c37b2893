package io.lambdakit.logging.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.spi.AspectOrder;
import io.lambdakit.core.spi.Handlers;
import io.lambdakit.logging.Logging;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.DeclarePrecedence;
import org.aspectj.lang.reflect.MethodSignature;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapts {@link Logging @Logging} to {@link LoggingEngine}: converts the annotation once per
 * method, finds the Context among the arguments and runs the join point through the engine, over
 * the process-wide output that SLF4J's loggers use. Stream handlers get their streams through the
 * engine, so logging the event never consumes the handler's input.
 *
 * <p>Its place among lambdakit's aspects is declared in {@link AspectOrder}.
 */
@Aspect
@DeclarePrecedence(AspectOrder.PRECEDENCE)
public class LoggingAspect {

    private final ConcurrentHashMap<Method, LoggingConfig> configs = new ConcurrentHashMap<>();

    /**
     * @param pjp     the annotated method's execution
     * @param logging its annotation
     * @return what the method returns
     * @throws Throwable what the method throws, unchanged
     */
    @Around("execution(@io.lambdakit.logging.Logging * *(..)) && @annotation(logging)")
    public Object around(ProceedingJoinPoint pjp, Logging logging) throws Throwable {
        Method method = ((MethodSignature) pjp.getSignature()).getMethod();
        LoggingConfig cfg = configs.computeIfAbsent(method, m -> convert(logging, m));
        LogPipeline pipeline = LoggerRegistry.global().pipeline();
        Object[] args = pjp.getArgs();
        Context ctx = Handlers.findContext(args);
        if (args.length == 3 && args[0] instanceof InputStream in && args[1] instanceof OutputStream out && args[2] == ctx) {
            return LoggingEngine.runStream(cfg, pipeline, ctx, in, out, (i, o) -> pjp.proceed(new Object[] {i, o, ctx}));
        }
        return LoggingEngine.run(cfg, pipeline, ctx, Handlers.findEvent(args), pjp::proceed);
    }

    static LoggingConfig convert(Logging a, Method m) {
        return LoggingConfig.of(
                a.logEvent() ? Boolean.TRUE : null,
                a.logResponse() ? Boolean.TRUE : null,
                a.logError() ? Boolean.TRUE : null,
                a.samplingRate() != 0 ? a.samplingRate() : null,
                a.correlationIdPath(),
                a.flushBufferOnUncaughtError(),
                a.clearState(),
                m.getDeclaringClass().getName(),
                false);
    }
}
