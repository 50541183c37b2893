package io.lambdakit.benchmarks;

import io.lambdakit.benchmarks.variants.BenchContext;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.logging.LambdaLogging;
import io.lambdakit.logging.LogOutput;
import io.lambdakit.logging.spi.LogSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cost of lambdakit-logging on the request path. Run with {@code -prof gc} to see allocation per call.
 * Goals (issue 4): a disabled DEBUG call costs nanoseconds and allocates nothing; an enabled INFO line
 * with three key-values is well under 1 µs and allocation-light.
 * <ul>
 *   <li>{@code disabledDebug}, {@code disabledDebugFluent}: DEBUG calls on an INFO logger, classic and
 *       fluent; expected a few ns and 0 B/op (the fluent call returns SLF4J's shared no-op builder).</li>
 *   <li>{@code enabledInfoThreeKeyValues}: {@code atInfo().addKeyValue x3 .log(..)} inside an open invocation,
 *       all context keys written, to a sink that only counts bytes; expected a few hundred ns. Allocation is
 *       SLF4J's fluent builder (event, list, pairs, boxed ints); the line itself is rendered without
 *       allocating.</li>
 *   <li>{@code enabledInfoOneArgument}: {@code info("order {} accepted", id)} inside an invocation.</li>
 *   <li>{@code enabledInfoOutsideInvocation}: the same line at init time (no context keys).</li>
 *   <li>{@code enabledInfoToPrintStream}: the three-key-value line through a real {@link PrintStream}
 *       (its lock and flush) over a discarding stream, as stdout is in Lambda.</li>
 *   <li>{@code bufferedDebugLine}: a DEBUG line captured by the per-invocation buffer (rendered, copied,
 *       bounded); the buffer is cleared every 64 lines.</li>
 *   <li>{@code invocationWithOneLine}: a whole {@code LambdaLogging.execute}: scope, state, MDC snapshot and
 *       restore, one INFO line.</li>
 * </ul>
 * Needs lambdakit-logging, lambdakit-core and slf4j-api on the benchmark classpath.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class LoggingBenchmark {

    private static final String TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    /** One request id for every whole-invocation call. */
    private static final BenchContext SHARED_CONTEXT = new BenchContext("bench-invocation", TRACE_HEADER);

    /** Boxed once, so that the caller's autoboxing is not counted as the logger's allocation. */
    private static final Integer ITEMS = 1234;

    /** A sink that keeps nothing but cannot be optimised away. */
    static final class CountingSink implements LogSink {
        volatile long bytes;

        @Override
        public void write(byte[] line, int offset, int length) {
            bytes += length + line[offset];
        }
    }

    /** Outputs and loggers, configured as at function init. */
    @State(Scope.Benchmark)
    public static class Shared {
        ExecutionEnvironment environment;
        LogOutput output;
        LogOutput printStreamOutput;
        LogOutput bufferingOutput;
        Logger logger;
        Logger printStreamLogger;
        Logger bufferingLogger;
        LambdaLogging logging;
        LambdaLogging bufferingLogging;
        final CountingSink sink = new CountingSink();

        @Setup
        public void setUp() {
            environment = ExecutionEnvironment.builder()
                    .environment(Environment.of(Map.of(
                            "POWERTOOLS_SERVICE_NAME", "orders",
                            "POWERTOOLS_LOG_LEVEL", "INFO",
                            "AWS_LAMBDA_FUNCTION_NAME", "bench-fn",
                            "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")))
                    .systemProperties(name -> null)
                    .build();
            output = LogOutput.builder().executionEnvironment(environment).sink(sink).build();
            printStreamOutput = LogOutput.builder().executionEnvironment(environment)
                    .sink(LogSink.of(new PrintStream(OutputStream.nullOutputStream()))).build();
            bufferingOutput = LogOutput.builder().executionEnvironment(environment).sink(sink)
                    .level(org.slf4j.event.Level.DEBUG).buffering(true).bufferMaxBytes(1 << 20).build();
            logger = output.logger("com.acme.orders.Handler");
            printStreamLogger = printStreamOutput.logger("com.acme.orders.Handler");
            bufferingLogger = bufferingOutput.logger("com.acme.orders.Handler");
            logging = LambdaLogging.builder().output(output).build();
            bufferingLogging = LambdaLogging.builder().output(bufferingOutput).build();
        }
    }

    /** One open invocation per benchmark thread (the invocation scope is thread-confined). */
    @State(Scope.Thread)
    public static class InInvocation {
        InvocationScope scope;
        Context context;

        @Setup(Level.Trial)
        public void enter(Shared shared) {
            context = new BenchContext("bench-request-" + Thread.currentThread().getId(), TRACE_HEADER);
            scope = shared.environment.enter(context);
        }

        @TearDown(Level.Trial)
        public void exit() {
            scope.close();
        }
    }

    @Benchmark
    public void disabledDebug(Shared s, InInvocation i) {
        s.logger.debug("order {} has {} items", "o-42", ITEMS);
    }

    @Benchmark
    public void disabledDebugFluent(Shared s, InInvocation i) {
        s.logger.atDebug().addKeyValue("orderId", "o-42").addKeyValue("items", ITEMS).log("order");
    }

    @Benchmark
    public void enabledInfoThreeKeyValues(Shared s, InInvocation i) {
        s.logger.atInfo()
                .addKeyValue("orderId", "o-42")
                .addKeyValue("items", ITEMS)
                .addKeyValue("paid", true)
                .log("order accepted");
    }

    @Benchmark
    public void enabledInfoOneArgument(Shared s, InInvocation i) {
        s.logger.info("order {} accepted", ITEMS);
    }

    @Benchmark
    public void enabledInfoOutsideInvocation(Shared s) {
        s.logger.info("initialising {}", "orders");
    }

    @Benchmark
    public void enabledInfoToPrintStream(Shared s, InInvocation i) {
        s.printStreamLogger.atInfo()
                .addKeyValue("orderId", "o-42")
                .addKeyValue("items", ITEMS)
                .addKeyValue("paid", true)
                .log("order accepted");
    }

    @Benchmark
    public Integer bufferedDebugLine(Shared s) {
        // 64 buffered lines per invocation; the cost per line is this result divided by 64
        return s.bufferingLogging.execute(SHARED_CONTEXT, () -> {
            for (int n = 0; n < 64; n++) {
                s.bufferingLogger.debug("step {} done", n);
            }
            return 64;
        });
    }

    @Benchmark
    public Integer invocationWithOneLine(Shared s) {
        return s.logging.execute(SHARED_CONTEXT, () -> {
            s.logger.info("handled");
            return 1;
        });
    }

}
