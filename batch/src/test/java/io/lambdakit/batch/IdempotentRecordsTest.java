package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.lambdakit.batch.RecordFailure.Reason;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static io.lambdakit.batch.Events.ids;
import static io.lambdakit.batch.Events.sqs;
import static io.lambdakit.batch.Events.sqsMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency per record without a dependency on lambdakit-idempotency: a record handler is a
 * plain function, so an idempotency check wraps it like any decorator. {@link #idempotent} is what
 * {@code Idempotency.execute(..)} does, reduced to an in-memory store: claim the key (failing the
 * record if another invocation holds it), run, mark it done; a repeat of a done key is skipped.
 */
class IdempotentRecordsTest {

    private final ExecutionEnvironment env = ExecutionEnvironment.builder().build();

    /** A minimal idempotency store: key to "in progress by (request id)" or "done". */
    private static final class Store {
        final Map<String, String> records = new ConcurrentHashMap<>();
    }

    static final class AlreadyInProgress extends Exception {
        private static final long serialVersionUID = 1L;

        AlreadyInProgress(String key) {
            super("record " + key + " is being processed by another invocation");
        }
    }

    static <T> RecordHandler<T> idempotent(Store store, Function<T, String> key, RecordHandler<T> handler) {
        return (record, context) -> {
            String k = key.apply(record);
            // the worker thread is inside the invocation: the claim names the request that owns it
            String owner = "in progress by " + InvocationContext.current().orElseThrow().requestId();
            String previous = store.records.putIfAbsent(k, owner);
            if ("done".equals(previous)) {
                return; // a redelivery of a record that was processed: succeed without running it again
            }
            if (previous != null) {
                throw new AlreadyInProgress(k);
            }
            try {
                handler.handle(record, context);
                store.records.put(k, "done");
            } catch (Exception e) {
                store.records.remove(k, owner); // release the claim so the retry can run
                throw e;
            }
        };
    }

    @Test
    void redeliveredRecords_alreadyProcessedAreSkipped_failedOnesRunOnRetry() {
        Store store = new Store();
        Map<String, AtomicInteger> charged = new ConcurrentHashMap<>();
        Set<String> failOnce = ConcurrentHashMap.newKeySet();
        failOnce.addAll(Set.of("o-3", "o-7"));
        RecordHandler<Order> charge = (order, ctx) -> {
            if (failOnce.remove(order.id())) {
                throw new IllegalStateException("payment service timed out for " + order.id());
            }
            charged.computeIfAbsent(order.id(), k -> new AtomicInteger()).incrementAndGet();
        };
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .handler(Order.class, idempotent(store, Order::id, charge))
                .build();
        List<SQSMessage> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(sqsMessage("m-" + i, "{\"id\":\"o-" + i + "\",\"quantity\":1}"));
        }

        SQSBatchResponse firstResponse = processor.process(sqs(first), TestContext.create());
        // Lambda redelivers the failed messages, and SQS (at least once) delivers m-1 a second time
        SQSBatchResponse retryResponse = processor.process(sqs(List.of(first.get(3), first.get(7), first.get(1))), TestContext.create());

        assertThat(ids(firstResponse)).containsExactly("m-3", "m-7");
        assertThat(retryResponse.getBatchItemFailures()).isEmpty();
        assertThat(charged).hasSize(10);
        assertThat(charged.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void duplicateInTheSameParallelBatch_runsOnce_andTheDuplicateIsRetriedThenSkipped() {
        Store store = new Store();
        AtomicInteger charged = new AtomicInteger();
        CountDownLatch duplicateTurnedAway = new CountDownLatch(1);
        List<RecordFailure> failures = new ArrayList<>();
        RecordHandler<Order> charge = (order, ctx) -> {
            duplicateTurnedAway.await(10, TimeUnit.SECONDS); // hold the claim while the duplicate arrives
            charged.incrementAndGet();
        };
        RecordHandler<Order> guarded = idempotent(store, Order::id, charge);
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(2)
                .handler(Order.class, (order, ctx) -> {
                    try {
                        guarded.handle(order, ctx);
                    } catch (AlreadyInProgress e) {
                        duplicateTurnedAway.countDown();
                        throw e;
                    }
                })
                .onFailure((m, f) -> failures.add(f))
                .build();
        SQSMessage original = sqsMessage("m-1", "{\"id\":\"o-1\"}");
        SQSMessage duplicate = sqsMessage("m-2", "{\"id\":\"o-1\"}");

        SQSBatchResponse response = processor.process(sqs(List.of(original, duplicate)), TestContext.create());
        String turnedAway = ids(response).get(0);
        SQSBatchResponse retry = processor.process(sqs(List.of(turnedAway.equals("m-1") ? original : duplicate)), TestContext.create());

        assertThat(ids(response)).hasSize(1);
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(Reason.HANDLER_FAILED);
            assertThat(f.error()).isInstanceOf(AlreadyInProgress.class);
        });
        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(charged.get()).isEqualTo(1);
    }
}
