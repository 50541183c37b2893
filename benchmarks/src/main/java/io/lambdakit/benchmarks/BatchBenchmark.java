package io.lambdakit.benchmarks;

import io.lambdakit.benchmarks.variants.BenchContext;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectReader;
import io.lambdakit.batch.BatchProcessor;
import io.lambdakit.batch.RecordHandler;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-record overhead of lambdakit-batch's processor (goal: under 1 µs per record beyond the
 * user's handler). Each {@code processor*} benchmark has a {@code baseline*} twin that does the
 * same user work in a plain loop and builds the same (empty) response, so
 * {@code (processorX - baselineX) / records} is the processor's cost per record: the invocation
 * scope, the deadline check, the per-record try/catch and result slot, FIFO detection and the
 * response. {@code processorJson} against {@code baselineJson} isolates the typed-body path
 * (decoder + null check) from Jackson's own parsing, which the user would pay anyway.
 * {@code processorWithFailures} adds failure collection and the SLF4J call (a no-op logger here).
 * {@code processorParallel} shows the per-batch cost of handing records to worker threads; it is
 * not a per-record figure.
 *
 * <p>Needs lambdakit-batch, lambdakit-core and aws-lambda-java-events on the benchmark classpath.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class BatchBenchmark {

    /** An order as a typical queue carries it. */
    public record Order(String id, int quantity, double price) {
    }

    @Param({"10", "100"})
    public int records;

    private SQSEvent event;
    private SQSEvent failingEvent;
    private Context context;
    private long sink;

    private BatchProcessor<SQSEvent, SQSBatchResponse> raw;
    private BatchProcessor<SQSEvent, SQSBatchResponse> json;
    private BatchProcessor<SQSEvent, SQSBatchResponse> withFailures;
    private BatchProcessor<SQSEvent, SQSBatchResponse> parallel;
    private RecordHandler<SQSMessage> rawHandler;
    private RecordHandler<Order> orderHandler;
    private ObjectReader orderReader;
    private static final IllegalStateException FAILURE = new IllegalStateException("preallocated, so the benchmark measures the processor, not fillInStackTrace");

    @Setup
    public void setUp() {
        ExecutionEnvironment environment = ExecutionEnvironment.builder().build();
        context = new BenchContext("bench-batch", null);
        event = event(records, false);
        failingEvent = event(records, true);
        rawHandler = (m, c) -> sink += m.getBody().length();
        orderHandler = (o, c) -> sink += o.quantity();
        orderReader = Json.mapper().readerFor(Order.class);

        raw = BatchProcessor.sqs().executionEnvironment(environment).rawHandler(rawHandler).build();
        json = BatchProcessor.sqs().executionEnvironment(environment).handler(Order.class, orderHandler).build();
        withFailures = BatchProcessor.sqs().executionEnvironment(environment)
                .rawHandler((m, c) -> {
                    if (m.getBody().contains("\"fail\"")) {
                        throw FAILURE;
                    }
                    sink += m.getBody().length();
                })
                .build();
        parallel = BatchProcessor.sqs().executionEnvironment(environment).parallelism(4).rawHandler(rawHandler).build();
    }

    private static SQSEvent event(int n, boolean everyTenthFails) {
        List<SQSMessage> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SQSMessage m = new SQSMessage();
            m.setMessageId("059f36b4-87a3-44ab-83d2-" + String.format("%012d", i));
            m.setReceiptHandle("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a" + i);
            String id = everyTenthFails && i % 10 == 0 ? "fail" : "o-" + i;
            m.setBody("{\"id\":\"" + id + "\",\"quantity\":" + i + ",\"price\":9.99}");
            m.setEventSource("aws:sqs");
            m.setEventSourceArn("arn:aws:sqs:eu-west-1:123456789012:orders");
            m.setAwsRegion("eu-west-1");
            Map<String, String> attributes = new HashMap<>();
            attributes.put("ApproximateReceiveCount", "1");
            attributes.put("SentTimestamp", "1545082649183");
            m.setAttributes(attributes);
            messages.add(m);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(messages);
        return e;
    }

    @Benchmark
    public SQSBatchResponse baselineRaw() throws Exception {
        for (SQSMessage m : event.getRecords()) {
            rawHandler.handle(m, context);
        }
        return new SQSBatchResponse(new ArrayList<>());
    }

    @Benchmark
    public SQSBatchResponse processorRaw() {
        return raw.process(event, context);
    }

    @Benchmark
    public SQSBatchResponse baselineJson() throws Exception {
        for (SQSMessage m : event.getRecords()) {
            orderHandler.handle(orderReader.readValue(m.getBody()), context);
        }
        return new SQSBatchResponse(new ArrayList<>());
    }

    @Benchmark
    public SQSBatchResponse processorJson() {
        return json.process(event, context);
    }

    @Benchmark
    public SQSBatchResponse processorWithFailures() {
        return withFailures.process(failingEvent, context);
    }

    @Benchmark
    public SQSBatchResponse processorParallel() {
        return parallel.process(event, context);
    }

}
