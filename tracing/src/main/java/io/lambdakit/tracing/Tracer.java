package io.lambdakit.tracing;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.tracing.internal.DaemonAddress;
import io.lambdakit.tracing.internal.IdGenerator;
import io.lambdakit.tracing.internal.SegmentCodec;
import io.lambdakit.tracing.internal.TracingConfig;
import io.lambdakit.tracing.internal.TracingEngine;
import io.lambdakit.tracing.internal.UdpEmitter;
import io.lambdakit.tracing.internal.Warnings;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A configured tracer: records traced calls of sampled invocations as X-Ray subsegments of the
 * function's segment and sends them to the X-Ray daemon. Thread-safe; create one at init (or use
 * {@link Tracing#tracer()}), never per invocation.
 *
 * <pre>{@code
 * Tracer tracer = Tracer.builder().serviceName("orders").build();
 * Order order = tracer.trace("loadOrder", () -> repository.load(id));
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
 * response costs one warning (to standard error unless {@link Builder#warningSink} says otherwise).
 */
public final class Tracer implements AutoCloseable {

    /** Environment variable: record return values as metadata (default true). */
    public static final String CAPTURE_RESPONSE_ENV = "POWERTOOLS_TRACER_CAPTURE_RESPONSE";
    /** Environment variable: record exceptions as metadata (default true). */
    public static final String CAPTURE_ERROR_ENV = "POWERTOOLS_TRACER_CAPTURE_ERROR";
    /** Environment variable: turn tracing off (default false). */
    public static final String TRACE_DISABLED_ENV = "POWERTOOLS_TRACE_DISABLED";
    /** Default largest metadata value, in encoded bytes, before it is cut. */
    public static final int DEFAULT_MAX_METADATA_VALUE_BYTES = 16 * 1024;

    private final TracingEngine engine;
    private final Lifecycle.Registration beforeCheckpoint;
    private final Lifecycle.Registration afterRestore;
    private final ClassPreloader preloader;

    private Tracer(TracingEngine engine, Lifecycle lifecycle) {
        this.engine = engine;
        this.beforeCheckpoint = lifecycle.onBeforeCheckpoint("lambdakit-tracing: prime the codec, close the daemon socket", engine, e -> {
            e.prime();
            e.emitter().close();
        });
        this.afterRestore = lifecycle.onAfterRestore("lambdakit-tracing: reseed subsegment ids, resolve the daemon again", engine, e -> {
            e.ids().reseed();
            e.emitter().refresh();
        });
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
     * Runs {@code body} in a subsegment named {@code "## " + name}.
     *
     * @param name what is traced, e.g. {@code "loadOrder"}
     * @param body the code; its exceptions propagate unchanged
     * @param <T>  the result type
     * @return what {@code body} returned
     */
    public <T> T trace(String name, Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        return unchecked(() -> engine.run(name, body::get));
    }

    /**
     * Runs {@code body} in a subsegment named {@code "## " + name}.
     *
     * @param name what is traced
     * @param body the code; its exceptions propagate unchanged
     */
    public void trace(String name, Runnable body) {
        Objects.requireNonNull(body, "body");
        unchecked(() -> engine.run(name, () -> {
            body.run();
            return null;
        }));
    }

    /**
     * Runs {@code body} in a subsegment described by {@code options}.
     *
     * @param options how to record the call
     * @param body    the code; its exceptions propagate unchanged
     * @param <T>     the result type
     * @return what {@code body} returned
     */
    public <T> T trace(TraceOptions options, Supplier<T> body) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        return unchecked(() -> engine.run(options, null, body::get));
    }

    /**
     * Runs a handler: opens (or joins) the invocation's scope for {@code context}, and records the
     * call in a subsegment named {@code "## handleRequest"} with the {@code ColdStart} and
     * {@code Service} annotations, exactly as {@code @Tracing} on {@code handleRequest} does.
     *
     * @param context the Lambda context the handler received
     * @param body    the handler's code; its exceptions propagate unchanged
     * @param <T>     the result type
     * @return what {@code body} returned
     */
    public <T> T traceHandler(Context context, Supplier<T> body) {
        return traceHandler(context, HANDLER_OPTIONS, body);
    }

    /**
     * Runs a handler, as {@link #traceHandler(Context, Supplier)}, recorded as {@code options} say.
     *
     * @param context the Lambda context the handler received
     * @param options how to record the call, e.g. {@code TraceOptions.of("handle")}
     * @param body    the handler's code; its exceptions propagate unchanged
     * @param <T>     the result type
     * @return what {@code body} returned
     */
    public <T> T traceHandler(Context context, TraceOptions options, Supplier<T> body) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        return unchecked(() -> engine.run(options, context, body::get));
    }

    private static final TraceOptions HANDLER_OPTIONS = TraceOptions.of("handleRequest");

    /**
     * The general door, for code that throws checked exceptions and for framework integrations:
     * with a {@code context} the call is a handler (see {@link #traceHandler(Context, Supplier)}).
     *
     * @param options how to record the call
     * @param context the Lambda context when this is the handler, else null
     * @param body    the code; whatever it throws propagates unchanged
     * @param <T>     the result type
     * @return what {@code body} returned
     * @throws Throwable what {@code body} threw
     */
    public <T> T execute(TraceOptions options, Context context, ThrowingSupplier<T> body) throws Throwable {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        return engine.run(options, context, body);
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
        return engine.current() != null;
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
        return engine.config().daemon().toString();
    }

    /** @return false when tracing is turned off */
    public boolean isEnabled() {
        return engine.config().enabled();
    }

    /** @return the engine, for lambdakit's own adapters (aspect, SDK interceptor) */
    TracingEngine engine() {
        return engine;
    }

    /** Unregisters the SnapStart hooks and closes the UDP socket. */
    @Override
    public void close() {
        beforeCheckpoint.close();
        afterRestore.close();
        preloader.registration().close();
        engine.emitter().close();
    }

    @Override
    public String toString() {
        return "Tracer[service=" + serviceName() + ", daemon=" + daemonAddress() + ", enabled=" + isEnabled() + "]";
    }

    private static <T> T unchecked(ThrowingSupplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            // a Supplier or Runnable can only throw unchecked exceptions, unless rethrown sneakily
            throw new UndeclaredThrowableException(t);
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
        private Consumer<String> warningSink;
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

        /**
         * @param warningSink where tracing reports its own failures, once per kind (default standard error)
         * @return this builder
         */
        public Builder warningSink(Consumer<String> warningSink) {
            this.warningSink = Objects.requireNonNull(warningSink, "warningSink");
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
            Environment env = ee.environment();
            ConfigurationException.Problems problems = ConfigurationException.problems("lambdakit-tracing");

            String service = serviceName != null ? serviceName : env.serviceName();
            if (service.isBlank()) {
                problems.add("serviceName(..) was blank but it must name the service; pass a name or leave it to POWERTOOLS_SERVICE_NAME");
            }
            boolean response = captureResponse != null ? captureResponse : flag(env, CAPTURE_RESPONSE_ENV, true, problems);
            boolean error = captureError != null ? captureError : flag(env, CAPTURE_ERROR_ENV, true, problems);
            boolean on = enabled != null ? enabled : !flag(env, TRACE_DISABLED_ENV, false, problems);

            String address = daemonAddress != null ? daemonAddress : env.xrayDaemonAddress();
            DaemonAddress daemon = DaemonAddress.parse(address).orElse(null);
            if (daemon == null) {
                problems.add((daemonAddress != null ? "daemonAddress(..)" : Environment.AWS_XRAY_DAEMON_ADDRESS) + " was '" + address
                        + "' but it must be host:port (e.g. 127.0.0.1:2000) or 'tcp:host:port udp:host:port'; "
                        + (daemonAddress != null ? "fix the argument" : "fix or unset the variable"));
            }
            int maxValue = maxMetadataValueBytes != null ? maxMetadataValueBytes : DEFAULT_MAX_METADATA_VALUE_BYTES;
            if (maxValue < 256 || maxValue > 32 * 1024) {
                problems.add("maxMetadataValueBytes(..) was " + maxValue + " but it must be between 256 and 32768, so that a"
                        + " subsegment with a captured response still fits one UDP datagram");
            }
            problems.throwIfAny();

            Warnings warnings = new Warnings(warningSink != null ? warningSink : Warnings.standardError(service, ee));
            TracingConfig config = new TracingConfig(on, service, response, error, daemon, maxValue);
            IdGenerator ids = new IdGenerator(idSeeds != null ? idSeeds : IdGenerator.defaultSeeds());
            SegmentCodec codec = new SegmentCodec(UdpEmitter.MAX_DOCUMENT_BYTES, maxValue, System.getProperty("user.dir"), warnings);
            UdpEmitter emitter = new UdpEmitter(daemon, transport != null ? transport : UdpEmitter.channelTransport(), warnings);
            return new Tracer(new TracingEngine(config, ee, ids, codec, emitter, warnings), ee.lifecycle());
        }

        private static boolean flag(Environment env, String name, boolean defaultValue, ConfigurationException.Problems problems) {
            try {
                return env.getBoolean(name, defaultValue);
            } catch (ConfigurationException e) {
                e.problems().forEach(problems::add);
                return defaultValue;
            }
        }
    }
}
