package io.lambdakit.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.core.spi.ProcessWide;
import io.lambdakit.metrics.internal.MetricsConfig;
import io.lambdakit.metrics.internal.MetricsEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Custom CloudWatch metrics through the Embedded Metric Format. Metrics, dimensions and metadata are
 * recorded for the current invocation (so concurrent invocations in one JVM never mix, and worker threads
 * that carry the invocation with {@code InvocationContext.wrap(..)} add to it) and printed to standard output
 * as EMF JSON lines when the invocation ends:
 *
 * <pre>{@code
 * private static final Metrics METRICS = Metrics.builder().namespace("Payments").captureColdStart(true).build();
 *
 * public Receipt handleRequest(Order order, Context context) {
 *     return METRICS.execute(context, () -> {
 *         METRICS.add("OrderPlaced", 1, MetricUnit.COUNT);
 *         return process(order);
 *     });
 * }
 * }</pre>
 *
 * or, with the class woven by the {@code lambdakit-metrics} aspect library, {@code @FlushMetrics} on the
 * handler and {@link #current()} inside it. Invalid input throws {@link MetricsValidationException} at the
 * call; writing never fails the handler.
 *
 * <p>Instances come from {@link #builder()} or {@link #create()}; they are thread-safe. Configuration
 * precedence: builder (or annotation attribute), then the Powertools environment variables, then defaults.
 */
public final class Metrics {

    /** The {@code logger} of this module's own diagnostics. */
    private static final String LOGGER = "io.lambdakit.metrics";

    private static final ProcessWide<Metrics> CURRENT = ProcessWide.withDefault(new FromEnvironment());

    private final MetricsEngine engine;

    private Metrics(MetricsEngine engine) {
        this.engine = engine;
    }

    /** @return a builder; unset options come from the environment, then from the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return an instance configured from the environment alone: {@code builder().build()}
     * @throws io.lambdakit.core.ConfigurationException listing every invalid environment variable
     */
    public static Metrics create() {
        return builder().build();
    }

    /**
     * The process-wide instance, the one {@code @FlushMetrics} flushes: the last one given to
     * {@link #install(Metrics)} and not uninstalled, else one built from the environment on first use.
     *
     * @return the process-wide instance
     * @throws io.lambdakit.core.ConfigurationException when the first use builds it and an environment variable is invalid
     */
    public static Metrics current() {
        return CURRENT.current();
    }

    /**
     * Makes {@code metrics} the process-wide instance, e.g. at function init
     * ({@code static { Metrics.install(METRICS); }}), or for the length of a test:
     * {@code try (Installation i = Metrics.install(metrics)) { ... }}.
     *
     * @param metrics the new process-wide instance
     * @return a handle whose {@code close()} puts back the instance that was current before, unless another one
     *         was installed since
     */
    public static Installation install(Metrics metrics) {
        return CURRENT.install(metrics);
    }

    /**
     * Records a value without unit.
     *
     * @param name  the metric's name
     * @param value a finite value: 0, or of a magnitude from 8.515920e-109 to 1.174271e+108 (what CloudWatch accepts)
     * @return this
     * @throws MetricsValidationException when the name or value is invalid
     */
    public Metrics add(String name, double value) {
        engine.add(name, value, MetricUnit.NONE, MetricResolution.STANDARD);
        return this;
    }

    /**
     * Records a value with standard resolution. Adding the same name again appends a value (written as an array).
     *
     * @param name  the metric's name, 1 to 1024 characters, without line terminators
     * @param value a finite value: 0, or of a magnitude from 8.515920e-109 to 1.174271e+108
     * @param unit  its unit; the same for every value of this name
     * @return this
     * @throws MetricsValidationException when the name, value or unit is invalid or differs from an earlier value's
     */
    public Metrics add(String name, double value, MetricUnit unit) {
        engine.add(name, value, unit, MetricResolution.STANDARD);
        return this;
    }

    /**
     * Records a value.
     *
     * @param name       the metric's name, 1 to 1024 characters, without line terminators
     * @param value      a finite value: 0, or of a magnitude from 8.515920e-109 to 1.174271e+108
     * @param unit       its unit; the same for every value of this name
     * @param resolution its storage resolution; the same for every value of this name
     * @return this
     * @throws MetricsValidationException when an argument is invalid or differs from an earlier value's
     */
    public Metrics add(String name, double value, MetricUnit unit, MetricResolution resolution) {
        engine.add(name, value, unit, resolution);
        return this;
    }

    /**
     * Adds a dimension to the invocation's dimension set, which also holds the default dimensions
     * ({@code Service} and those of the builder). Adding a key again replaces its value.
     *
     * @param key   1 to 250 printable ASCII characters, not starting with {@code :}
     * @param value 1 to 1024 printable ASCII characters
     * @return this
     * @throws MetricsValidationException when the key or value is invalid or the key names a metric or metadata entry
     */
    public Metrics addDimension(String key, String value) {
        engine.addDimension(key, value);
        return this;
    }

    /**
     * Publishes the invocation's metrics under one more combination of dimensions: the default dimensions plus
     * {@code dimensions}. Each set adds a CloudWatch metric per metric name.
     *
     * @param dimensions the additional set
     * @return this
     * @throws MetricsValidationException when a key names a metric or metadata entry, or already has another value
     */
    public Metrics addDimensionSet(DimensionSet dimensions) {
        engine.addDimensionSet(dimensions);
        return this;
    }

    /**
     * Adds a root-level member to the EMF blob: searchable in CloudWatch Logs Insights, not a metric and not a
     * dimension. Strings, numbers, booleans and null are written as they are; other objects are serialised
     * with Jackson now, at the call.
     *
     * @param key   the member name
     * @param value its value
     * @return this
     * @throws MetricsValidationException when the key is invalid or taken, the number not finite, the object not
     *                                    serialisable, or when the invocation's metadata and dimensions would take more
     *                                    than 983,014 bytes of JSON (every EMF blob repeats them, and a blob is one
     *                                    CloudWatch Logs event of at most 1,048,550 bytes)
     */
    public Metrics addMetadata(String key, Object value) {
        engine.addMetadata(key, value);
        return this;
    }

    /**
     * Sets the timestamp of the invocation's metrics (default: when the first metric was added).
     *
     * @param timestamp at most 14 days ago and at most 2 hours ahead
     * @return this
     * @throws MetricsValidationException when outside that window
     */
    public Metrics timestamp(Instant timestamp) {
        engine.timestamp(timestamp);
        return this;
    }

    /**
     * Writes the current invocation's metrics now and clears metrics, dimensions and timestamp (metadata is kept
     * for the rest of the invocation). Outside an invocation, writes the metrics recorded outside any invocation.
     */
    public void flush() {
        engine.flush();
    }

    /**
     * Writes one metric now, in a blob of its own, with the default dimensions plus {@code dimensions};
     * the invocation's other metrics, dimensions and metadata are not involved.
     *
     * @param name       the metric's name
     * @param value      a finite value
     * @param unit       its unit
     * @param dimensions extra dimensions of this metric only
     * @throws MetricsValidationException when an argument is invalid
     */
    public void flushSingleMetric(String name, double value, MetricUnit unit, DimensionSet dimensions) {
        engine.flushSingleMetric(name, value, unit, dimensions);
    }

    /**
     * Runs a handler body as one invocation: opens its scope, emits the {@code ColdStart} metric when
     * configured and this is an on-demand cold start, and flushes when the body returns or throws. Whatever the
     * body throws, checked exceptions included, propagates unchanged (this method does not declare them, as
     * {@code Idempotency.execute} does not: declare them on the handler, or catch {@code Exception}). A body
     * without result returns {@code null}, e.g. a {@code RequestStreamHandler}'s:
     *
     * <pre>{@code
     * public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
     *     METRICS.execute(context, () -> {
     *         METRICS.add("OrderPlaced", 1, MetricUnit.COUNT);
     *         MAPPER.writeValue(out, process(MAPPER.readValue(in, Order.class)));
     *         return null;
     *     });
     * }
     * }</pre>
     *
     * @param context the Lambda context (may be null outside Lambda: then the current invocation, if any, is used)
     * @param body    the handler's work
     * @param <T>     the result type
     * @return what {@code body} returned
     * @throws MetricsException only when {@code raiseOnEmptyMetrics} is on and the body ran and returned without emitting a
     *                          metric (never when it threw, nor for an idempotent replay, whose body did not run)
     */
    public <T> T execute(Context context, ThrowingSupplier<T> body) {
        return engine.execute(null, context, body);
    }

    /**
     * As {@link #execute(Context, ThrowingSupplier)}, with this run's metrics written as {@code options} says
     * (what {@code @FlushMetrics}' attributes do for an annotated handler, which runs through here).
     *
     * @param options overrides of this instance's namespace, service, ColdStart and empty-run settings
     * @param context the Lambda context (may be null outside Lambda: then the current invocation, if any, is used)
     * @param body    the handler's work
     * @param <T>     the result type
     * @return what {@code body} returned
     * @throws MetricsException only when {@code raiseOnEmptyMetrics} is on and the body ran and returned without emitting a
     *                          metric (never when it threw, nor for an idempotent replay, whose body did not run)
     */
    public <T> T execute(FlushOptions options, Context context, ThrowingSupplier<T> body) {
        return engine.execute(Objects.requireNonNull(options, "options"), context, body);
    }

    /** @return the engine, for this package's tests */
    MetricsEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return engine.toString();
    }

    /**
     * Builds {@link Metrics}. Every problem found in the configuration (builder values and environment
     * variables) is reported at once by {@link #build()} as a {@link io.lambdakit.core.ConfigurationException}.
     */
    public static final class Builder {
        private ExecutionEnvironment executionEnvironment;
        private String namespace;
        private String service;
        private String functionName;
        private final LinkedHashMap<String, String> defaultDimensions = new LinkedHashMap<>();
        private boolean captureColdStart;
        private boolean raiseOnEmptyMetrics;
        private Boolean enabled;
        private boolean tenantDimension;
        private Supplier<PrintStream> output;

        Builder() {
        }

        /**
         * @param namespace the CloudWatch namespace (default: {@code POWERTOOLS_METRICS_NAMESPACE})
         * @return this builder
         */
        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /**
         * @param service the value of the {@code Service} default dimension (default: {@code POWERTOOLS_SERVICE_NAME};
         *                no {@code Service} dimension when that is unset)
         * @return this builder
         */
        public Builder service(String service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /**
         * @param key   a dimension every blob carries, after {@code Service}
         * @param value its value
         * @return this builder
         */
        public Builder defaultDimension(String key, String value) {
            defaultDimensions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param captureColdStart true to emit a {@code ColdStart} metric (Count, dimensions {@code Service} and
         *                         {@code FunctionName}) on an on-demand cold start (default false)
         * @return this builder
         */
        public Builder captureColdStart(boolean captureColdStart) {
            this.captureColdStart = captureColdStart;
            return this;
        }

        /**
         * @param raiseOnEmptyMetrics true to throw {@link MetricsException} when an invocation's body ran and returned without
         *                            emitting a metric (not when it threw, nor for an idempotent replay; default false)
         * @return this builder
         */
        public Builder raiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {
            this.raiseOnEmptyMetrics = raiseOnEmptyMetrics;
            return this;
        }

        /**
         * @param functionName the {@code FunctionName} dimension of the ColdStart metric (default:
         *                     {@code POWERTOOLS_METRICS_FUNCTION_NAME}, else the invocation's function name)
         * @return this builder
         */
        public Builder functionName(String functionName) {
            this.functionName = Objects.requireNonNull(functionName, "functionName");
            return this;
        }

        /**
         * @param enabled false to record and validate but never write (default: false when
         *                {@code POWERTOOLS_METRICS_DISABLED} is {@code true}, else true)
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param tenantDimension true to add {@code tenant_id} to every dimension set of invocations that have a
         *                        tenant id (default false: it is written as a property only)
         * @return this builder
         */
        public Builder tenantDimension(boolean tenantDimension) {
            this.tenantDimension = tenantDimension;
            return this;
        }

        /**
         * @param executionEnvironment where environment variables, the clock and cold-start state come from
         *                             (default: {@link ExecutionEnvironment#current()})
         * @return this builder
         */
        public Builder executionEnvironment(ExecutionEnvironment executionEnvironment) {
            this.executionEnvironment = Objects.requireNonNull(executionEnvironment, "executionEnvironment");
            return this;
        }

        /**
         * @param output where EMF lines go (default: {@code System.out}, looked up at each write)
         * @return this builder
         */
        public Builder output(PrintStream output) {
            Objects.requireNonNull(output, "output");
            this.output = () -> output;
            return this;
        }

        /**
         * @return the metrics instance
         * @throws io.lambdakit.core.ConfigurationException listing every invalid setting
         */
        public Metrics build() {
            ExecutionEnvironment ee = executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current();
            return build(ee, Diagnostics.standardError(LOGGER, ee), LoggerFactory.getLogger(LOGGER));
        }

        /** The build with the reporter and the invocation log given (this package's tests capture what is reported). */
        Metrics build(Diagnostics diagnostics, Logger invocationLog) {
            return build(executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current(), diagnostics,
                    invocationLog);
        }

        private Metrics build(ExecutionEnvironment ee, Diagnostics diagnostics, Logger invocationLog) {
            MetricsConfig config = MetricsConfig.resolve(ee, namespace, service, functionName, new LinkedHashMap<>(defaultDimensions),
                    captureColdStart, raiseOnEmptyMetrics, enabled, tenantDimension, output != null ? output : new StandardOutput());
            return new Metrics(new MetricsEngine(config, diagnostics, invocationLog));
        }
    }

    /** Looks up {@code System.out} at each write, so a stream replaced after init is honoured. */
    private static final class StandardOutput implements Supplier<PrintStream> {
        @Override
        public PrintStream get() {
            return System.out;
        }
    }

    /** Builds the default process-wide instance on first use. */
    private static final class FromEnvironment implements Supplier<Metrics> {
        @Override
        public Metrics get() {
            return create();
        }
    }
}
