package io.lambdakit.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent duplicates against DynamoDB Local: 16 threads call the same key at the same moment
 * (a barrier per key), for 200 keys. The body must run exactly once per key; every caller gets
 * that run's result or {@link IdempotencyAlreadyInProgressException}, nothing else.
 */
@ExtendWith(DynamoDbLocal.Extension.class)
class IdempotencyConcurrencyIT {

    private static final int THREADS = 16;
    private static final Environment ENV = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));

    private Idempotency idempotency(DynamoDbLocal ddb, Duration maxWait) {
        DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName(ddb.createTable())
                .client(ddb.client()).environment(ENV).build();
        Idempotency.Builder b = Idempotency.builder().store(store).eventKeyJmesPath("orderId")
                .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).build());
        if (maxWait != null) {
            b.maxWaitForInProgress(maxWait);
        }
        return b.build();
    }

    /** Outcome of every call for one key. */
    private record Outcomes(List<String> results, int inProgress) {
    }

    private Map<Integer, Outcomes> hammer(Idempotency idempotency, int keys, AtomicIntegerArray runs,
                                          Map<Integer, String> produced) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        Map<Integer, List<String>> results = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> inProgress = new ConcurrentHashMap<>();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int key = 0; key < keys; key++) {
                        int k = key;
                        barrier.await(30, TimeUnit.SECONDS);
                        try {
                            String result = idempotency.execute("charge", Map.of("orderId", "order-" + k),
                                    FakeContext.create(Clock.systemUTC()), String.class, () -> {
                                        runs.incrementAndGet(k);
                                        String r = "receipt-" + k + "-" + UUID.randomUUID();
                                        produced.put(k, r);
                                        return r;
                                    });
                            results.computeIfAbsent(k, x -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(result);
                        } catch (IdempotencyAlreadyInProgressException e) {
                            inProgress.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, Outcomes> outcomes = new ConcurrentHashMap<>();
        for (int k = 0; k < keys; k++) {
            outcomes.put(k, new Outcomes(results.getOrDefault(k, List.of()),
                    inProgress.getOrDefault(k, new AtomicInteger()).get()));
        }
        return outcomes;
    }

    @Test
    void sixteenThreadsTimesTwoHundredKeys_bodyRunsOncePerKey_callersGetThatResultOrInProgress(DynamoDbLocal ddb)
            throws Exception {
        int keys = 200;
        AtomicIntegerArray runs = new AtomicIntegerArray(keys);
        Map<Integer, String> produced = new ConcurrentHashMap<>();

        Map<Integer, Outcomes> outcomes = hammer(idempotency(ddb, null), keys, runs, produced);

        for (int k = 0; k < keys; k++) {
            Outcomes o = outcomes.get(k);
            assertThat(runs.get(k)).as("runs of key %d", k).isEqualTo(1);
            assertThat(o.results().size() + o.inProgress()).as("callers of key %d", k).isEqualTo(THREADS);
            assertThat(o.results()).as("results of key %d", k).isNotEmpty().containsOnly(produced.get(k));
        }
    }

    @Test
    void waitMode_concurrentDuplicates_allGetTheOneResult(DynamoDbLocal ddb) throws Exception {
        int keys = 40;
        AtomicIntegerArray runs = new AtomicIntegerArray(keys);
        Map<Integer, String> produced = new ConcurrentHashMap<>();

        Map<Integer, Outcomes> outcomes = hammer(idempotency(ddb, Duration.ofSeconds(20)), keys, runs, produced);

        for (int k = 0; k < keys; k++) {
            assertThat(runs.get(k)).as("runs of key %d", k).isEqualTo(1);
            assertThat(outcomes.get(k).inProgress()).as("in-progress answers for key %d", k).isZero();
            assertThat(outcomes.get(k).results()).hasSize(THREADS).containsOnly(produced.get(k));
        }
    }
}
