package io.lambdakit.metrics.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.spi.ClassPreloader;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.core.Json;
import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.metrics.DimensionSet;
import io.lambdakit.metrics.MetricResolution;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The one metrics engine. {@link Metrics} is its public face; {@code @FlushMetrics} reaches it through
 * {@link FlushMetricsAspect}, which calls {@link #run} exactly as {@link #withMetrics} does.
 *
 * <p>Each invocation gets its own {@link MetricsBuffer}, kept as an {@link InvocationContext} attribute, so
 * concurrent invocations never mix and worker threads carrying the invocation add to the same buffer. Code
 * outside any invocation records into an unscoped buffer, written by an explicit {@link #flush()} or at the end
 * of the next invocation. Writing is best-effort: failures are reported once, then only at debug level.
 */
public final class MetricsEngine implements Metrics {

    /** Namespace used (with a one-time warning) when neither builder, environment nor annotation set one. */
    public static final String DEFAULT_NAMESPACE = "default_namespace";
    /** Namespace variable, as in Powertools. */
    public static final String NAMESPACE_ENV = "POWERTOOLS_METRICS_NAMESPACE";
    /** ColdStart FunctionName variable, as in Powertools. */
    public static final String FUNCTION_NAME_ENV = "POWERTOOLS_METRICS_FUNCTION_NAME";
    /** Kill switch, as in Powertools. */
    public static final String DISABLED_ENV = "POWERTOOLS_METRICS_DISABLED";
    /** The default dimension holding the service name. */
    public static final String SERVICE_DIMENSION = "Service";
    /** The ColdStart metric's function dimension. */
    public static final String FUNCTION_NAME_DIMENSION = "FunctionName";
    /** The cold-start metric. */
    public static final String COLD_START_METRIC = "ColdStart";

    private static final int MAX_RETAINED_WRITER_BYTES = 1 << 20;

    private final ExecutionEnvironment executionEnvironment;
    private final Clock clock;
    private final RunOptions baseOptions;
    private final boolean disabled;
    private final boolean tenantDimension;
    private final Supplier<PrintStream> output;
    private final Diagnostics diagnostics;
    private final InvocationContext.Key<MetricsBuffer> bufferKey = InvocationContext.Key.of("lambdakit-metrics.buffer");
    private final Supplier<MetricsBuffer> newBuffer = MetricsBuffer::new;
    private final MetricsBuffer unscoped = new MetricsBuffer();
    private final AtomicReference<MetricsBuffer> lastUnmanaged = new AtomicReference<>();
    private final ThreadLocal<JsonWriter> writers = ThreadLocal.withInitial(() -> JsonWriter.create(4096));
    private final ConcurrentHashMap<String, Boolean> reported = new ConcurrentHashMap<>();
    private final ClassPreloader preloader;

    private MetricsEngine(ExecutionEnvironment executionEnvironment, RunOptions baseOptions, boolean disabled,
                          boolean tenantDimension, Supplier<PrintStream> output, Diagnostics diagnostics) {
        this.executionEnvironment = executionEnvironment;
        this.clock = executionEnvironment.clock();
        this.baseOptions = baseOptions;
        this.disabled = disabled;
        this.tenantDimension = tenantDimension;
        this.output = output;
        this.diagnostics = diagnostics;
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
        EmfBatch batch = new EmfBatch(clock.millis(), baseOptions.namespace() != null ? baseOptions.namespace() : DEFAULT_NAMESPACE,
                EmfCodec.dimensionSets(defaults, Map.of(), List.of(DimensionSet.of("Set", "1")), Validation.TENANT_ID_KEY),
                defaults.asMap(), List.of(MetricEntry.of("Primed", MetricUnit.COUNT, MetricResolution.HIGH, 1, 2)), metadata,
                "prime", "prime", null);
        EmfCodec.write(batch, JsonWriter.create(256), line -> { });
    }

    /**
     * Applies the environment and defaults to the builder's settings and validates the result.
     *
     * @param s           the builder's settings
     * @param diagnostics where the engine reports its own problems
     * @return the engine
     * @throws ConfigurationException listing every invalid setting
     */
    public static MetricsEngine create(MetricsSettings s, Diagnostics diagnostics) {
        Environment env = s.executionEnvironment().environment();
        ConfigurationException.Problems problems = ConfigurationException.problems("lambdakit-metrics");

        String namespace = s.namespace() != null ? s.namespace() : env.get(NAMESPACE_ENV).orElse(null);
        if (namespace != null) {
            String p = Validation.namespaceProblem(namespace);
            if (p != null) {
                problems.add(source(s.namespace(), "Metrics.builder().namespace(..)", NAMESPACE_ENV) + " was '" + namespace + "' but it "
                        + p + "; " + fix(s.namespace(), "namespace(..)", NAMESPACE_ENV));
            }
        }

        String service = s.service() != null ? s.service() : env.serviceName();
        boolean serviceDefined = s.service() != null || !Environment.DEFAULT_SERVICE_NAME.equals(service);
        LinkedHashMap<String, String> defaults = new LinkedHashMap<>();
        if (serviceDefined) {
            String p = Validation.dimensionValueProblem(SERVICE_DIMENSION, service);
            if (p != null) {
                problems.add(source(s.service(), "Metrics.builder().service(..)", Environment.POWERTOOLS_SERVICE_NAME)
                        + " was '" + service + "' but it is not a valid dimension value: " + p + "; "
                        + fix(s.service(), "service(..)", Environment.POWERTOOLS_SERVICE_NAME));
            } else {
                defaults.put(SERVICE_DIMENSION, service);
            }
        }
        for (Map.Entry<String, String> d : s.defaultDimensions().entrySet()) {
            String p = Validation.dimensionKeyProblem(d.getKey());
            if (p == null) {
                p = Validation.dimensionValueProblem(d.getKey(), d.getValue());
            }
            if (p != null) {
                problems.add("Metrics.builder().defaultDimension('" + d.getKey() + "', ..) is invalid: " + p);
            } else {
                defaults.put(d.getKey(), d.getValue());
            }
        }
        problems.require(defaults.size() <= Validation.MAX_DIMENSIONS_PER_SET, "the default dimensions number "
                + defaults.size() + " but CloudWatch allows at most " + Validation.MAX_DIMENSIONS_PER_SET
                + " dimensions per metric; remove some defaultDimension(..) calls");

        String functionName = s.functionName() != null ? s.functionName() : env.get(FUNCTION_NAME_ENV).orElse(null);
        if (functionName != null) {
            String p = Validation.dimensionValueProblem(FUNCTION_NAME_DIMENSION, functionName);
            if (p != null) {
                problems.add(source(s.functionName(), "Metrics.builder().functionName(..)", FUNCTION_NAME_ENV) + " was '" + functionName
                        + "' but it is not a valid dimension value: " + p + "; " + fix(s.functionName(), "functionName(..)", FUNCTION_NAME_ENV));
            }
        }

        boolean disabled = false;
        if (s.disabled() != null) {
            disabled = s.disabled();
        } else {
            try {
                disabled = env.getBoolean(DISABLED_ENV, false);
            } catch (ConfigurationException e) {
                e.problems().forEach(problems::add);
            }
        }
        problems.throwIfAny();

        DimensionSet defaultSet = DimensionSet.of(defaults);
        RunOptions base = new RunOptions(namespace, defaultSet, defaultSet.get(SERVICE_DIMENSION).orElse(null),
                functionName, s.captureColdStart(), s.raiseOnEmptyMetrics());
        return new MetricsEngine(s.executionEnvironment(), base, disabled, s.tenantDimension(), s.output(), diagnostics);
    }

    private static String source(Object builderValue, String builderCall, String envName) {
        return builderValue != null ? builderCall : envName;
    }

    private static String fix(Object builderValue, String builderMethod, String envName) {
        return builderValue != null ? "pass a valid value to " + builderMethod : "fix or unset " + envName + ", or call Metrics.builder()." + builderMethod;
    }

    /** @return the options of a run configured by this engine alone */
    public RunOptions baseOptions() {
        return baseOptions;
    }

    /** @return the execution environment this engine runs in */
    public ExecutionEnvironment executionEnvironment() {
        return executionEnvironment;
    }

    /**
     * The options of a run whose annotation overrides some of the configuration.
     *
     * @param namespace           namespace, or null to keep the configured one
     * @param service             service, or null to keep the configured one
     * @param functionName        ColdStart FunctionName, or null to keep the configured one
     * @param captureColdStart    true to emit ColdStart even when not configured
     * @param raiseOnEmptyMetrics true to raise on empty even when not configured
     * @return the options
     */
    public RunOptions options(String namespace, String service, String functionName, boolean captureColdStart, boolean raiseOnEmptyMetrics) {
        DimensionSet defaults = baseOptions.defaultDimensions();
        if (service != null) {
            DimensionSet.Builder b = DimensionSet.builder().add(SERVICE_DIMENSION, service);
            defaults.asMap().forEach((k, v) -> {
                if (!SERVICE_DIMENSION.equals(k)) {
                    b.add(k, v);
                }
            });
            defaults = b.build();
        }
        return new RunOptions(
                namespace != null ? namespace : baseOptions.namespace(),
                defaults,
                service != null ? service : baseOptions.service(),
                functionName != null ? functionName : baseOptions.functionName(),
                captureColdStart || baseOptions.captureColdStart(),
                raiseOnEmptyMetrics || baseOptions.raiseOnEmptyMetrics());
    }

    // ---- recording ----

    @Override
    public Metrics add(String name, double value) {
        return add(name, value, MetricUnit.NONE, MetricResolution.STANDARD);
    }

    @Override
    public Metrics add(String name, double value, MetricUnit unit) {
        return add(name, value, unit, MetricResolution.STANDARD);
    }

    @Override
    public Metrics add(String name, double value, MetricUnit unit, MetricResolution resolution) {
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
        return this;
    }

    @Override
    public Metrics addDimension(String key, String value) {
        Validation.requireDimension(key, value);
        MetricsBuffer b = buffer();
        if (!b.addDimension(key, value)) {
            late(b);
            unscoped.addDimension(key, value);
        }
        return this;
    }

    @Override
    public Metrics addDimensionSet(DimensionSet dimensions) {
        Objects.requireNonNull(dimensions, "dimensions");
        MetricsBuffer b = buffer();
        if (!b.addDimensionSet(dimensions, baseOptions.defaultDimensions())) {
            late(b);
            unscoped.addDimensionSet(dimensions, baseOptions.defaultDimensions());
        }
        return this;
    }

    @Override
    public Metrics addMetadata(String key, Object value) {
        Validation.requireMetadataKey(key);
        Object stored = metadataValue(key, value);
        MetricsBuffer b = buffer();
        if (!b.addMetadata(key, stored, baseOptions.defaultDimensions())) {
            late(b);
            unscoped.addMetadata(key, stored, baseOptions.defaultDimensions());
        }
        return this;
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

    @Override
    public Metrics timestamp(Instant timestamp) {
        Objects.requireNonNull(timestamp, "timestamp");
        long millis = timestamp.toEpochMilli();
        Validation.requireTimestamp(millis, clock.millis());
        MetricsBuffer b = buffer();
        if (!b.timestamp(millis)) {
            late(b);
            unscoped.timestamp(millis);
        }
        return this;
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
     * the next such buffer appears, the previous one's invocation is over (or at least past its metrics), so
     * its leftovers are written then, late but with their request id, instead of being lost.
     */
    private void adopt(MetricsBuffer b) {
        MetricsBuffer previous = lastUnmanaged.getAndSet(b);
        if (previous != null && previous != b && !previous.isManaged() && previous.hasPendingMetrics()) {
            report("unmanaged", "metrics of invocation " + requestId(previous) + " were recorded outside Metrics.withMetrics(..) and"
                    + " @FlushMetrics and never flushed; they were written late, at the next invocation. Wrap the handler in"
                    + " withMetrics(..), annotate it with @FlushMetrics, or call flush() at its end");
            flushBuffer(previous, false, baseOptions);
        }
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

    @Override
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

    @Override
    public void flushSingleMetric(String name, double value, MetricUnit unit, DimensionSet dimensions) {
        Validation.requireMetricName(name);
        Validation.requireValue(name, value);
        if (unit == null) {
            throw new MetricsValidationException("metric '" + name + "'", "metric '" + name + "' has no unit; pass MetricUnit.NONE for a unitless metric");
        }
        DimensionSet dims = dimensions != null ? dimensions : DimensionSet.empty();
        InvocationContext ic = InvocationContext.current().orElse(null);
        MetricsBuffer b = ic != null ? ic.attribute(bufferKey).orElse(null) : null;
        RunOptions o = b != null && b.options() != null ? b.options() : baseOptions;
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
    private int flushBuffer(MetricsBuffer buffer, boolean close, RunOptions fallback) {
        try {
            MetricsBuffer.Snapshot s = buffer.drain(close, clock.millis());
            if (s == null) {
                return 0;
            }
            buffer.markEmitted();
            if (disabled) {
                return 0;
            }
            RunOptions o = buffer.options() != null ? buffer.options() : fallback;
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

    private String namespace(RunOptions o) {
        if (o.namespace() != null) {
            return o.namespace();
        }
        report("namespace", "no CloudWatch namespace is configured, so metrics go to '" + DEFAULT_NAMESPACE + "'; set "
                + NAMESPACE_ENV + ", call Metrics.builder().namespace(..) or use @FlushMetrics(namespace = ..)");
        return DEFAULT_NAMESPACE;
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
        if (reported.putIfAbsent(kind, Boolean.TRUE) == null) {
            diagnostics.warn(message);
        } else {
            diagnostics.debug(message);
        }
    }

    // ---- runs ----

    @Override
    public <T> T withMetrics(Context context, Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        try {
            return run(baseOptions, context, body::get);
        } catch (Throwable t) {
            throw sneakyThrow(t);
        }
    }

    @Override
    public <T> T execute(Context context, ThrowingSupplier<T> body) {
        Objects.requireNonNull(body, "body");
        try {
            return run(baseOptions, context, body);
        } catch (Throwable t) {
            throw MetricsEngine.<RuntimeException>sneakyThrow(t); // checked exceptions of the body propagate unchanged
        }
    }

    @Override
    public void withMetrics(Context context, Runnable body) {
        Objects.requireNonNull(body, "body");
        try {
            run(baseOptions, context, () -> {
                body.run();
                return null;
            });
        } catch (Throwable t) {
            throw sneakyThrow(t);
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
    public <T> T run(RunOptions options, Context lambdaContext, ThrowingSupplier<T> body) throws Throwable {
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
                    captureColdStart(buffer.options(), ic);
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

    private <T> T runOutsideInvocation(RunOptions options, ThrowingSupplier<T> body) throws Throwable {
        boolean succeeded = false;
        try {
            T result = body.get();
            succeeded = true;
            return result;
        } finally {
            boolean recorded = unscoped.hasPendingMetrics();
            flushBuffer(unscoped, false, options);
            if (!recorded && !disabled) {
                emptyRun(options, "(outside any invocation)", succeeded);
            }
        }
    }

    private void finish(MetricsBuffer buffer, boolean succeeded) {
        RunOptions o = buffer.options();
        InvocationContext ic = buffer.invocation();
        if (ic != null && ic.isPriming()) {
            flushBuffer(buffer, true, o); // encoded and discarded; metrics recorded outside any invocation stay for a real one
            return;
        }
        flushBuffer(buffer, true, o);
        flushBuffer(unscoped, false, o);
        if (!buffer.emittedAny() && !disabled) {
            emptyRun(o, requestId(buffer), succeeded);
        }
    }

    private void emptyRun(RunOptions o, String requestId, boolean succeeded) {
        if (succeeded && o.raiseOnEmptyMetrics()) {
            throw new MetricsException("no metrics were emitted by invocation " + requestId
                    + " and raiseOnEmptyMetrics is on; add a metric, or turn raiseOnEmptyMetrics off");
        }
        report("empty", "no metrics were emitted by invocation " + requestId);
    }

    private void captureColdStart(RunOptions o, InvocationContext ic) {
        if (!o.captureColdStart() || disabled || !ic.coldStart().isColdStart()) {
            return;
        }
        try {
            LinkedHashMap<String, String> dims = new LinkedHashMap<>();
            if (o.service() != null) {
                dims.put(SERVICE_DIMENSION, o.service());
            }
            String fn = o.functionName() != null ? o.functionName() : ic.functionName();
            if (fn != null && Validation.dimensionValueProblem(FUNCTION_NAME_DIMENSION, fn) == null) {
                dims.put(FUNCTION_NAME_DIMENSION, fn);
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

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public String toString() {
        return "Metrics[namespace=" + baseOptions.namespace() + ", defaultDimensions=" + baseOptions.defaultDimensions().keys()
                + (disabled ? ", disabled" : "") + "]";
    }
}
