package io.lambdakit.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A duplicate-delivery storm against DynamoDB Local over HTTP: 16 execution environments (threads,
 * each with its own SDK client and {@link Idempotency} instance) receive 8 copies of each of 200
 * events, in two lanes of 8 environments that race for one key at a time (a barrier per key). A
 * copy answered with {@link IdempotencyAlreadyInProgressException} is redelivered, as Lambda retries
 * it, once the key's state has changed. Each lane has its own injected clock, so a body can outlive
 * its deadline without anyone waiting for time to pass.
 *
 * <p>Checked for every key: no two bodies ran while both their claims were live; the stored record
 * is {@code COMPLETED} with the result of the last live claim's body, and every copy ends up with
 * exactly that result; no fenced-out writer changed the record; no claimant was locked out by its
 * own claim (every copy waiting on a key nobody is working on is a stalemate, reported as such).
 */
@ExtendWith(DynamoDbLocal.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the plain storm first: it also warms DynamoDB Local up
class IdempotencyStormIT {

    private static final int THREADS = 16;
    private static final int COPIES = 8;
    private static final int LANES = THREADS / COPIES;
    private static final int KEYS = 200;
    private static final long DEADLINE_MILLIS = 30_000;
    private static final Environment ENV = Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"));

    enum Fault {
        /** Duplicates only. */
        NONE,
        /** Every winning claim write lands but its response is lost; the SDK retries it. */
        CLAIM_RESPONSE_LOST,
        /** Every key's first body outlives its deadline; a redelivered copy takes the key over meanwhile. */
        BODY_OUTLIVES_DEADLINE
    }

    /** The shared state of one key: who ran, what each copy got, and a generation counter redeliveries wait on. */
    private static final class KeyState {
        final int key;
        final AtomicInteger bodies = new AtomicInteger();
        final List<Instant> liveDeadlines = new ArrayList<>();
        final String[] finalResults = new String[COPIES];
        final List<String> violations = new CopyOnWriteArrayList<>();
        final CountDownLatch takenOver = new CountDownLatch(1);
        final CountDownLatch staleDone = new CountDownLatch(1);
        volatile int staleCopy = -1;
        private int generation;
        private int waiting;
        private int active = COPIES;
        private boolean stalemate;

        KeyState(int key) {
            this.key = key;
        }

        synchronized int generation() {
            return generation;
        }

        synchronized void changed() {
            generation++;
            notifyAll();
        }

        /** Waits for a change after {@code seen}; false when every active copy is waiting (nobody can change anything). */
        synchronized boolean awaitChange(int seen) throws InterruptedException {
            waiting++;
            try {
                while (generation == seen && !stalemate) {
                    if (waiting == active) {
                        stalemate = true;
                        notifyAll();
                        break;
                    }
                    wait();
                }
                return !stalemate;
            } finally {
                waiting--;
            }
        }

        synchronized void finish(int copy, String result) {
            finalResults[copy] = result;
            active--;
            notifyAll();
        }
    }

    /** One execution environment: its own client, store and engine, on its lane's clock. */
    private record Env(Idempotency idempotency, MutableClock clock) {
    }

    private final class Storm {
        final Fault fault;
        final DynamoDbLocal ddb;
        final String table;
        final KeyState[] keys = new KeyState[KEYS];
        final AtomicInteger dropped = new AtomicInteger();

        Storm(DynamoDbLocal ddb, Fault fault) {
            this.ddb = ddb;
            this.fault = fault;
            this.table = ddb.createTable();
            for (int k = 0; k < KEYS; k++) {
                keys[k] = new KeyState(k);
            }
        }

        Env environment(MutableClock clock) {
            DynamoDbIdempotencyStore store = DynamoDbIdempotencyStore.builder().tableName(table).environment(ENV)
                    .client(fault == Fault.CLAIM_RESPONSE_LOST ? ddb.client(new LostClaimResponses(Integer.MAX_VALUE, dropped))
                            : ddb.client())
                    .build();
            Idempotency idempotency = Idempotency.builder().store(store).eventKeyJmesPath("orderId")
                    .executionEnvironment(ExecutionEnvironment.builder().environment(ENV).clock(clock).build()).build();
            store.get("warm-up"); // the client's first round trip happens at init, as in a warmed environment
            return new Env(idempotency, clock);
        }

        void run() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int lane = 0; lane < LANES; lane++) {
                    MutableClock clock = new MutableClock(DynamoDbLocal.CLOCK_START);
                    CyclicBarrier barrier = new CyclicBarrier(COPIES);
                    for (int copy = 0; copy < COPIES; copy++) {
                        Env env = environment(clock);
                        int l = lane;
                        int c = copy;
                        workers.add(pool.submit(() -> {
                            for (int k = l; k < KEYS; k += LANES) {
                                barrier.await(60, TimeUnit.SECONDS);
                                deliver(env, keys[k], c);
                            }
                            return null;
                        }));
                    }
                }
                for (Future<?> w : workers) {
                    w.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        void deliver(Env env, KeyState state, int copy) throws Exception {
            while (true) {
                int seen = state.generation();
                FakeContext context = FakeContext.create(env.clock()).withRemainingMillis(DEADLINE_MILLIS);
                String result = null;
                Throwable failure = null;
                try {
                    result = env.idempotency().execute(operation(state.key), Map.of("orderId", "order-" + state.key), context,
                            String.class, () -> body(env, state, copy, context));
                } catch (IdempotencyAlreadyInProgressException e) {
                    if (!state.awaitChange(seen)) {
                        state.violations.add("copy " + copy + " locked out: every copy got IdempotencyAlreadyInProgressException"
                                + " and no body is running");
                        state.finish(copy, "locked out");
                        return;
                    }
                    continue;
                } catch (Exception e) {
                    failure = e;
                }
                if (state.staleCopy == copy && state.staleDone.getCount() > 0) {
                    checkStaleWriterChangedNothing(state, result, failure);
                    state.staleDone.countDown();
                    state.changed();
                    continue; // Lambda redelivers the failed invocation
                }
                state.changed();
                if (failure != null) {
                    state.violations.add("copy " + copy + " failed: " + failure);
                    state.finish(copy, "failed");
                } else {
                    state.finish(copy, result);
                }
                return;
            }
        }

        void checkStaleWriterChangedNothing(KeyState state, String result, Throwable failure) {
            boolean reported = state.key % 2 == 0
                    ? failure instanceof IdempotencyClaimLostException
                    : failure instanceof IllegalStateException && failure.getSuppressed().length == 1
                            && failure.getSuppressed()[0] instanceof IdempotencyClaimLostException;
            if (!reported) {
                state.violations.add("the fenced-out writer (copy " + state.staleCopy + ") was not told it lost its claim: it "
                        + (failure == null ? "returned " + result : "threw " + failure));
            }
            Map<String, AttributeValue> item = item(state.key, failure);
            if (!item.containsKey("status") || !item.get("status").s().equals("INPROGRESS") || item.containsKey("data")) {
                state.violations.add("the fenced-out writer (copy " + state.staleCopy + ", which "
                        + (failure == null ? "returned " + result : "threw " + failure) + ") changed the new claim's record to " + item);
            }
        }

        String body(Env env, KeyState state, int copy, FakeContext context) throws Exception {
            Instant now = env.clock().instant();
            Instant deadline = now.plusMillis(context.getRemainingTimeInMillis());
            int n = state.bodies.incrementAndGet();
            synchronized (state.liveDeadlines) {
                for (Instant other : state.liveDeadlines) {
                    if (!other.isBefore(now)) {
                        state.violations.add("body " + n + " started at " + now + " while a body whose claim is live until "
                                + other + " was running");
                    }
                }
                state.liveDeadlines.add(deadline);
            }
            try {
                if (fault == Fault.BODY_OUTLIVES_DEADLINE && n == 1) {
                    state.staleCopy = copy;
                    env.clock().advance(Duration.ofMillis(DEADLINE_MILLIS + 1_000));
                    state.changed(); // the claim can be taken over now: waiting copies are redelivered
                    await(state.takenOver, state, "a redelivered copy to take the key over");
                    if (state.key % 2 == 1) {
                        throw new IllegalStateException("stale body of key " + state.key + " failed");
                    }
                    return "receipt-" + state.key + "-stale";
                }
                if (fault == Fault.BODY_OUTLIVES_DEADLINE && n == 2) {
                    state.takenOver.countDown();
                    await(state.staleDone, state, "the stale body's write");
                }
                return "receipt-" + state.key + "-" + n;
            } finally {
                synchronized (state.liveDeadlines) {
                    state.liveDeadlines.remove(deadline);
                }
            }
        }

        /**
         * @return the stored item of {@code key} (operation {@code charge-<key>}), read with strong consistency:
         *         by the idempotency key the claim-lost report names, else from a scan
         */
        Map<String, AttributeValue> item(int key, Throwable outcome) {
            IdempotencyClaimLostException lost = outcome instanceof IdempotencyClaimLostException l ? l
                    : outcome != null && outcome.getSuppressed().length == 1
                    && outcome.getSuppressed()[0] instanceof IdempotencyClaimLostException s ? s : null;
            if (lost != null) {
                return ddb.admin().getItem(b -> b.tableName(table).consistentRead(true)
                        .key(Map.of("id", AttributeValue.fromS(lost.key())))).item();
            }
            return all().getOrDefault(operation(key), Map.of());
        }

        /** @return every stored item by its operation name (the key's prefix up to '#') */
        Map<String, Map<String, AttributeValue>> all() {
            Map<String, Map<String, AttributeValue>> byOperation = new java.util.HashMap<>();
            for (Map<String, AttributeValue> i : ddb.admin().scanPaginator(b -> b.tableName(table).consistentRead(true)).items()) {
                String id = i.get("id").s();
                byOperation.put(id.substring("orders.".length(), id.indexOf('#')), i);
            }
            return byOperation;
        }

        void assertEveryKey(int expectedBodies) {
            Map<String, Map<String, AttributeValue>> items = all();
            for (KeyState state : keys) {
                assertThat(state.violations).as("key %d", state.key).isEmpty();
                assertThat(state.bodies).as("bodies of key %d", state.key).hasValue(expectedBodies);
                Map<String, AttributeValue> item = items.getOrDefault(operation(state.key), Map.of());
                assertThat(item).as("record of key %d", state.key).containsEntry("status", AttributeValue.fromS("COMPLETED"));
                String stored = item.get("data").s();
                assertThat(stored).as("stored result of key %d", state.key)
                        .isEqualTo("receipt-" + state.key + "-" + expectedBodies);
                assertThat(state.finalResults).as("what the copies of key %d got", state.key).containsOnly(stored);
            }
        }

    }

    private static String operation(int key) {
        return "charge-" + key;
    }

    private static void await(CountDownLatch latch, KeyState state, String what) throws InterruptedException {
        if (!latch.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("key " + state.key + ": no progress waiting for " + what);
        }
    }

    @Test
    @Order(1)
    void duplicateStorm_eachBodyRunsOnce_everyCopyGetsItsResult(DynamoDbLocal ddb) throws Exception {
        Storm storm = new Storm(ddb, Fault.NONE);

        storm.run();

        storm.assertEveryKey(1);
    }

    @Test
    @Order(2)
    void duplicateStorm_claimResponsesLost_claimantsRecogniseTheirOwnClaims(DynamoDbLocal ddb) throws Exception {
        Storm storm = new Storm(ddb, Fault.CLAIM_RESPONSE_LOST);

        storm.run();

        assertThat(storm.dropped).as("claim responses dropped: one per key").hasValue(KEYS);
        storm.assertEveryKey(1);
    }

    @Test
    @Order(3)
    void duplicateStorm_bodiesOutliveTheirDeadlines_fencedOutWritesChangeNothing(DynamoDbLocal ddb) throws Exception {
        Storm storm = new Storm(ddb, Fault.BODY_OUTLIVES_DEADLINE);

        storm.run();

        storm.assertEveryKey(2);
    }
}
