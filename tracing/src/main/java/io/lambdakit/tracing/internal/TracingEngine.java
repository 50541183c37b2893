package io.lambdakit.tracing.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.core.TraceHeader;
import io.lambdakit.tracing.TraceOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * All of tracing's behaviour; the plain API ({@code Tracer}), the {@code @Tracing}
 * aspect and the AWS SDK interceptor are thin doors onto it.
 *
 * <p>Lambda's facade mode: the function's segment belongs to Lambda; its id ({@code Parent}), the
 * trace id ({@code Root}) and the sampling decision come from the invocation's trace header. Only a
 * sampled invocation records anything; otherwise a traced call costs a thread-local read or two.
 * The current subsegment is confined to its thread, so concurrent invocations never share one;
 * {@link #wrap(Runnable)} carries it, with the invocation, into worker threads.
 */
public final class TracingEngine {

    private final TracingConfig config;
    private final ExecutionEnvironment environment;
    private final IdGenerator ids;
    private final SegmentCodec codec;
    /** The header of subsegments made while priming before a checkpoint: they are encoded, never sent. */
    private static final TraceHeader PRIMING_HEADER =
            new TraceHeader("1-00000000-000000000000000000000000", "0000000000000001", TraceHeader.Sampling.SAMPLED, null);

    private final UdpEmitter emitter;
    private final Diagnostics diagnostics;
    private final ThreadLocal<Subsegment> current = new ThreadLocal<>();
    private final ThreadLocal<Emission> emissions = ThreadLocal.withInitial(Emission::new);

    /** Per-thread encoding state. {@code busy} is set while a document is encoded: code that runs then
     *  (a response's getters, called by Jackson) is not traced, or it would clobber the writer. */
    private static final class Emission {
        final JsonWriter writer = JsonWriter.create(4096);
        final List<Subsegment> detached = new ArrayList<>(4);
        boolean busy;
    }

    /**
     * @param config      the resolved configuration
     * @param environment the execution environment: clock, invocation scopes
     * @param ids         the id generator
     * @param codec       the document codec
     * @param emitter     the UDP emitter
     * @param diagnostics where tracing's own failures are reported, once per kind
     */
    TracingEngine(TracingConfig config, ExecutionEnvironment environment, IdGenerator ids, SegmentCodec codec,
                  UdpEmitter emitter, Diagnostics diagnostics) {
        this.config = Objects.requireNonNull(config, "config");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.emitter = Objects.requireNonNull(emitter, "emitter");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /**
     * Builds an engine and its parts: the id generator, the codec and the UDP emitter.
     *
     * @param config      the resolved configuration
     * @param environment the execution environment: clock, invocation scopes
     * @param diagnostics where tracing's own failures are reported, once per kind
     * @param idSeeds     seeds of the id generator, or null for fresh entropy
     * @param transport   the datagram transport, or null for a UDP channel
     * @return the engine
     */
    public static TracingEngine create(TracingConfig config, ExecutionEnvironment environment, Diagnostics diagnostics,
                                       LongSupplier idSeeds, UdpEmitter.Transport transport) {
        IdGenerator ids = new IdGenerator(idSeeds != null ? idSeeds : IdGenerator.defaultSeeds());
        SegmentCodec codec = new SegmentCodec(UdpEmitter.MAX_DOCUMENT_BYTES, config.maxMetadataValueBytes(),
                System.getProperty("user.dir"), diagnostics);
        UdpEmitter emitter = new UdpEmitter(config.daemon(), transport != null ? transport : UdpEmitter.channelTransport(), diagnostics);
        return new TracingEngine(config, environment, ids, codec, emitter, diagnostics);
    }

    /** Before a SnapStart checkpoint: primes the codec and closes the daemon socket. */
    public void beforeCheckpoint() {
        prime();
        emitter.close();
    }

    /** After a SnapStart restore: reseeds the subsegment ids and resolves the daemon again. */
    public void afterRestore() {
        ids.reseed();
        emitter.refresh();
    }

    /** Closes the daemon socket. */
    public void close() {
        emitter.close();
    }

    /** @return the daemon address documents go to, {@code host:port} */
    public String daemonAddress() {
        return config.daemon().toString();
    }

    /** @return true when the calling thread is inside a traced call of a sampled invocation */
    public boolean isRecording() {
        return current.get() != null;
    }

    /** @return the configuration */
    public TracingConfig config() {
        return config;
    }

    /** @return the execution environment */
    public ExecutionEnvironment environment() {
        return environment;
    }

    /** @return the emitter */
    public UdpEmitter emitter() {
        return emitter;
    }

    /** @return the id generator */
    public IdGenerator ids() {
        return ids;
    }

    /**
     * Runs {@code body} as a traced call. With a Lambda context the call is a handler: it opens (or
     * joins) the invocation's scope and its subsegment gets the {@code ColdStart} and {@code Service}
     * annotations. User exceptions propagate unchanged.
     *
     * @param options       how to record the call
     * @param lambdaContext the invocation's context when this is the handler, else null
     * @param body          the traced code
     * @param <T>           its result type
     * @return what {@code body} returned
     * @throws Throwable what {@code body} threw
     */
    public <T> T run(TraceOptions options, Context lambdaContext, ThrowingSupplier<T> body) throws Throwable {
        if (lambdaContext == null) {
            return runInScope(options, null, null, body);
        }
        try (InvocationScope scope = environment.enter(lambdaContext)) {
            return runInScope(options, null, scope.context(), body);
        }
    }

    /**
     * Runs {@code body} in a subsegment named {@code "## " + name}; the options are built only
     * when the invocation is sampled.
     *
     * @param name what is traced
     * @param body the traced code
     * @param <T>  its result type
     * @return what {@code body} returned
     * @throws Throwable what {@code body} threw
     */
    public <T> T run(String name, ThrowingSupplier<T> body) throws Throwable {
        if (name == null || name.isBlank()) {
            diagnostics.warnOnce("blank-name", "a traced call had no name, so it was recorded as '## unnamed'; pass a name to trace(..)");
            name = "unnamed";
        }
        return runInScope(null, name, null, body);
    }

    private <T> T runInScope(TraceOptions options, String name, InvocationContext handler, ThrowingSupplier<T> body) throws Throwable {
        Subsegment parent = current.get();
        TraceHeader header = null;
        if (parent == null) {
            header = sampledHeader();
            if (header == null) {
                return body.get();
            }
        }
        if (emissions.get().busy) {
            return body.get();
        }
        TraceOptions o = options != null ? options : TraceOptions.of(name);
        Subsegment s = begin(o.segmentName(), parent, header, null);
        String ns = o.namespace().orElse(config.serviceName());
        if (handler != null) {
            s.putAnnotation("ColdStart", handler.coldStart().isColdStart());
            s.putAnnotation("Service", ns);
        }
        current.set(s);
        try {
            T result = body.get();
            if (o.captureMode().capturesResponse(config.captureResponse())) {
                s.putMetadata(ns, o.name() + " response", result);
            }
            return result;
        } catch (Throwable t) {
            s.flags(false, false, true);
            s.recordException(t, false, ids);
            if (o.captureMode().capturesError(config.captureError())) {
                s.putMetadata(ns, o.name() + " error", errorInfo(t));
            }
            throw t;
        } finally {
            restore(parent);
            end(s);
        }
    }

    private static Map<String, Object> errorInfo(Throwable t) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("type", t.getClass().getName());
        String message;
        try {
            message = t.getMessage();
        } catch (RuntimeException e) {
            message = null;
        }
        if (message != null) {
            m.put("message", message);
        }
        return m;
    }

    private void restore(Subsegment previous) {
        if (previous == null) {
            current.remove();
        } else {
            current.set(previous);
        }
    }

    /**
     * @return the header of the current invocation when it is sampled and tracing is on, else null
     */
    private TraceHeader sampledHeader() {
        if (!config.enabled()) {
            return null;
        }
        InvocationContext ic = InvocationContext.current().orElse(null);
        if (ic == null) {
            return null;
        }
        if (ic.isPriming()) {
            return PRIMING_HEADER; // priming before a checkpoint: build and encode subsegments, send none
        }
        TraceHeader h = ic.traceHeader().orElse(null);
        if (h == null || !h.isSampled()) {
            return null;
        }
        if (h.parent() == null) {
            diagnostics.warnOnce("no-parent", "the invocation's trace header is sampled but has no Parent segment id, so nothing"
                    + " is traced; Lambda always sets one, check what invokes the handler");
            return null;
        }
        return h;
    }

    private Subsegment begin(String name, Subsegment parent, TraceHeader header, String namespace) {
        TraceHeader h = parent != null ? parent.header : header;
        Subsegment s = new Subsegment(name, ids.nextHex(), h, parent, namespace, now());
        if (parent != null) {
            parent.addChild(s);
        }
        return s;
    }

    /**
     * Starts a subsegment for a call to another service (an AWS SDK call) as a child of the current
     * subsegment, without making it current.
     *
     * @param name      the service's name
     * @param namespace {@code aws} or {@code remote}
     * @return the subsegment, or null when the invocation is not sampled
     */
    public Subsegment beginRemote(String name, String namespace) {
        if (emissions.get().busy) {
            return null;
        }
        Subsegment parent = current.get();
        TraceHeader header = null;
        if (parent == null) {
            header = sampledHeader();
            if (header == null) {
                return null;
            }
        }
        return begin(Names.sanitize(name), parent, header, namespace);
    }

    /**
     * Ends a subsegment and sends it when it is complete: a child of the facade segment at once,
     * with its finished descendants; a child of an already-sent subsegment on its own.
     *
     * @param s the subsegment
     */
    public void end(Subsegment s) {
        if (!s.close(now())) {
            return;
        }
        Subsegment p = s.parent;
        if (p == null || p.childEnded(s)) {
            emit(s);
        }
    }

    private void emit(Subsegment s) {
        Emission em = emissions.get();
        if (em.busy) {
            diagnostics.warnOnce("reentrant", "subsegment '" + s.name + "' ended while another document was being encoded on the"
                    + " same thread and was not sent; this is a lambdakit bug, please report it");
            return;
        }
        em.busy = true;
        try {
            List<Subsegment> detached = em.detached;
            detached.clear();
            Subsegment next = s;
            while (next != null) {
                codec.encode(next, em.writer, detached);
                if (next.header != PRIMING_HEADER) {
                    emitter.send(em.writer.buffer(), em.writer.size());
                }
                next = detached.isEmpty() ? null : detached.remove(0);
            }
        } catch (RuntimeException | StackOverflowError e) {
            diagnostics.warnOnce("encode", "could not encode subsegment '" + s.name + "' (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); it was not sent. This is a lambdakit bug, please report it");
        } finally {
            em.detached.clear();
            em.busy = false;
        }
    }

    /** Encodes a throwaway subsegment, so the codec's classes and paths are loaded before a snapshot. */
    public void prime() {
        TraceHeader h = new TraceHeader("1-00000000-000000000000000000000000", "0000000000000001", TraceHeader.Sampling.SAMPLED, null);
        Subsegment s = new Subsegment("## prime", ids.nextHex(), h, null, null, now());
        s.putAnnotation("prime", true);
        s.putMetadata("lambdakit", "prime", Map.of("a", 1));
        s.recordException(new IllegalStateException("prime"), false, ids);
        s.close(now());
        Emission em = emissions.get();
        codec.encode(s, em.writer, new ArrayList<>(0));
        em.writer.reset();
    }

    /** @return the current subsegment on this thread, or null */
    public Subsegment current() {
        return current.get();
    }

    /**
     * @param key   an annotation key
     * @param value a String, Number or Boolean
     */
    public void putAnnotation(String key, Object value) {
        Subsegment s = current.get();
        if (s == null) {
            return;
        }
        if (!Names.isValidAnnotationKey(key)) {
            diagnostics.warnOnce("annotation-key:" + key, "annotation key '" + abbreviate(key) + "' was ignored: X-Ray keys are 1 to "
                    + Names.MAX_ANNOTATION_KEY_LENGTH + " ASCII letters, digits or underscores; rename it (e.g. 'order_id')");
            return;
        }
        Object v = value;
        if (v instanceof String str) {
            if (str.length() > Names.MAX_ANNOTATION_VALUE_LENGTH) {
                int end = Names.MAX_ANNOTATION_VALUE_LENGTH;
                if (Character.isHighSurrogate(str.charAt(end - 1))) {
                    end--;
                }
                v = str.substring(0, end);
            }
        } else if (v instanceof Double || v instanceof Float) {
            if (!Double.isFinite(((Number) v).doubleValue())) {
                diagnostics.warnOnce("annotation-nan:" + key, "annotation '" + key + "' was ignored: " + v + " is not a number X-Ray can store");
                return;
            }
        } else if (v instanceof Number n && !(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                diagnostics.warnOnce("annotation-nan:" + key, "annotation '" + key + "' was ignored: " + v + " is not a number X-Ray can store");
                return;
            }
            v = d;
        } else if (!(v instanceof Number) && !(v instanceof Boolean)) {
            diagnostics.warnOnce("annotation-type:" + key, "annotation '" + key + "' was ignored: its value must be a String, Number or Boolean");
            return;
        }
        if (!s.putAnnotation(key, v)) {
            diagnostics.warnOnce("annotation-rejected", "annotation '" + key + "' was ignored: its subsegment '" + s.name
                    + "' has ended or already holds " + Subsegment.MAX_ANNOTATIONS + " annotations");
        }
    }

    /**
     * @param namespace the metadata namespace, or null for the service name
     * @param key       the key
     * @param value     anything Jackson can serialise
     */
    public void putMetadata(String namespace, String key, Object value) {
        Subsegment s = current.get();
        if (s == null) {
            return;
        }
        String ns = namespace == null || namespace.isBlank() ? config.serviceName() : namespace;
        if (ns.startsWith("AWS.")) {
            diagnostics.warnOnce("metadata-ns:" + ns, "metadata namespace '" + abbreviate(ns) + "' was ignored: X-Ray reserves names starting with 'AWS.'");
            return;
        }
        if (key == null) {
            diagnostics.warnOnce("metadata-key-null", "metadata with a null key was ignored");
            return;
        }
        if (!s.putMetadata(ns, key, value)) {
            diagnostics.warnOnce("metadata-rejected", "metadata '" + abbreviate(key) + "' was ignored: its subsegment '" + s.name + "' has ended");
        }
    }

    /**
     * @return the trace header to send with a downstream call made now: the current subsegment as
     *         parent when sampled, else the invocation's header as it is (so downstream services
     *         honour {@code Sampled=0}); empty outside an invocation with a header
     */
    public Optional<TraceHeader> propagationHeader() {
        Subsegment s = current.get();
        if (s != null) {
            return Optional.of(s.propagationHeader());
        }
        return InvocationContext.current().flatMap(InvocationContext::traceHeader);
    }

    /**
     * @param task work for another thread
     * @return the task, run within this thread's invocation and under its current subsegment
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        Subsegment span = current.get();
        Runnable withSpan = span == null ? task : () -> {
            Subsegment previous = current.get();
            current.set(span);
            try {
                task.run();
            } finally {
                restore(previous);
            }
        };
        InvocationContext ic = InvocationContext.current().orElse(null);
        return ic == null ? withSpan : ic.wrap(withSpan);
    }

    /**
     * @param task work for another thread
     * @param <T>  its result type
     * @return the task, run within this thread's invocation and under its current subsegment
     */
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        Subsegment span = current.get();
        Callable<T> withSpan = span == null ? task : () -> {
            Subsegment previous = current.get();
            current.set(span);
            try {
                return task.call();
            } finally {
                restore(previous);
            }
        };
        InvocationContext ic = InvocationContext.current().orElse(null);
        return ic == null ? withSpan : ic.wrap(withSpan);
    }

    /**
     * @param executor an executor
     * @return an executor that runs each task within the invocation and subsegment current when the task was handed over
     */
    public Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    /** Warns once. */
    void warn(String kind, String message) {
        diagnostics.warnOnce(kind, message);
    }

    /** @return the environment's clock now, in epoch seconds */
    double now() {
        Instant i = environment.clock().instant();
        return i.getEpochSecond() + i.getNano() / 1e9;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
