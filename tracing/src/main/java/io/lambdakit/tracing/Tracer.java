package io.lambdakit.tracing;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.core.spi.ProcessWide;
import io.lambdakit.core.spi.Throwables;
import io.lambdakit.tracing.internal.TracingConfig;
import io.lambdakit.tracing.internal.TracingEngine;
import io.lambdakit.tracing.internal.UdpEmitter;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * A configured tracer: records traced calls of sampled invocations as X-Ray subsegments of the
 * function's segment and sends them to the X-Ray daemon. Thread-safe; create one at init (or use
 * the process-wide {@link #current()}), never per invocation.
 *
 * <pre>{@code
 * public String handleRequest(Map<String, Object> event, Context context) {
 *     Tracer tracer = Tracer.current();
 *     return tracer.execute(context, () -> {                  // "## handleRequest", ColdStart, Service
 *         tracer.putAnnotation("order_id", (String) event.get("id"));
 *         return tracer.trace("charge", () -> payments.charge(event));
 *     });
 * }
 * }</pre>
 *
 * <p>Configuration: builder, else environment ({@code POWERTOOLS_SERVICE_NAME},
 * {@code POWERTOOLS_TRACER_CAPTURE_RESPONSE}, {@code POWERTOOLS_TRACER_CAPTURE_ERROR},
 * {@code POWERTOOLS_TRACE_DISABLED}, {@code AWS_XRAY_DAEMON_ADDRESS}), else defaults; every problem
 * is reported at {@link Builder#build()} in one {@link ConfigurationException}. Building registers
 * two SnapStart hooks on the execution environment's {@link Lifecycle}: before a checkpoint the
 * codec is primed and the UDP socket closed; after a restore the id generator is reseeded.
 *
 * <p>Tracing never fails the traced code: a dead daemon, a full socket buffer or an unserialisable
 * response costs one warning line on standard error (logger {@code io.lambdakit.tracing}), once per
 * kind of problem.
 */
public final class Tracer implements AutoCloseable {

    private static final String LOGGER = "io.lambdakit.tracing";
    private static final ProcessWide<Tracer> CURRENT = ProcessWide.withDefault(new DefaultTracer());
    private static final TraceOptions HANDLER_OPTIONS = TraceOptions.of("handleRequest");

    private final TracingEngine engine;
    private final Lifecycle.Registration beforeCheckpoint;
    private final Lifecycle.Registration afterRestore;
    private final ClassPreloader preloader;

    private Tracer(TracingEngine engine, Lifecycle lifecycle) {
        this.engine = engine;
        this.beforeCheckpoint = lifecycle.onBeforeCheckpoint("lambdakit-tracing: prime the codec, close the daemon socket", engine,
                TracingEngine::beforeCheckpoint);
        this.afterRestore = lifecycle.onAfterRestore("lambdakit-tracing: reseed subsegment ids, resolve the daemon again", engine,
                TracingEngine::afterRestore);
        this.preloader = ClassPreloader.register(lifecycle, "tracing", Tracer.class);
    }

    /** @return the preloader of this module's class list (tests) */
    ClassPreloader preloader() {
        return preloader;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a tracer configured from the process's {@link ExecutionEnvironment#current()} environment
     * @throws ConfigurationException listing every problem in the environment's tracing settings
     */
    public static Tracer create() {
        return builder().build();
    }

    /**
     * The process-wide tracer, used by {@code @Tracing} and the default {@link TracingInterceptor}:
     * the one last {@link #install(Tracer) installed}, else one built by {@link #create()} on the
     * first call. Call it in the handler's constructor so that configuration errors fail the init,
     * not the first invocation.
     *
     * @return the process-wide tracer
     * @throws ConfigurationException when nothing is installed and the environment's tracing settings are invalid
     */
    public static Tracer current() {
        return CURRENT.current();
    }

    /**
     * Makes {@code tracer} the process-wide tracer (a custom configuration, or a test).
     *
     * @param tracer the tracer
     * @return a handle whose {@link Installation#close()} puts the previous tracer back, unless another one was installed since
     */
    public static Installation install(Tracer tracer) {
        return CURRENT.install(Objects.requireNonNull(tracer, "tracer"));
    }

    /**
     * Runs a handler: opens (or joins) the invocation's scope for {@code context}, and records the
     * call in a subsegment named {@code "## handleRequest"} with the {@code ColdStart} and
     * {@code Service} annotations, exactly as {@code @Tracing} on {@code handleRequest} does.
     *
     * @param context the Lambda context the handler received
     * @param body    the handler's code; whatever it throws propagates unchanged
     * @param <T>     the result type
     * @return what {@code body} returned
     */
    public <T> T execute(Context context, ThrowingSupplier<T> body) {
        return execute(HANDLER_OPTIONS, context, body);
    }

    /**
     * Runs a handler, as {@link #execute(Context, ThrowingSupplier)}, recorded as {@code options} say.
     *
     * @param options how to record the call, e.g. {@code TraceOptions.of("handle")}
     * @param context the Lambda context the handler received
     * @param body    the handler's code; whatever it throws propagates unchanged
     * @param <T>     the result type
     * @return what {@code body} returned
     */
    public <T> T execute(TraceOptions options, Context context, ThrowingSupplier<T> body) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(body, "body");
        try {
            return engine.run(options, context, body);
        } catch (Throwable t) {
            throw Throwables.sneakyThrow(t);
        }
    }

    /**
     * Runs {@code body} in a subsegment named {@code "## " + name}, a child of the current one.
     *
     * @param name what is traced, e.g. {@code "loadOrder"}
     * @param body the code; whatever it throws propagates unchanged (a body with no result returns null)
     * @param <T>  the result type
     * @return what {@code body} returned
     */
    public <T> T trace(String name, ThrowingSupplier<T> body) {
        Objects.requireNonNull(body, "body");
        try {
            return engine.run(name, body);
        } catch (Throwable t) {
            throw Throwables.sneakyThrow(t);
        }
    }

    /**
     * Runs {@code body} in a subsegment described by {@code options}, a child of the current one.
     *
     * @param options how to record the call
     * @param body    the code; whatever it throws propagates unchanged
     * @param <T>     the result type
     * @return what {@code body} returned
     */
    public <T> T trace(TraceOptions options, ThrowingSupplier<T> body) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        try {
            return engine.run(options, null, body);
        } catch (Throwable t) {
            throw Throwables.sneakyThrow(t);
        }
    }

    /**
     * Adds an annotation (indexed by X-Ray, usable in filter expressions) to the current subsegment.
     * Keys are 1 to 500 ASCII letters, digits or underscores; others are ignored with a warning.
     * Values longer than 1000 characters are cut. Does nothing outside a sampled traced call.
     *
     * @param key   e.g. {@code "order_id"}
     * @param value the value
     */
    public void putAnnotation(String key, String value) {
        if (value != null) {
            engine.putAnnotation(key, value);
        }
    }

    /**
     * Adds a numeric annotation; see {@link #putAnnotation(String, String)}.
     *
     * @param key   the key
     * @param value a finite number
     */
    public void putAnnotation(String key, Number value) {
        if (value != null) {
            engine.putAnnotation(key, value);
        }
    }

    /**
     * Adds a boolean annotation; see {@link #putAnnotation(String, String)}.
     *
     * @param key   the key
     * @param value the value
     */
    public void putAnnotation(String key, boolean value) {
        engine.putAnnotation(key, value);
    }

    /**
     * Adds metadata (not indexed; any JSON-serialisable value) to the current subsegment, under the
     * service name's namespace. Large values are cut; values Jackson cannot serialise are replaced by
     * a placeholder. Does nothing outside a sampled traced call.
     *
     * @param key   the key
     * @param value the value
     */
    public void putMetadata(String key, Object value) {
        engine.putMetadata(null, key, value);
    }

    /**
     * Adds metadata under a namespace of one's own (not starting with {@code AWS.}).
     *
     * @param namespace the namespace
     * @param key       the key
     * @param value     the value
     */
    public void putMetadata(String namespace, String key, Object value) {
        engine.putMetadata(namespace, key, value);
    }

    /**
     * @return the {@code X-Amzn-Trace-Id} value for a downstream call made now (the current
     *         subsegment as its parent when sampled); empty outside an invocation with a trace header
     */
    public Optional<String> traceHeader() {
        return engine.propagationHeader().map(h -> h.toHeaderString());
    }

    /** @return true when the calling thread is inside a traced call of a sampled invocation */
    public boolean isRecording() {
        return engine.isRecording();
    }

    /**
     * @param task work for another thread
     * @return the task, run within the current invocation and under the current subsegment
     */
    public Runnable wrap(Runnable task) {
        return engine.wrap(task);
    }

    /**
     * @param task work for another thread
     * @param <T>  its result type
     * @return the task, run within the current invocation and under the current subsegment
     */
    public <T> Callable<T> wrap(Callable<T> task) {
        return engine.wrap(task);
    }

    /**
     * @param executor an executor
     * @return an executor running each task within the invocation and subsegment current when it was handed over
     */
    public Executor wrap(Executor executor) {
        return engine.wrap(executor);
    }

    /** @return the service name: the {@code Service} annotation and default metadata namespace */
    public String serviceName() {
        return engine.config().serviceName();
    }

    /** @return the daemon address documents go to, {@code host:port} */
    public String daemonAddress() {
        return engine.daemonAddress();
    }

    /** @return false when tracing is turned off */
    public boolean isEnabled() {
        return engine.config().enabled();
    }

    /** @return the engine, for lambdakit's own adapters (SDK interceptor) and tests */
    TracingEngine engine() {
        return engine;
    }

    /** Unregisters the SnapStart hooks and closes the UDP socket. */
    @Override
    public void close() {
        beforeCheckpoint.close();
        afterRestore.close();
        preloader.registration().close();
        engine.close();
    }

    @Override
    public String toString() {
        return "Tracer[service=" + serviceName() + ", daemon=" + daemonAddress() + ", enabled=" + isEnabled() + "]";
    }

    /** Builds the process-wide default from the environment (a plain class: no lambda on the init path). */
    private static final class DefaultTracer implements java.util.function.Supplier<Tracer> {
        @Override
        public Tracer get() {
            return create();
        }
    }

    /** Builds a {@link Tracer}. Every value is validated by {@link #build()}, all problems in one exception. */
    public static final class Builder {
        private ExecutionEnvironment executionEnvironment;
        private String serviceName;
        private Boolean captureResponse;
        private Boolean captureError;
        private Boolean enabled;
        private String daemonAddress;
        private Integer maxMetadataValueBytes;
        private Diagnostics diagnostics;
        private LongSupplier idSeeds;
        private UdpEmitter.Transport transport;

        private Builder() {
        }

        /**
         * @param executionEnvironment the environment, clock and lifecycle to use (default {@link ExecutionEnvironment#current()})
         * @return this builder
         */
        public Builder executionEnvironment(ExecutionEnvironment executionEnvironment) {
            this.executionEnvironment = Objects.requireNonNull(executionEnvironment, "executionEnvironment");
            return this;
        }

        /**
         * @param serviceName the {@code Service} annotation and default metadata namespace (default {@code POWERTOOLS_SERVICE_NAME}, else {@code service_undefined})
         * @return this builder
         */
        public Builder serviceName(String serviceName) {
            this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
            return this;
        }

        /**
         * @param captureResponse record return values as metadata (default {@code POWERTOOLS_TRACER_CAPTURE_RESPONSE}, else true)
         * @return this builder
         */
        public Builder captureResponse(boolean captureResponse) {
            this.captureResponse = captureResponse;
            return this;
        }

        /**
         * @param captureError record exceptions as metadata (default {@code POWERTOOLS_TRACER_CAPTURE_ERROR}, else true)
         * @return this builder
         */
        public Builder captureError(boolean captureError) {
            this.captureError = captureError;
            return this;
        }

        /**
         * @param enabled false to record nothing (default: not {@code POWERTOOLS_TRACE_DISABLED}, else true)
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param daemonAddress {@code host:port}, or {@code tcp:host:port udp:host:port} (default {@code AWS_XRAY_DAEMON_ADDRESS}, else {@code 127.0.0.1:2000})
         * @return this builder
         */
        public Builder daemonAddress(String daemonAddress) {
            this.daemonAddress = Objects.requireNonNull(daemonAddress, "daemonAddress");
            return this;
        }

        /**
         * @param maxMetadataValueBytes the largest encoded metadata value (e.g. a captured response) before it is cut, 256 to 32768 (default 16384)
         * @return this builder
         */
        public Builder maxMetadataValueBytes(int maxMetadataValueBytes) {
            this.maxMetadataValueBytes = maxMetadataValueBytes;
            return this;
        }

        /** Tests: where tracing reports its own failures (default: standard error, with the tracer's service name). */
        Builder diagnostics(Diagnostics diagnostics) {
            this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
            return this;
        }

        /** Tests: seeds of the id generator, for reproducible documents. */
        Builder idSeeds(LongSupplier idSeeds) {
            this.idSeeds = Objects.requireNonNull(idSeeds, "idSeeds");
            return this;
        }

        /** Tests: a transport that fails on demand. */
        Builder transport(UdpEmitter.Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * @return the tracer
         * @throws ConfigurationException listing every problem found
         */
        public Tracer build() {
            ExecutionEnvironment ee = executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current();
            TracingConfig config = TracingConfig.resolve(ee.environment(), serviceName, captureResponse, captureError, enabled,
                    daemonAddress, maxMetadataValueBytes);
            Diagnostics d = diagnostics != null ? diagnostics
                    : Diagnostics.create(LOGGER, config.serviceName(), ee.clock(), Diagnostics.standardErrorSink());
            return new Tracer(TracingEngine.create(config, ee, d, idSeeds, transport), ee.lifecycle());
        }
    }
}
