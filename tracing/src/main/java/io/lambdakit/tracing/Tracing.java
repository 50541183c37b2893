package io.lambdakit.tracing;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ThrowingSupplier;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The plain tracing API, without AspectJ: static methods over the process-wide {@link Tracer}.
 *
 * <pre>{@code
 * public String handleRequest(Map<String, Object> event, Context context) {
 *     return Tracing.tracer().traceHandler(context, () -> {
 *         Tracing.putAnnotation("order_id", (String) event.get("id"));
 *         return Tracing.trace("charge", () -> payments.charge(event));
 *     });
 * }
 * }</pre>
 *
 * <p>The process-wide tracer is created from the environment on first use; call
 * {@link #tracer()} in the handler's constructor so that configuration errors fail the init, not
 * the first invocation. {@link #install(Tracer)} replaces it (a custom configuration, or a test),
 * and closing the returned handle restores the previous one. {@code @Tracing} uses the same tracer.
 */
public final class Tracing {

    private static final AtomicReference<Tracer> INSTALLED = new AtomicReference<>();

    private Tracing() {
    }

    /**
     * @return the process-wide tracer, created from {@code ExecutionEnvironment.current()} on first call
     * @throws ConfigurationException when the environment's tracing settings are invalid
     */
    public static Tracer tracer() {
        Tracer t = INSTALLED.get();
        if (t != null) {
            return t;
        }
        Tracer created = Tracer.create();
        if (INSTALLED.compareAndSet(null, created)) {
            return created;
        }
        created.close();
        return INSTALLED.get();
    }

    /**
     * Makes {@code tracer} the process-wide tracer, used by this class, {@code @Tracing} and the
     * default {@link TracingInterceptor}.
     *
     * @param tracer the tracer
     * @return a handle whose {@link Installation#close()} puts the previous tracer back
     */
    public static Installation install(Tracer tracer) {
        Objects.requireNonNull(tracer, "tracer");
        Tracer previous = INSTALLED.getAndSet(tracer);
        return () -> INSTALLED.compareAndSet(tracer, previous);
    }

    /** Undoes an {@link #install(Tracer)}. */
    @FunctionalInterface
    public interface Installation extends AutoCloseable {
        /** Puts the previous tracer back, unless another one was installed since. */
        @Override
        void close();
    }

    /**
     * Runs {@code body} in a subsegment named {@code "## " + name}.
     *
     * @param name what is traced
     * @param body the code; its exceptions propagate unchanged
     * @param <T>  the result type
     * @return what {@code body} returned
     */
    public static <T> T trace(String name, Supplier<T> body) {
        return tracer().trace(name, body);
    }

    /**
     * Runs {@code body} in a subsegment named {@code "## " + name}.
     *
     * @param name what is traced
     * @param body the code; its exceptions propagate unchanged
     */
    public static void trace(String name, Runnable body) {
        tracer().trace(name, body);
    }

    /**
     * Runs {@code body} in a subsegment described by {@code options}.
     *
     * @param options how to record the call
     * @param body    the code; its exceptions propagate unchanged
     * @param <T>     the result type
     * @return what {@code body} returned
     */
    public static <T> T trace(TraceOptions options, Supplier<T> body) {
        return tracer().trace(options, body);
    }

    /**
     * Runs a handler: see {@link Tracer#traceHandler(Context, Supplier)}.
     *
     * @param context the Lambda context
     * @param body    the handler's code
     * @param <T>     the result type
     * @return what {@code body} returned
     */
    public static <T> T traceHandler(Context context, Supplier<T> body) {
        return tracer().traceHandler(context, body);
    }

    /**
     * The general door: see {@link Tracer#execute(TraceOptions, Context, ThrowingSupplier)}.
     *
     * @param options how to record the call
     * @param context the Lambda context when this is the handler, else null
     * @param body    the code
     * @param <T>     the result type
     * @return what {@code body} returned
     * @throws Throwable what {@code body} threw
     */
    public static <T> T execute(TraceOptions options, Context context, ThrowingSupplier<T> body) throws Throwable {
        return tracer().execute(options, context, body);
    }

    /**
     * @param key   an annotation key, 1 to 500 of {@code [A-Za-z0-9_]}
     * @param value the value
     * @see Tracer#putAnnotation(String, String)
     */
    public static void putAnnotation(String key, String value) {
        tracer().putAnnotation(key, value);
    }

    /**
     * @param key   an annotation key
     * @param value a finite number
     * @see Tracer#putAnnotation(String, Number)
     */
    public static void putAnnotation(String key, Number value) {
        tracer().putAnnotation(key, value);
    }

    /**
     * @param key   an annotation key
     * @param value the value
     * @see Tracer#putAnnotation(String, boolean)
     */
    public static void putAnnotation(String key, boolean value) {
        tracer().putAnnotation(key, value);
    }

    /**
     * @param key   the key
     * @param value any JSON-serialisable value
     * @see Tracer#putMetadata(String, Object)
     */
    public static void putMetadata(String key, Object value) {
        tracer().putMetadata(key, value);
    }

    /**
     * @param namespace the namespace
     * @param key       the key
     * @param value     any JSON-serialisable value
     * @see Tracer#putMetadata(String, String, Object)
     */
    public static void putMetadata(String namespace, String key, Object value) {
        tracer().putMetadata(namespace, key, value);
    }

    /**
     * @return the {@code X-Amzn-Trace-Id} value for a downstream call made now
     * @see Tracer#traceHeader()
     */
    public static Optional<String> traceHeader() {
        return tracer().traceHeader();
    }

    /**
     * @param task work for another thread
     * @return the task, run within the current invocation and under the current subsegment
     */
    public static Runnable wrap(Runnable task) {
        return tracer().wrap(task);
    }

    /**
     * @param task work for another thread
     * @param <T>  its result type
     * @return the task, run within the current invocation and under the current subsegment
     */
    public static <T> Callable<T> wrap(Callable<T> task) {
        return tracer().wrap(task);
    }

    /**
     * @param executor an executor
     * @return an executor running each task within the invocation and subsegment current when it was handed over
     */
    public static Executor wrap(Executor executor) {
        return tracer().wrap(executor);
    }
}
