package io.lambdakit.logging;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Builds isolated outputs: own environment, clock and sink; nothing global. */
public final class TestOutputs {

    /** The instant test clocks start at. */
    public static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123Z");

    private TestOutputs() {
    }

    /**
     * @param env   environment variables
     * @param clock the clock
     * @return an execution environment of its own (fresh cold-start state), with no system properties
     */
    public static ExecutionEnvironment executionEnvironment(Map<String, String> env, Clock clock) {
        return ExecutionEnvironment.builder()
                .environment(Environment.of(env))
                .clock(clock)
                .systemProperties(name -> null)
                .build();
    }

    /**
     * @param sink where lines go
     * @param env  environment variables
     * @return an output over a fresh on-demand execution environment and a clock fixed at {@link #T0}
     */
    public static LogOutput output(CapturingSink sink, Map<String, String> env) {
        return output(sink, env, new MutableClock(T0), b -> b);
    }

    /**
     * @param sink      where lines go
     * @param env       environment variables
     * @param clock     the clock
     * @param customise builder changes
     * @return the output
     */
    public static LogOutput output(CapturingSink sink, Map<String, String> env, Clock clock,
                                   UnaryOperator<LogOutput.Builder> customise) {
        return customise.apply(LogOutput.builder()
                .executionEnvironment(executionEnvironment(env, clock))
                .sink(sink)).build();
    }
}
