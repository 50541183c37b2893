package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.testing.TestContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Builds isolated outputs: own environment, clock and sink; nothing global. */
public final class TestOutputs {

    /** Function name of every test context. */
    public static final String FUNCTION = "orders";
    /** Its ARN. */
    public static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:orders";

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
     * @param requestId a request id
     * @return a test context of function {@link #FUNCTION}, without tenant or trace
     */
    public static TestContext context(String requestId) {
        return context(requestId, null, null);
    }

    /**
     * @param requestId   a request id
     * @param tenantId    a tenant id or null
     * @param xrayTraceId a trace header or null
     * @return a test context of function {@link #FUNCTION}
     */
    public static TestContext context(String requestId, String tenantId, String xrayTraceId) {
        return TestContext.builder().requestId(requestId).functionName(FUNCTION).invokedFunctionArn(ARN)
                .tenantId(tenantId).xrayTraceId(xrayTraceId).build();
    }

    /**
     * @param sink where lines go
     * @param env  environment variables
     * @return an output over a fresh on-demand execution environment and a clock fixed at {@link #T0}
     */
    public static LogOutput output(CapturingSink sink, Map<String, String> env) {
        return output(sink, env, MutableClock.at(T0), b -> b);
    }

    /**
     * @param sink      where lines go, and the output's reports about its own problems
     * @param env       environment variables
     * @param clock     the clock
     * @param customise builder changes
     * @return the output
     */
    public static LogOutput output(CapturingSink sink, Map<String, String> env, Clock clock,
                                   UnaryOperator<LogOutput.Builder> customise) {
        return customise.apply(LogOutput.builder()
                .executionEnvironment(executionEnvironment(env, clock))
                .sink(sink)
                .warningSink(sink::report)).build();
    }
}
