package io.lambdakit.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.ThrowingSupplier;
import io.lambdakit.metrics.internal.Diagnostics;
import io.lambdakit.metrics.internal.GlobalMetrics;
import io.lambdakit.metrics.internal.MetricsEngine;
import io.lambdakit.metrics.internal.MetricsSettings;

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
 *     return METRICS.withMetrics(context, () -> {
 *         METRICS.add("OrderPlaced", 1, MetricUnit.COUNT);
 *         return process(order);
 *     });
 * }
 * }</pre>
 *
 * or, with the class woven by the {@code lambdakit-metrics} aspect library, {@code @FlushMetrics} on the
 * handler and {@link #global()} inside it. Invalid input throws {@link MetricsValidationException} at the
 * call; writing never fails the handler.
 *
 * <p>Instances come from {@link #builder()}; they are thread-safe. Configuration precedence: builder (or
 * annotation attribute), then the Powertools environment variables, then defaults.
 */
public interface Metrics {

    /** @return a builder; unset options come from the environment, then from the documented defaults */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The instance {@code @FlushMetrics} flushes: the one given to {@link #setGlobal(Metrics)}, else one built
     * from the environment on first use.
     *
     * @return the global instance
     */
    static Metrics global() {
        return GlobalMetrics.get();
    }

    /**
     * Makes {@code metrics} the global instance, e.g. at function init:
     * {@code static final Metrics METRICS = Metrics.setGlobal(Metrics.builder().namespace("Shop").build());}
     *
     * @param metrics an instance from {@link #builder()}
     * @return {@code metrics}
     */
    static Metrics setGlobal(Metrics metrics) {
        return GlobalMetrics.set(metrics);
    }

    /** Forgets the global instance; the next {@link #global()} builds a new one from the environment. For tests. */
    static void resetGlobal() {
        GlobalMetrics.reset();
    }

    /**
     * Records a value without unit.
     *
     * @param name  the metric's name
     * @param value a finite value: 0, or of a magnitude from 8.515920e-109 to 1.174271e+108 (what CloudWatch accepts)
     * @return this
     * @throws MetricsValidationException when the name or value is invalid
     */
    Metrics add(String name, double value);

    /**
     * Records a value with standard resolution. Adding the same name again appends a value (written as an array).
     *
     * @param name  the metric's name, 1 to 1024 characters, without line terminators
     * @param value a finite value: 0, or of a magnitude from 8.515920e-109 to 1.174271e+108
     * @param unit  its unit; the same for every value of this name
     * @return this
     * @throws MetricsValidationException when the name, value or unit is invalid or differs from an earlier value's
     */
    Metrics add(String name, double value, MetricUnit unit);

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
    Metrics add(String name, double value, MetricUnit unit, MetricResolution resolution);

    /**
     * Adds a dimension to the invocation's dimension set, which also holds the default dimensions
     * ({@code Service} and those of the builder). Adding a key again replaces its value.
     *
     * @param key   1 to 250 printable ASCII characters, not starting with {@code :}
     * @param value 1 to 1024 printable ASCII characters
     * @return this
     * @throws MetricsValidationException when the key or value is invalid or the key names a metric or metadata entry
     */
    Metrics addDimension(String key, String value);

    /**
     * Publishes the invocation's metrics under one more combination of dimensions: the default dimensions plus
     * {@code dimensions}. Each set adds a CloudWatch metric per metric name.
     *
     * @param dimensions the additional set
     * @return this
     * @throws MetricsValidationException when a key names a metric or metadata entry, or already has another value
     */
    Metrics addDimensionSet(DimensionSet dimensions);

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
    Metrics addMetadata(String key, Object value);

    /**
     * Sets the timestamp of the invocation's metrics (default: when the first metric was added).
     *
     * @param timestamp at most 14 days ago and at most 2 hours ahead
     * @return this
     * @throws MetricsValidationException when outside that window
     */
    Metrics timestamp(Instant timestamp);

    /**
     * Writes the current invocation's metrics now and clears metrics, dimensions and timestamp (metadata is kept
     * for the rest of the invocation). Outside an invocation, writes the metrics recorded outside any invocation.
     */
    void flush();

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
    void flushSingleMetric(String name, double value, MetricUnit unit, DimensionSet dimensions);

    /**
     * Runs a handler body as one invocation: opens its scope, emits the {@code ColdStart} metric when
     * configured and this is an on-demand cold start, and flushes when the body returns or throws. The body's
     * exceptions propagate unchanged.
     *
     * @param context the Lambda context (may be null outside Lambda: then the current invocation, if any, is used)
     * @param body    the handler's work
     * @param <T>     the result type
     * @return what {@code body} returned
     * @throws MetricsException only when {@code raiseOnEmptyMetrics} is on and the body emitted no metric
     */
    <T> T withMetrics(Context context, Supplier<T> body);

    /**
     * As {@link #withMetrics(Context, Supplier)}, for a body that throws checked exceptions, e.g. a
     * {@code RequestStreamHandler}'s:
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
     * Whatever the body throws, checked exceptions included, propagates unchanged (this method does not declare
     * them, as {@code Idempotency.execute} does not: declare them on the handler, or catch {@code Exception}).
     *
     * @param context the Lambda context (may be null outside Lambda: then the current invocation, if any, is used)
     * @param body    the handler's work
     * @param <T>     the result type
     * @return what {@code body} returned
     * @throws MetricsException only when {@code raiseOnEmptyMetrics} is on and the body emitted no metric
     */
    <T> T execute(Context context, ThrowingSupplier<T> body);

    /**
     * As {@link #withMetrics(Context, Supplier)}, for a body without result.
     *
     * @param context the Lambda context
     * @param body    the handler's work
     */
    void withMetrics(Context context, Runnable body);

    /**
     * Builds {@link Metrics}. Every problem found in the configuration (builder values and environment
     * variables) is reported at once by {@link #build()} as a {@link io.lambdakit.core.ConfigurationException}.
     */
    final class Builder {
        private ExecutionEnvironment executionEnvironment;
        private String namespace;
        private String service;
        private String functionName;
        private final LinkedHashMap<String, String> defaultDimensions = new LinkedHashMap<>();
        private boolean captureColdStart;
        private boolean raiseOnEmptyMetrics;
        private Boolean disabled;
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
         * @param raiseOnEmptyMetrics true to throw {@link MetricsException} when an invocation emitted no metric (default false)
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
         * @param disabled true to record and validate but never write (default: {@code POWERTOOLS_METRICS_DISABLED}, else false)
         * @return this builder
         */
        public Builder disabled(boolean disabled) {
            this.disabled = disabled;
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
            return build(Diagnostics.slf4j());
        }

        Metrics build(Diagnostics diagnostics) {
            MetricsSettings settings = new MetricsSettings(
                    executionEnvironment != null ? executionEnvironment : ExecutionEnvironment.current(),
                    namespace, service, functionName, new LinkedHashMap<>(defaultDimensions),
                    captureColdStart, raiseOnEmptyMetrics, disabled, tenantDimension,
                    output != null ? output : () -> System.out);
            return MetricsEngine.create(settings, diagnostics);
        }
    }
}
