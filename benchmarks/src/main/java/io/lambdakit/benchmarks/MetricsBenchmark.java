package io.lambdakit.benchmarks;

import io.lambdakit.benchmarks.variants.BenchContext;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;
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

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cost of lambdakit-metrics on the request path (goal: adding a metric and flushing a 10-metric blob take
 * a few microseconds at most, no reflection, no ObjectMapper at flush).
 * <ul>
 *   <li>{@code invocationWithTenMetrics}: a whole {@code execute} invocation: open the scope, add 10
 *       metrics with a dimension, flush one 10-metric blob to a discarding stdout, close the scope.</li>
 *   <li>{@code add}: one {@code add(..)} into the current invocation's buffer; every 100th call also flushes
 *       (so 1/100 of a 10-metric, 10-value flush is included), which keeps the buffer bounded.</li>
 *   <li>{@code encodeTenMetricBlob}: the blob the EMF encoder is measured on (two dimensions, one metadata key,
 *       ten metrics of two units), built and flushed through the public API to a discarding stdout inside an open
 *       invocation; minus ten times {@code add} it is the cost of encoding and writing one 10-metric blob.</li>
 *   <li>{@code flushTenMetricBlob}: 10 adds and an explicit {@code flush()} inside an already open invocation.</li>
 * </ul>
 * Public API only (the EMF codec is measured inside {@code flushTenMetricBlob}, as users reach it). Needs
 * lambdakit-metrics and lambdakit-core on the benchmark classpath.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class MetricsBenchmark {

    private static final String TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private static final String[] NAMES = {"Orders", "Latency", "Items", "Bytes", "Retries", "Hits", "Misses", "Queue", "Errors", "Paid"};

    /** One Metrics instance writing to a discarding stdout, as configured at function init. */
    @State(Scope.Benchmark)
    public static class Shared {
        Metrics metrics;
        ExecutionEnvironment environment;
        Context context;

        @Setup
        public void setUp() {
            environment = ExecutionEnvironment.builder()
                    .environment(Environment.of(Map.of(
                            "POWERTOOLS_METRICS_NAMESPACE", "Bench",
                            "POWERTOOLS_SERVICE_NAME", "orders",
                            "AWS_LAMBDA_FUNCTION_NAME", "bench-fn",
                            "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")))
                    .systemProperties(name -> null)
                    .build();
            metrics = Metrics.builder()
                    .executionEnvironment(environment)
                    .output(new PrintStream(OutputStream.nullOutputStream()))
                    .build();
            context = new BenchContext("bench-request", TRACE_HEADER);
        }
    }

    /** An invocation kept open on the benchmark thread for the whole iteration. */
    @State(Scope.Thread)
    public static class OpenInvocation {
        InvocationScope scope;
        int calls;

        @Setup(Level.Iteration)
        public void open(Shared shared) {
            scope = shared.environment.enter(new BenchContext("bench-open-" + System.nanoTime(), TRACE_HEADER));
            calls = 0;
        }

        @TearDown(Level.Iteration)
        public void close(Shared shared) {
            shared.metrics.flush();
            scope.close();
        }
    }

    @Benchmark
    public Object invocationWithTenMetrics(Shared s) {
        Metrics m = s.metrics;
        return m.execute(s.context, () -> {
            m.addDimension("Channel", "web");
            for (int i = 0; i < NAMES.length; i++) {
                m.add(NAMES[i], i, MetricUnit.COUNT);
            }
            return m;
        });
    }

    @Benchmark
    public Object add(Shared s, OpenInvocation open) {
        Metrics m = s.metrics.add(NAMES[open.calls % NAMES.length], open.calls, MetricUnit.COUNT);
        if (++open.calls % 100 == 0) {
            m.flush();
        }
        return m;
    }

    @Benchmark
    public Object flushTenMetricBlob(Shared s, OpenInvocation open) {
        Metrics m = s.metrics;
        for (int i = 0; i < NAMES.length; i++) {
            m.add(NAMES[i], i, MetricUnit.COUNT);
        }
        m.flush();
        return m;
    }

    @Benchmark
    public Object encodeTenMetricBlob(Shared s, OpenInvocation open) {
        Metrics m = s.metrics.addDimension("Channel", "web").addMetadata("orderId", "o-1");
        for (int i = 0; i < NAMES.length; i++) {
            m.add(NAMES[i], i * 1.5, i % 2 == 0 ? MetricUnit.COUNT : MetricUnit.MILLISECONDS);
        }
        m.flush();
        return m;
    }

}
