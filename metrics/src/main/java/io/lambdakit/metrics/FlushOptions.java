package io.lambdakit.metrics;

import io.lambdakit.metrics.internal.MetricsConfig;

import java.util.Objects;

/**
 * How one run of {@link Metrics#execute(FlushOptions, com.amazonaws.services.lambda.runtime.Context,
 * io.lambdakit.core.ThrowingSupplier)} writes its metrics, overriding the instance's configuration: what the
 * attributes of {@link FlushMetrics} set, by the same names. {@code @FlushMetrics} is converted into these
 * options once per annotated method. Immutable; build it once (at init) and reuse it.
 *
 * <pre>{@code
 * private static final FlushOptions INVOICES = FlushOptions.builder().namespace("Invoices").captureColdStart(true).build();
 * ...
 * return METRICS.execute(INVOICES, context, () -> invoice(order));
 * }</pre>
 */
public final class FlushOptions {

    private static final FlushOptions DEFAULTS = new FlushOptions(new Builder());

    private final String namespace;
    private final String service;
    private final String functionName;
    private final boolean captureColdStart;
    private final boolean raiseOnEmptyMetrics;

    private FlushOptions(Builder b) {
        this.namespace = b.namespace;
        this.service = b.service;
        this.functionName = b.functionName;
        this.captureColdStart = b.captureColdStart;
        this.raiseOnEmptyMetrics = b.raiseOnEmptyMetrics;
    }

    /** @return options that keep the instance's configuration ({@code @FlushMetrics} without attributes) */
    public static FlushOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder; what is not set keeps the instance's configuration */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the namespace, or null to keep the instance's */
    public String namespace() {
        return namespace;
    }

    /** @return the value of the {@code Service} dimension, or null to keep the instance's */
    public String service() {
        return service;
    }

    /** @return the {@code FunctionName} dimension of the ColdStart metric, or null to keep the instance's */
    public String functionName() {
        return functionName;
    }

    /** @return true to emit the ColdStart metric even when the instance does not */
    public boolean captureColdStart() {
        return captureColdStart;
    }

    /** @return true to raise on an invocation without metrics even when the instance does not */
    public boolean raiseOnEmptyMetrics() {
        return raiseOnEmptyMetrics;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlushOptions f && Objects.equals(namespace, f.namespace) && Objects.equals(service, f.service)
                && Objects.equals(functionName, f.functionName) && captureColdStart == f.captureColdStart
                && raiseOnEmptyMetrics == f.raiseOnEmptyMetrics;
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, service, functionName, captureColdStart, raiseOnEmptyMetrics);
    }

    @Override
    public String toString() {
        return "FlushOptions[namespace=" + namespace + ", service=" + service + ", functionName=" + functionName
                + ", captureColdStart=" + captureColdStart + ", raiseOnEmptyMetrics=" + raiseOnEmptyMetrics + "]";
    }

    /**
     * Builds {@link FlushOptions}. Every invalid value is reported at once by {@link #build()} as a
     * {@link io.lambdakit.core.ConfigurationException}, with the message an invalid {@code @FlushMetrics}
     * attribute gets.
     */
    public static final class Builder {
        private String namespace;
        private String service;
        private String functionName;
        private boolean captureColdStart;
        private boolean raiseOnEmptyMetrics;

        Builder() {
        }

        /**
         * @param namespace the CloudWatch namespace of this run's metrics
         * @return this builder
         */
        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /**
         * @param service the value of the {@code Service} dimension of this run's metrics
         * @return this builder
         */
        public Builder service(String service) {
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /**
         * @param functionName the {@code FunctionName} dimension of the ColdStart metric
         * @return this builder
         */
        public Builder functionName(String functionName) {
            this.functionName = Objects.requireNonNull(functionName, "functionName");
            return this;
        }

        /**
         * @param captureColdStart true to emit a {@code ColdStart} metric on an on-demand cold start; false keeps
         *                         the instance's setting
         * @return this builder
         */
        public Builder captureColdStart(boolean captureColdStart) {
            this.captureColdStart = captureColdStart;
            return this;
        }

        /**
         * @param raiseOnEmptyMetrics true to throw {@link MetricsException} when the run emitted no metric; false
         *                            keeps the instance's setting
         * @return this builder
         */
        public Builder raiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {
            this.raiseOnEmptyMetrics = raiseOnEmptyMetrics;
            return this;
        }

        /**
         * @return the options
         * @throws io.lambdakit.core.ConfigurationException listing every invalid value
         */
        public FlushOptions build() {
            MetricsConfig.checkOverrides(namespace, service, functionName);
            return new FlushOptions(this);
        }
    }
}
