package io.lambdakit.testing.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency on Lambda Managed Instances, end to end: one execution environment of the real runtime
 * interface client runs 8 invocations at once; 40 orders are sent 5 times each, shuffled, so copies of
 * one order are in flight together. Each order's body must run exactly once (counted in DynamoDB Local by
 * the body itself, not inferred from responses), and every other copy must either replay that execution's
 * stored response or be refused with the documented {@code IdempotencyAlreadyInProgressException}.
 */
class ConcurrentIdempotencyIT {

    private static final int ORDERS = 40;
    private static final int COPIES = 5;
    private static final int CONCURRENCY = 8;

    private static DynamoDbLocal dynamoDb;

    @BeforeAll
    static void startDynamoDb() {
        // in a JVM of its own: the function's child JVM reaches it on loopback, and its work does not compete
        // with the test JVM's, which also serves the Runtime API to 8 worker threads
        dynamoDb = DynamoDbLocal.builder().mode(DynamoDbLocal.Mode.SERVER).start();
    }

    @AfterAll
    static void stopDynamoDb() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    @Test
    void overlappingKeys_runEachBodyOnce_andEveryDuplicateReplaysOrIsRefusedAsInProgress() {
        String executions = dynamoDb.createTableWithoutTtl();
        List<String> events = shuffledCopies("o-");
        List<InvocationResult> results;
        try (LocalFunction fn = start(executions, Map.of())) {
            results = fn.invokeAll(events);
            assertThat(fn.environmentsStarted()).as("one execution environment served every invocation").isEqualTo(1);
        }

        int replayed = 0;
        int refused = 0;
        for (Map.Entry<String, List<InvocationResult>> order : byOrder(events, results).entrySet()) {
            Executions.Outcome outcome = Executions.ofOrder(dynamoDb.admin(), executions, order.getKey(), "-", order.getValue(), false);
            replayed += outcome.replayed();
            refused += outcome.refused();
        }
        assertThat(replayed + refused).isEqualTo(ORDERS * (COPIES - 1));
        System.out.printf("%d orders x %d copies, %d at once: %d executions, %d replays, %d refused as in progress%n",
                ORDERS, COPIES, CONCURRENCY, ORDERS, replayed, refused);
    }

    @Test
    void waitModeWithLocalCache_everyDuplicateGetsTheOneExecutionsResponse() {
        String executions = dynamoDb.createTableWithoutTtl();
        List<String> events = shuffledCopies("w-");
        List<InvocationResult> results;
        try (LocalFunction fn = start(executions, Map.of("IDEMPOTENCY_MAX_WAIT_MS", "20000", "IDEMPOTENCY_LOCAL_CACHE", "true"))) {
            results = fn.invokeAll(events);
        }

        for (Map.Entry<String, List<InvocationResult>> order : byOrder(events, results).entrySet()) {
            Executions.Outcome outcome = Executions.ofOrder(dynamoDb.admin(), executions, order.getKey(), "-", order.getValue(), true);
            assertThat(outcome.replayed()).as(order.getKey()).isEqualTo(COPIES - 1);
        }
    }

    private LocalFunction start(String executions, Map<String, String> extra) {
        LocalFunction.Builder b = LocalFunction.builder()
                .handler(ConcurrentOrderHandler.class)
                .functionName("orders-lmi")
                .maxConcurrency(CONCURRENCY)
                .timeout(Duration.ofSeconds(30))
                .environment("IDEMPOTENCY_TABLE", dynamoDb.createTableWithoutTtl())
                .environment("EXECUTIONS_TABLE", executions)
                .environment("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString());
        extra.forEach(b::environment);
        return b.start();
    }

    /**
     * {@code ORDERS} orders, {@code COPIES} copies of each, in a fixed shuffled order that keeps copies close:
     * each run of {@code 2 x COPIES} events holds the copies of two orders, shuffled, so that with 8 in flight
     * the copies of an order mostly run together (fully shuffled, they rarely meet while the body runs).
     */
    private static List<String> shuffledCopies(String prefix) {
        Random random = new Random(20);
        List<Integer> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(i);
        }
        Collections.shuffle(orders, random);
        List<String> events = new ArrayList<>();
        for (int w = 0; w < ORDERS; w += 2) {
            List<String> run = new ArrayList<>();
            for (int i : orders.subList(w, w + 2)) {
                for (int c = 0; c < COPIES; c++) {
                    run.add("{\"orderId\":\"" + prefix + i + "\",\"amount\":" + (i + 1) + "}");
                }
            }
            Collections.shuffle(run, random);
            events.addAll(run);
        }
        return events;
    }

    private static Map<String, List<InvocationResult>> byOrder(List<String> events, List<InvocationResult> results) {
        assertThat(results).hasSameSizeAs(events);
        Map<String, List<InvocationResult>> byOrder = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            String orderId = events.get(i).substring(12, events.get(i).indexOf('"', 12));
            byOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(results.get(i));
        }
        assertThat(byOrder).hasSize(ORDERS);
        return byOrder;
    }
}
