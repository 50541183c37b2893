package io.lambdakit.metrics;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.testing.MutableClock;
import io.lambdakit.testing.TestContext;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared test setup: a fixed clock, an environment from a map, captured output and diagnostics. */
final class Fixtures {

    static final String TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";
    static final String TRACE_HEADER = "Root=" + TRACE_ID + ";Parent=53995c3f42cd8ad8;Sampled=1";

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final long NOW_MILLIS = NOW.toEpochMilli();

    final EmfOutput out = new EmfOutput();
    final MutableClock clock = MutableClock.at(NOW);
    /** The messages of the lines the engine's {@link Diagnostics} wrote, in order. */
    final List<String> warnings = new ArrayList<>();
    /** What the engine wrote to the function's log about invocations, as {@code LEVEL message}. */
    final List<String> invocationLog = new ArrayList<>();
    /** The lines themselves. */
    final List<String> diagnosticLines = new ArrayList<>();
    final Map<String, String> env = new HashMap<>(Map.of(
            "POWERTOOLS_METRICS_NAMESPACE", "Shop",
            "POWERTOOLS_SERVICE_NAME", "orders",
            "AWS_LAMBDA_FUNCTION_NAME", "orders-fn",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
    ExecutionEnvironment executionEnvironment;

    Fixtures env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        executionEnvironment = null;
        return this;
    }

    ExecutionEnvironment executionEnvironment() {
        if (executionEnvironment == null) {
            executionEnvironment = ExecutionEnvironment.builder()
                    .environment(Environment.of(env))
                    .clock(clock)
                    .systemProperties(name -> null)
                    .build();
        }
        return executionEnvironment;
    }

    /** @return a builder writing to {@link #out}, in {@link #executionEnvironment()} */
    Metrics.Builder builder() {
        return Metrics.builder().executionEnvironment(executionEnvironment()).output(out.stream());
    }

    Metrics build(Metrics.Builder builder) {
        return builder.build(diagnostics(), new CapturingLogger(invocationLog));
    }

    Metrics metrics() {
        return build(builder());
    }

    /** @return a reporter writing into {@link #diagnosticLines} and {@link #warnings} */
    Diagnostics diagnostics() {
        return Diagnostics.create("io.lambdakit.metrics", "orders", clock, line -> {
            synchronized (warnings) {
                diagnosticLines.add(line);
                warnings.add(message(line));
            }
        });
    }

    private static String message(String line) {
        try {
            return Json.mapper().readTree(line).get("message").asText();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param requestId the request id
     * @return a context of the function {@code orders-fn}, traced with {@link #TRACE_HEADER}
     */
    static TestContext context(String requestId) {
        return contextBuilder(requestId).build();
    }

    /**
     * @param requestId the request id
     * @return a builder of {@link #context(String)}, to add a tenant or drop the trace
     */
    static TestContext.Builder contextBuilder(String requestId) {
        return TestContext.builder().requestId(requestId).functionName("orders-fn").xrayTraceId(TRACE_HEADER);
    }

    /** Runs {@code body} inside an invocation scope of {@code fx}'s execution environment, without flushing. */
    @SuppressWarnings("try")
    static void inInvocation(Fixtures fx, Runnable body) {
        try (var scope = fx.executionEnvironment().enter(Fixtures.context("req-v"))) {
            body.run();
        }
    }

    /** An SLF4J logger recording {@code LEVEL message} lines, every level enabled. */
    static final class CapturingLogger extends org.slf4j.helpers.LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient List<String> lines;

        CapturingLogger(List<String> lines) {
            this.lines = lines;
            this.name = "io.lambdakit.metrics";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, org.slf4j.Marker marker, String pattern,
                                                   Object[] arguments, Throwable throwable) {
            synchronized (lines) {
                lines.add(level + " " + org.slf4j.helpers.MessageFormatter.basicArrayFormat(pattern, arguments));
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
