package io.lambdakit.metrics;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.metrics.internal.Diagnostics;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared test setup: a fixed clock, an environment from a map, captured output and diagnostics. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final long NOW_MILLIS = NOW.toEpochMilli();

    final EmfOutput out = new EmfOutput();
    final MutableClock clock = new MutableClock(NOW);
    final List<String> warnings = new ArrayList<>();
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
        return builder.build(diagnostics());
    }

    Metrics metrics() {
        return build(builder());
    }

    /** A clock tests move by hand; never sleeps. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(java.time.Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    Diagnostics diagnostics() {
        return new Diagnostics() {
            @Override
            public void warn(String message) {
                synchronized (warnings) {
                    warnings.add(message);
                }
            }

            @Override
            public void debug(String message) {
            }
        };
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** Runs {@code body} inside an invocation scope of {@code fx}'s execution environment, without flushing. */
    @SuppressWarnings("try")
    static void inInvocation(Fixtures fx, Runnable body) {
        try (var scope = fx.executionEnvironment().enter(SimpleContext.of("req-v"))) {
            body.run();
        }
    }
}
