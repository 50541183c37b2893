package io.lambdakit.logging.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.spi.AspectOrder;
import io.lambdakit.core.spi.Handlers;
import io.lambdakit.logging.LambdaLogging;
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
 * Adapts {@link Logging @Logging} to {@link LambdaLogging}: converts the annotation once per
 * method into the plain API's builder, finds the Context among the arguments and runs the join
 * point through the very same {@link LambdaLogging#execute} users call, over the process-wide
 * output that SLF4J's loggers use. An invalid attribute throws the builder's
 * {@link ConfigurationException} from every call of that method, before the body runs (the failed
 * conversion is cached too). Stream handlers get their streams through the engine, so logging the
 * event never consumes the handler's input.
 *
 * <p>Public because woven handler code calls {@code aspectOf()}. Its place among lambdakit's
 * aspects is declared in {@link AspectOrder}.
 */
@Aspect
@DeclarePrecedence(AspectOrder.PRECEDENCE)
public class LoggingAspect {

    private final ConcurrentHashMap<Method, Object> converted = new ConcurrentHashMap<>();

    /**
     * @param pjp     the annotated method's execution
     * @param logging its annotation
     * @return what the method returns
     * @throws Throwable what the method throws, unchanged; a {@link ConfigurationException} for an invalid attribute
     */
    @Around("execution(@io.lambdakit.logging.Logging * *(..)) && @annotation(logging)")
    public Object around(ProceedingJoinPoint pjp, Logging logging) throws Throwable {
        Method method = ((MethodSignature) pjp.getSignature()).getMethod();
        Object conversion = converted.get(method);
        if (conversion == null) {
            conversion = converted.computeIfAbsent(method, m -> convert(logging, m));
        }
        if (conversion instanceof ConfigurationException invalid) {
            throw invalid;
        }
        LambdaLogging lambdaLogging = (LambdaLogging) conversion;
        Object[] args = pjp.getArgs();
        Context ctx = Handlers.findContext(args);
        if (args.length == 3 && args[0] instanceof InputStream in && args[1] instanceof OutputStream out && args[2] == ctx) {
            lambdaLogging.executeStream(in, out, ctx, (i, o) -> pjp.proceed(new Object[] {i, o, ctx}));
            return null;
        }
        return lambdaLogging.execute(ctx, Handlers.findEvent(args), pjp::proceed);
    }

    /** @return the annotation as the plain API's instance, or the {@link ConfigurationException} its builder threw */
    static Object convert(Logging a, Method m) {
        LambdaLogging.Builder b = LambdaLogging.builder()
                .logger(m.getDeclaringClass())
                .flushBufferOnUncaughtError(a.flushBufferOnUncaughtError())
                .clearState(a.clearState());
        if (a.logEvent()) {
            b.logEvent(true);
        }
        if (a.logResponse()) {
            b.logResponse(true);
        }
        if (a.logError()) {
            b.logError(true);
        }
        if (a.samplingRate() != 0) {
            b.samplingRate(a.samplingRate());
        }
        if (!a.correlationIdPath().isBlank()) {
            b.correlationIdPath(a.correlationIdPath());
        }
        try {
            return b.build();
        } catch (ConfigurationException e) {
            return e;
        }
    }
}
