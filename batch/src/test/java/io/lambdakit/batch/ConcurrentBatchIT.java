package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches on Lambda Managed Instances: one execution environment of the real runtime interface client
 * handles 8 batches at once, each processed 4 records at a time by one shared {@link BatchProcessor}.
 * Every invocation must process its own records only, each record exactly once, on threads that see its
 * own invocation, and report as failed exactly its own failed records: no failure of a concurrent batch,
 * none of its own lost.
 */
class ConcurrentBatchIT {

    private static final int BATCHES = 96;
    private static final int RECORDS = 10;
    private static final int CONCURRENCY = 8;
    private static final Pattern PROCESSED = Pattern.compile("processed (b(\\d+)-r\\d+) context (\\S+) thread (\\S+)");

    /** What one batch is made of, and which of its record identifiers must come back as failed. */
    private record Batch(Object event, Set<String> identifiers, Set<String> failing, Set<String> orderIds) {
    }

    @Test
    void concurrentSqsBatches_eachProcessesAndReportsOnlyItsOwnRecords() {
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            List<SQSMessage> messages = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            Set<String> failing = new HashSet<>();
            Set<String> orders = new HashSet<>();
            for (int r = 0; r < RECORDS; r++) {
                String id = "m-" + b + "-" + r;
                String body = body(b, r);
                messages.add(Events.sqsMessage(id, body));
                ids.add(id);
                record(b, r, id, failing, orders);
            }
            batches.add(new Batch(Events.sqs(messages), ids, failing, orders));
        }

        run(ConcurrentBatchHandlers.Sqs.class, batches);
    }

    @Test
    void concurrentKinesisBatches_eachProcessesAndReportsOnlyItsOwnRecords() {
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            List<KinesisEventRecord> records = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            Set<String> failing = new HashSet<>();
            Set<String> orders = new HashSet<>();
            for (int r = 0; r < RECORDS; r++) {
                String sequenceNumber = Long.toString(49_590_000_000_000L + b * 100L + r);
                records.add(Events.kinesisRecord(sequenceNumber, body(b, r).getBytes(StandardCharsets.UTF_8)));
                ids.add(sequenceNumber);
                record(b, r, sequenceNumber, failing, orders);
            }
            batches.add(new Batch(Events.kinesis(records), ids, failing, orders));
        }

        run(ConcurrentBatchHandlers.Kinesis.class, batches);
    }

    /** Record r of batch b: every third fails in the handler, the last of every fourth batch cannot be decoded. */
    private static String body(int b, int r) {
        if (r == RECORDS - 1 && b % 4 == 0) {
            return "not an order";
        }
        return "{\"id\":\"b" + b + "-r" + r + "\",\"quantity\":" + (r % 3 == 1 ? 0 : r + 1) + "}";
    }

    private static void record(int b, int r, String identifier, Set<String> failing, Set<String> orders) {
        boolean undecodable = r == RECORDS - 1 && b % 4 == 0;
        if (!undecodable) {
            orders.add("b" + b + "-r" + r);
        }
        if (undecodable || r % 3 == 1) {
            failing.add(identifier);
        }
    }

    private static void run(Class<?> handler, List<Batch> batches) {
        List<InvocationResult> results;
        List<String> environmentOutput;
        try (LocalFunction fn = LocalFunction.builder().handler(handler).maxConcurrency(CONCURRENCY)
                .timeout(Duration.ofSeconds(30)).start()) {
            results = fn.invokeAll(batches.stream().map(Batch::event).toList());
            environmentOutput = fn.environmentOutput();
            assertThat(fn.environmentsStarted()).as("one execution environment served every batch").isEqualTo(1);
        }
        assertThat(results).hasSameSizeAs(batches);

        for (int b = 0; b < batches.size(); b++) {
            InvocationResult result = results.get(b);
            assertThat(result.succeeded()).as("batch %d (%s): %s", b, result.requestId(), result.error()).isTrue();
            Set<String> reported = new HashSet<>();
            for (JsonNode failure : result.responseJson().path("batchItemFailures")) {
                assertThat(reported.add(failure.path("itemIdentifier").asText())).as("reported once in batch %d", b).isTrue();
            }
            assertThat(reported).as("batchItemFailures of batch %d", b).isEqualTo(batches.get(b).failing());
        }

        // Every "processed" line, wherever the runtime's output put it: each decodable record exactly once, by the
        // invocation its batch was sent in, on a thread that saw that invocation as current.
        Map<String, Integer> processed = new HashMap<>();
        List<String> everyLine = new ArrayList<>(environmentOutput);
        results.forEach(r -> everyLine.addAll(r.stdout()));
        for (String line : everyLine) {
            Matcher m = PROCESSED.matcher(line);
            if (!m.find()) {
                continue;
            }
            int batch = Integer.parseInt(m.group(2));
            String requestId = results.get(batch).requestId();
            assertThat(m.group(3)).as("Context request id of %s", m.group(1)).isEqualTo(requestId);
            assertThat(m.group(4)).as("InvocationContext.current() on the thread that processed %s", m.group(1)).isEqualTo(requestId);
            processed.merge(m.group(1), 1, Integer::sum);
        }
        Set<String> allOrders = new HashSet<>();
        batches.forEach(b -> allOrders.addAll(b.orderIds()));
        assertThat(processed.keySet()).isEqualTo(allOrders);
        assertThat(processed.values()).allSatisfy(n -> assertThat(n).as("times processed").isEqualTo(1));

        // And the local runtime attributed each line to the invocation it names: batch b's output has batch b's records only.
        for (int b = 0; b < batches.size(); b++) {
            int own = b;
            assertThat(results.get(b).stdout().stream().map(PROCESSED::matcher).filter(Matcher::find).map(m -> m.group(1)).toList())
                    .as("records in the output of batch %d", b)
                    .containsExactlyInAnyOrderElementsOf(batches.get(own).orderIds());
        }
    }
}
