package io.lambdakit.metrics.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.core.Json;
import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.core.spi.Replay;
import io.lambdakit.core.spi.Throwables;
import io.lambdakit.metrics.DimensionSet;
import io.lambdakit.metrics.FlushOptions;
import io.lambdakit.metrics.MetricResolution;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.MetricsException;
import io.lambdakit.metrics.MetricsValidationException;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;

/**
 * The one metrics engine, behind {@code io.lambdakit.metrics.Metrics} (which wraps it and which it does not
 * know). Both front doors call {@link #execute(FlushOptions, Context, ThrowingSupplier)}: the plain API
 * directly, {@code @FlushMetrics} through {@link FlushMetricsAspect} with the annotation converted into
 * {@link FlushOptions}.
 *
 * <p>Each invocation gets its own {@link MetricsBuffer}, kept as an {@link InvocationContext} attribute, so
 * concurrent invocations never mix and worker threads carrying the invocation add to the same buffer. Code
 * outside any invocation records into an unscoped buffer, written by an explicit {@link #flush()} or at the end
 * of the next invocation. Writing is best-effort: each kind of failure is reported once through core's
 * {@link Diagnostics}.
 */
public final class MetricsEngine {

    /** The cold-start metric. */
    private static final String COLD_START_METRIC = "ColdStart";
    /** Distinct {@link FlushOptions} whose resolved configuration is kept (one per annotated method, in practice). */
    private static final int MAX_CACHED_RUN_CONFIGS = 64;
    private static final int MAX_RETAINED_WRITER_BYTES = 1 << 20;

    private final MetricsConfig config;
    private final ExecutionEnvironment executionEnvironment;
    private final Clock clock;
    private final RunConfig baseOptions;
    private final boolean disabled;
    private final boolean tenantDimension;
    private final Supplier<PrintStream> output;
    private final Diagnostics diagnostics;
    private final Logger invocationLog;
    private final AtomicBoolean emptyWarned = new AtomicBoolean();
    private final ConcurrentHashMap<FlushOptions, RunConfig> runConfigs = new ConcurrentHashMap<>();
    private final InvocationContext.Key<MetricsBuffer> bufferKey = InvocationContext.Key.of("lambdakit-metrics.buffer");
    private final Supplier<MetricsBuffer> newBuffer = MetricsBuffer::new;
    private final MetricsBuffer unscoped = new MetricsBuffer();
    /** Buffers of invocations that record outside any run, not yet written (see {@link #adopt}). */
    private final ConcurrentLinkedQueue<MetricsBuffer> unmanaged = new ConcurrentLinkedQueue<>();
    /** {@code AWS_LAMBDA_MAX_CONCURRENCY}: above 1 (Lambda Managed Instances) invocations overlap. */
    private final int maxConcurrency;
    private final ThreadLocal<JsonWriter> writers = ThreadLocal.withInitial(() -> JsonWriter.create(4096));
    private final ClassPreloader preloader;

    /**
     * @param config      the resolved configuration
     * @param diagnostics where the engine reports its own problems, once each
     * @param invocationLog where a warning about the user's invocation goes (an invocation without metrics): the
     *                      function's log, through SLF4J, so it carries the invocation's keys as the handler's lines do
     */
    public MetricsEngine(MetricsConfig config, Diagnostics diagnostics, Logger invocationLog) {
        this.config = config;
        this.executionEnvironment = config.executionEnvironment();
        this.clock = executionEnvironment.clock();
        this.baseOptions = config.base();
        this.disabled = !config.enabled();
        this.tenantDimension = config.tenantDimension();
        this.output = config.output();
        this.diagnostics = diagnostics;
        this.invocationLog = invocationLog;
        this.maxConcurrency = maxConcurrency(executionEnvironment);
        this.preloader = ClassPreloader.register(executionEnvironment.lifecycle(), "metrics", MetricsEngine.class);
        executionEnvironment.lifecycle().onBeforeCheckpoint("lambdakit-metrics: prime the EMF codec", this, MetricsEngine::prime);
    }

    /** @return the preloader of this module's class list, registered before the checkpoint */
    public ClassPreloader preloader() {
        return preloader;
    }

    /**
     * Before a SnapStart snapshot: runs every encoding path once (arrays, dimension sets, metadata, properties)
     * into a writer that is then discarded, so the restored function's first flush does not load classes.
     * Writes nothing.
     */
    private void prime() {
        DimensionSet defaults = baseOptions.defaultDimensions().with("Primed", "true");
        LinkedHashMap<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("s", "x");
        metadata.put("l", 1L);
        metadata.put("d", 0.5);
        metadata.put("b", Boolean.TRUE);
        metadata.put("r", new MetricsBuffer.RawJson("{}"));
        EmfBatch batch = new EmfBatch(clock.millis(), baseOptions.namespace() != null ? baseOptions.namespace() : MetricsConfig.DEFAULT_NAMESPACE,
                EmfCodec.dimensionSets(defaults, Map.of(), List.of(DimensionSet.of("Set", "1")), Validation.TENANT_ID_KEY),
                defaults.asMap(), List.of(MetricEntry.of("Primed", MetricUnit.COUNT, MetricResolution.HIGH, 1, 2)), metadata,
                "prime", "prime", null);
        EmfCodec.write(batch, JsonWriter.create(256), line -> { });
    }

    private RunConfig runConfig(FlushOptions o) {
        if (o == null) {
            return baseOptions;
        }
        RunConfig c = runConfigs.get(o);
        if (c == null) {
            c = config.with(o.namespace(), o.service(), o.functionName(), o.captureColdStart(), o.raiseOnEmptyMetrics());
            if (runConfigs.size() < MAX_CACHED_RUN_CONFIGS) {
                runConfigs.putIfAbsent(o, c);
            }
        }
        return c;
    }

    // ---- recording ----

    /**
     * @param name       the metric's name
     * @param value      its value
     * @param unit       its unit
     * @param resolution its storage resolution
     * @throws MetricsValidationException when an argument is invalid
     */
    public void add(String name, double value, MetricUnit unit, MetricResolution resolution) {
        Validation.requireValue(name, value);
        if (unit == null) {
            throw new MetricsValidationException("metric '" + name + "'", "metric '" + name + "' has no unit; pass MetricUnit.NONE for a unitless metric");
        }
        if (resolution == null) {
            throw new MetricsValidationException("metric '" + name + "'", "metric '" + name + "' has no resolution; pass MetricResolution.STANDARD or HIGH");
        }
        long now = clock.millis();
        MetricsBuffer b = buffer();
        if (!b.add(name, value, unit, resolution, now, baseOptions.defaultDimensions())) {
            late(b);
            unscoped.add(name, value, unit, resolution, now, baseOptions.defaultDimensions());
        }
    }

    /**
     * @param key   the dimension key
     * @param value its value
     * @throws MetricsValidationException when invalid
     */
    public void addDimension(String key, String value) {
        Validation.requireDimension(key, value);
        MetricsBuffer b = buffer();
        if (!b.addDimension(key, value)) {
            late(b);
            unscoped.addDimension(key, value);
        }
    }

    /**
     * @param dimensions one more dimension set
     * @throws MetricsValidationException when it conflicts
     */
    public void addDimensionSet(DimensionSet dimensions) {
        Objects.requireNonNull(dimensions, "dimensions");
        MetricsBuffer b = buffer();
        if (!b.addDimensionSet(dimensions, baseOptions.defaultDimensions())) {
            late(b);
            unscoped.addDimensionSet(dimensions, baseOptions.defaultDimensions());
        }
    }

    /**
     * @param key   the member name
     * @param value its value
     * @throws MetricsValidationException when invalid or too large
     */
    public void addMetadata(String key, Object value) {
        Validation.requireMetadataKey(key);
        Object stored = metadataValue(key, value);
        MetricsBuffer b = buffer();
        if (!b.addMetadata(key, stored, baseOptions.defaultDimensions())) {
            late(b);
            unscoped.addMetadata(key, stored, baseOptions.defaultDimensions());
        }
    }

    private static Object metadataValue(String key, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new MetricsValidationException("metadata key", "metadata '" + key + "' is " + d + " but JSON numbers must be finite");
            }
            return d;
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return new MetricsBuffer.RawJson(value.toString());
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        try {
            return new MetricsBuffer.RawJson(Json.mapper().writeValueAsString(value));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new MetricsValidationException("metadata key", "metadata '" + key + "' of type " + value.getClass().getName()
                    + " cannot be serialised to JSON (" + e.getClass().getSimpleName() + "); pass a String, number, boolean, Map, List or Jackson-serialisable object");
        }
    }

    /**
     * @param timestamp the timestamp of the invocation's metrics
     * @throws MetricsValidationException when outside CloudWatch's window
     */
    public void timestamp(Instant timestamp) {
        Objects.requireNonNull(timestamp, "timestamp");
        long millis = timestamp.toEpochMilli();
        Validation.requireTimestamp(millis, clock.millis());
        MetricsBuffer b = buffer();
        if (!b.timestamp(millis)) {
            late(b);
            unscoped.timestamp(millis);
        }
    }

    private MetricsBuffer buffer() {
        InvocationContext ic = InvocationContext.current().orElse(null);
        if (ic == null) {
            return unscoped;
        }
        MetricsBuffer b = ic.attribute(bufferKey, newBuffer);
        b.bind(ic);
        if (b.adoptIfUnmanaged()) {
            adopt(b);
        }
        return b;
    }

    /**
     * A buffer used outside any run of this engine: nothing will flush it at the end of its invocation. When
     * the next such buffer appears, the earlier ones whose invocation is over are written, late but with their
     * request id, instead of being lost. With one invocation at a time, an earlier invocation is over when the
     * next one records; on Lambda Managed Instances ({@code AWS_LAMBDA_MAX_CONCURRENCY} above 1) it may still run
     * on another thread, so it is over only once its deadline has passed: flushing it sooner would split its
     * metrics and drop its dimensions for the rest, and lose what it records afterwards.
     */
    private void adopt(MetricsBuffer b) {
        for (Iterator<MetricsBuffer> it = unmanaged.iterator(); it.hasNext(); ) {
            MetricsBuffer previous = it.next();
            if (previous != b && (maxConcurrency <= 1 || isOver(previous))) {
                it.remove();
                if (!previous.isManaged() && previous.hasPendingMetrics()) {
                    report("unmanaged", "metrics of invocation " + requestId(previous) + " were recorded outside Metrics.execute(..)"
                            + " and @FlushMetrics and never flushed; they were written late, by a later invocation. Wrap the"
                            + " handler in execute(..), annotate it with @FlushMetrics, or call flush() at its end");
                    flushBuffer(previous, false, baseOptions);
                }
            }
        }
        unmanaged.add(b);
    }

    private static int maxConcurrency(ExecutionEnvironment ee) {
        try {
            return ee.environment().maxConcurrency();
        } catch (ConfigurationException e) {
            return 1; // not an integer: the runtime client reports it and runs one invocation at a time
        }
    }

    private static boolean isOver(MetricsBuffer b) {
        InvocationContext ic = b.invocation();
        return ic == null || ic.remainingTime().isZero();
    }

    private void late(MetricsBuffer b) {
        report("late", "a metric was recorded after invocation " + requestId(b) + " had been flushed (a worker thread still running?);"
                + " it will be written by the next flush, without that invocation's request id");
    }

    private static String requestId(MetricsBuffer b) {
        InvocationContext ic = b.invocation();
        return ic != null ? ic.requestId() : "(none)";
    }

    // ---- flushing ----

    /** Writes the current invocation's metrics now (outside an invocation: those recorded outside any). */
    public void flush() {
        InvocationContext ic = InvocationContext.current().orElse(null);
        if (ic == null) {
            flushBuffer(unscoped, false, baseOptions);
            return;
        }
        MetricsBuffer b = ic.attribute(bufferKey, newBuffer);
        b.bind(ic);
        flushBuffer(b, false, baseOptions);
    }

    /**
     * @param name       the metric's name
     * @param value      its value
     * @param unit       its unit
     * @param dimensions extra dimensions of this metric only, or null
     * @throws MetricsValidationException when an argument is invalid
     */
    public void flushSingleMetric(String name, double value, MetricUnit unit, DimensionSet dimensions) {
        Validation.requireMetricName(name);
        Validation.requireValue(name, value);
        if (unit == null) {
            throw new MetricsValidationException("metric '" + name + "'", "metric '" + name + "' has no unit; pass MetricUnit.NONE for a unitless metric");
        }
        DimensionSet dims = dimensions != null ? dimensions : DimensionSet.empty();
        InvocationContext ic = InvocationContext.current().orElse(null);
        MetricsBuffer b = ic != null ? ic.attribute(bufferKey).orElse(null) : null;
        RunConfig o = b != null && b.config() != null ? b.config() : baseOptions;
        if (dims.asMap().containsKey(name) || o.defaultDimensions().asMap().containsKey(name)) {
            throw new MetricsValidationException("metric '" + name + "'", "metric name '" + name
                    + "' is also a dimension key of this single metric; EMF keeps both as root members, so rename one");
        }
        long dimensionBytes = EmfSizes.singleMetricDimensions(dims, o.defaultDimensions());
        if (dimensionBytes > Validation.MAX_METADATA_AND_DIMENSION_BYTES) {
            throw new MetricsValidationException("metric '" + name + "'", "the dimensions of single metric '" + name + "' would take "
                    + dimensionBytes + " bytes of JSON but at most " + Validation.MAX_METADATA_AND_DIMENSION_BYTES
                    + " fit in an EMF blob, which is one CloudWatch Logs event of at most " + Validation.MAX_BLOB_BYTES
                    + " bytes; use fewer or shorter dimensions");
        }
        if (disabled) {
            return;
        }
        try {
            String tenant = ic != null ? ic.tenantId().orElse(null) : null;
            String tenantKey = tenantDimension && tenant != null ? Validation.TENANT_ID_KEY : null;
            LinkedHashMap<String, String> values = new LinkedHashMap<>(o.defaultDimensions().asMap());
            values.putAll(dims.asMap());
            if (tenantKey != null) {
                values.put(tenantKey, tenant);
            }
            EmfBatch batch = new EmfBatch(clock.millis(), namespace(o),
                    EmfCodec.dimensionSets(o.defaultDimensions(), dims.asMap(), List.of(), tenantKey), values,
                    List.of(MetricEntry.of(name, unit, MetricResolution.STANDARD, value)), Map.of(),
                    ic != null ? ic.requestId() : null, ic != null ? ic.xrayTraceId().orElse(null) : null,
                    tenantKey == null ? tenant : null);
            if (b != null) {
                b.markEmitted();
            }
            emit(batch);
        } catch (RuntimeException e) {
            report("write", "lambdakit-metrics could not write a single metric: " + e);
        }
    }

    /**
     * Writes what the buffer holds. Never throws.
     *
     * @return the number of blobs written
     */
    private int flushBuffer(MetricsBuffer buffer, boolean close, RunConfig fallback) {
        try {
            MetricsBuffer.Snapshot s = buffer.drain(close, clock.millis());
            if (s == null) {
                return 0;
            }
            buffer.markEmitted();
            if (disabled) {
                return 0;
            }
            RunConfig o = buffer.config() != null ? buffer.config() : fallback;
            InvocationContext ic = buffer.invocation();
            String tenant = ic != null ? ic.tenantId().orElse(null) : null;
            String tenantKey = tenantDimension && tenant != null ? Validation.TENANT_ID_KEY : null;
            DimensionSet defaults = o.defaultDimensions();
            LinkedHashMap<String, String> values = new LinkedHashMap<>(defaults.asMap());
            values.putAll(s.dimensions());
            for (DimensionSet set : s.dimensionSets()) {
                values.putAll(set.asMap());
            }
            if (tenantKey != null) {
                values.put(tenantKey, tenant);
            }
            EmfBatch batch = new EmfBatch(s.timestampMillis(), namespace(o),
                    EmfCodec.dimensionSets(defaults, s.dimensions(), s.dimensionSets(), tenantKey), values,
                    s.metrics(), s.metadata(),
                    ic != null ? ic.requestId() : null, ic != null ? ic.xrayTraceId().orElse(null) : null,
                    tenantKey == null ? tenant : null);
            return emit(batch);
        } catch (RuntimeException e) {
            report("write", "lambdakit-metrics could not write metrics: " + e);
            return 0;
        }
    }

    private String namespace(RunConfig o) {
        if (o.namespace() != null) {
            return o.namespace();
        }
        report("namespace", MetricsConfig.missingNamespace());
        return MetricsConfig.DEFAULT_NAMESPACE;
    }

    private int emit(EmfBatch batch) {
        JsonWriter w = writers.get();
        try {
            if (InvocationContext.isPrimingNow()) {
                return EmfCodec.write(batch, w, line -> { }); // priming before a checkpoint: encode (warm), emit nothing
            }
            PrintStream out = output.get();
            return EmfCodec.write(batch, w, line -> line.writeLineTo(out));
        } catch (RuntimeException e) {
            writers.remove();
            throw e;
        } finally {
            if (w.buffer().length > MAX_RETAINED_WRITER_BYTES) {
                writers.remove();
            }
        }
    }

    private void report(String kind, String message) {
        diagnostics.warnOnce(kind, message);
    }

    // ---- runs ----

    /**
     * Runs a handler body as one invocation and flushes when it returns or throws; what the body throws
     * propagates unchanged, checked exceptions included.
     *
     * @param options       this run's overrides, or null for the configuration alone
     * @param lambdaContext the Lambda context, or null to use the current invocation (if any)
     * @param body          the handler's work
     * @param <T>           its result type
     * @return the body's result
     * @throws MetricsException when raiseOnEmptyMetrics is on and the body returned without emitting any metric (not
     *                          for an invocation {@link Replay} marks as a replay)
     */
    public <T> T execute(FlushOptions options, Context lambdaContext, ThrowingSupplier<T> body) {
        Objects.requireNonNull(body, "body");
        try {
            return run(runConfig(options), lambdaContext, body);
        } catch (Throwable t) {
            throw Throwables.sneakyThrow(t);
        }
    }

    /**
     * Runs a handler body as (part of) an invocation and flushes when the outermost run of this engine for the
     * invocation ends, whether the body returns or throws. The body's exceptions propagate unchanged.
     *
     * @param options       how to write this invocation's metrics
     * @param lambdaContext the Lambda context, or null to use the current invocation (if any)
     * @param body          the handler's work
     * @param <T>           its result type
     * @return the body's result
     * @throws Throwable whatever the body throws; {@link MetricsException} when raiseOnEmptyMetrics is on and
     *                   the body returned without emitting any metric
     */
    private <T> T run(RunConfig options, Context lambdaContext, ThrowingSupplier<T> body) throws Throwable {
        InvocationScope scope = lambdaContext != null ? executionEnvironment.enter(lambdaContext) : null;
        try {
            InvocationContext ic = scope != null ? scope.context() : InvocationContext.current().orElse(null);
            if (ic == null) {
                return runOutsideInvocation(options, body);
            }
            MetricsBuffer buffer = ic.attribute(bufferKey, newBuffer);
            buffer.bind(ic);
            boolean outermost = buffer.enterRun(options);
            boolean succeeded = false;
            try {
                if (outermost) {
                    captureColdStart(buffer.config(), ic);
                }
                T result = body.get();
                succeeded = true;
                return result;
            } finally {
                if (buffer.exitRun()) {
                    finish(buffer, succeeded);
                }
            }
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    private <T> T runOutsideInvocation(RunConfig options, ThrowingSupplier<T> body) throws Throwable {
        boolean succeeded = false;
        try {
            T result = body.get();
            succeeded = true;
            return result;
        } finally {
            boolean recorded = unscoped.hasPendingMetrics();
            flushBuffer(unscoped, false, options);
            if (!recorded && succeeded && !disabled) {
                emptyRun(options, "(outside any invocation)");
            }
        }
    }

    private void finish(MetricsBuffer buffer, boolean succeeded) {
        RunConfig o = buffer.config();
        InvocationContext ic = buffer.invocation();
        if (ic != null && ic.isPriming()) {
            flushBuffer(buffer, true, o); // encoded and discarded; metrics recorded outside any invocation stay for a real one
            return;
        }
        flushBuffer(buffer, true, o);
        flushBuffer(unscoped, false, o);
        // Said only when it helps: not when the body threw (its error is the story, and raising would hide it), nor when
        // idempotency answered with a stored result (the body did not run, so it could not add a metric)
        if (!buffer.emittedAny() && succeeded && !disabled && !Replay.isReplayed(ic)) {
            emptyRun(o, requestId(buffer));
        }
    }

    private void emptyRun(RunConfig o, String requestId) {
        if (o.raiseOnEmptyMetrics()) {
            throw new MetricsException("no metrics were emitted by invocation " + requestId
                    + " and raiseOnEmptyMetrics is on; add a metric, or turn raiseOnEmptyMetrics off");
        }
        // about the user's invocation, not lambdakit's own trouble: the function's log, WARN once, then DEBUG
        if (emptyWarned.compareAndSet(false, true)) {
            invocationLog.warn("no metrics were emitted by invocation {}", requestId);
        } else {
            invocationLog.debug("no metrics were emitted by invocation {}", requestId);
        }
    }

    private void captureColdStart(RunConfig o, InvocationContext ic) {
        if (!o.captureColdStart() || disabled || !ic.coldStart().isColdStart()) {
            return;
        }
        try {
            LinkedHashMap<String, String> dims = new LinkedHashMap<>();
            if (o.service() != null) {
                dims.put(MetricsConfig.SERVICE_DIMENSION, o.service());
            }
            String fn = o.functionName() != null ? o.functionName() : ic.functionName();
            if (fn != null && Validation.dimensionValueProblem(MetricsConfig.FUNCTION_NAME_DIMENSION, fn) == null) {
                dims.put(MetricsConfig.FUNCTION_NAME_DIMENSION, fn);
            }
            String tenant = ic.tenantId().orElse(null);
            EmfBatch batch = new EmfBatch(clock.millis(), namespace(o), List.of(new ArrayList<>(dims.keySet())), dims,
                    List.of(MetricEntry.of(COLD_START_METRIC, MetricUnit.COUNT, MetricResolution.STANDARD, 1)), Map.of(),
                    ic.requestId(), ic.xrayTraceId().orElse(null), tenant);
            emit(batch);
        } catch (RuntimeException e) {
            report("write", "lambdakit-metrics could not write the ColdStart metric: " + e);
        }
    }

    @Override
    public String toString() {
        return "Metrics[namespace=" + baseOptions.namespace() + ", defaultDimensions=" + baseOptions.defaultDimensions().keys()
                + (disabled ? ", disabled" : "") + "]";
    }
}
