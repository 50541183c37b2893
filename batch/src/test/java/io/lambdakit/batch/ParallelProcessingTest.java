package io.lambdakit.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.lambdakit.batch.RecordFailure.Reason;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.testing.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static io.lambdakit.batch.Events.ids;
import static io.lambdakit.batch.Events.sqs;
import static io.lambdakit.batch.Events.sqsMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelProcessingTest {

    private static final InvocationContext.Key<Queue<String>> SEEN = InvocationContext.Key.of("test.seen");

    private final ExecutionEnvironment env = ExecutionEnvironment.builder().build();
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        CapturedLogs.clear();
    }

    @AfterEach
    void tearDown() {
        MDC.clear();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    static LongStream seeds() {
        return LongStream.range(1, 31);
    }

    /** 1,000 records, random handler failures and random undecodable bodies, 8 workers. */
    @ParameterizedTest
    @MethodSource("seeds")
    void parallel_1000RecordsWithRandomFailures_reportsExactlyTheFailedIdsOnce(long seed) {
        Random random = new Random(seed);
        double failureRate = 0.05 + random.nextDouble() * 0.5;
        List<SQSMessage> messages = new ArrayList<>();
        List<String> expectedFailed = new ArrayList<>();
        Set<String> failing = ConcurrentHashMap.newKeySet();
        Set<String> decodable = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 1000; i++) {
            String id = "m-" + i;
            int roll = random.nextInt(100);
            if (roll < 3) {
                messages.add(sqsMessage(id, "{broken"));
                expectedFailed.add(id);
                continue;
            }
            decodable.add(id);
            messages.add(sqsMessage(id, "{\"id\":\"" + id + "\",\"quantity\":" + i + "}"));
            if (random.nextDouble() < failureRate) {
                failing.add(id);
                expectedFailed.add(id);
            }
        }
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CyclicBarrier firstTwo = new CyclicBarrier(2);
        AtomicInteger arrivals = new AtomicInteger();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(8)
                .handler(Order.class, (order, ctx) -> {
                    if (arrivals.incrementAndGet() <= 2) {
                        firstTwo.await(10, TimeUnit.SECONDS); // at least two threads share the batch
                    }
                    calls.computeIfAbsent(order.id(), k -> new AtomicInteger()).incrementAndGet();
                    threads.add(Thread.currentThread());
                    if ((order.quantity() & 7) == 0) {
                        Thread.yield();
                    }
                    if (failing.contains(order.id())) {
                        throw new IllegalStateException("failed " + order.id());
                    }
                })
                .build();

        SQSBatchResponse response = processor.process(sqs(messages), TestContext.create());

        assertThat(ids(response)).containsExactlyElementsOf(expectedFailed);
        assertThat(calls.keySet()).isEqualTo(decodable);
        assertThat(calls.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        assertThat(threads).hasSizeGreaterThan(1);
    }

    @RepeatedTest(10)
    void parallel_concurrencyReachesButNeverExceedsParallelism() {
        int parallelism = 4;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CyclicBarrier rounds = new CyclicBarrier(parallelism);
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(parallelism)
                .rawHandler((m, ctx) -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        rounds.await(10, TimeUnit.SECONDS); // every round needs exactly `parallelism` records at once
                    } finally {
                        running.decrementAndGet();
                    }
                })
                .build();

        SQSBatchResponse response = processor.process(sqs(40), TestContext.create());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(maxRunning.get()).isEqualTo(parallelism);
    }

    @RepeatedTest(10)
    void parallel_workersSeeTheCallersInvocationContextAndShareItsAttributes() {
        Set<InvocationContext> contexts = ConcurrentHashMap.newKeySet();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CyclicBarrier together = new CyclicBarrier(3);
        AtomicInteger arrivals = new AtomicInteger();
        TestContext lambdaContext = TestContext.create();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(3)
                .rawHandler((m, ctx) -> {
                    if (arrivals.incrementAndGet() <= 3) {
                        together.await(10, TimeUnit.SECONDS); // forces three threads
                    }
                    InvocationContext current = InvocationContext.current().orElseThrow();
                    contexts.add(current);
                    threads.add(Thread.currentThread());
                    current.attribute(SEEN, ConcurrentLinkedQueue::new).add(m.getMessageId());
                })
                .build();

        processor.process(sqs(60), lambdaContext);

        assertThat(threads).hasSizeGreaterThanOrEqualTo(3);
        assertThat(contexts).singleElement().satisfies(c -> {
            assertThat(c.requestId()).isEqualTo(lambdaContext.getAwsRequestId());
            assertThat(c.attribute(SEEN)).get().satisfies(q -> assertThat(q).hasSize(60).doesNotHaveDuplicates());
        });
        assertThat(InvocationContext.current()).isEmpty();
    }

    @Test
    void parallel_insideAnOpenScope_workersShareTheOuterContext() {
        Set<InvocationContext> contexts = ConcurrentHashMap.newKeySet();
        TestContext lambdaContext = TestContext.create();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .rawHandler((m, ctx) -> contexts.add(InvocationContext.current().orElseThrow()))
                .build();

        try (InvocationScope outer = env.enter(lambdaContext)) {
            processor.process(sqs(50), lambdaContext);

            assertThat(contexts).containsExactly(outer.context());
            assertThat(InvocationContext.current()).containsSame(outer.context());
        }
    }

    @RepeatedTest(5)
    void parallel_mdcOfTheCallerIsCopiedIntoWorkers() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        CyclicBarrier together = new CyclicBarrier(2);
        AtomicInteger arrivals = new AtomicInteger();
        MDC.put("correlation_id", "c-42");
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(2)
                .rawHandler((m, ctx) -> {
                    if (arrivals.incrementAndGet() <= 2) {
                        together.await(10, TimeUnit.SECONDS);
                    }
                    seen.put(m.getMessageId(), String.valueOf(MDC.get("correlation_id")));
                })
                .build();

        processor.process(sqs(20), TestContext.create());

        assertThat(seen).hasSize(20);
        assertThat(seen.values()).containsOnly("c-42");
        assertThat(MDC.get("correlation_id")).isEqualTo("c-42");
    }

    @Test
    void parallel_failuresLoggedFromWorkersCarryTheCallersMdc() {
        MDC.put("correlation_id", "c-7");
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .rawHandler((m, ctx) -> {
                    throw new IllegalStateException("down");
                })
                .build();

        processor.process(sqs(10), TestContext.create());

        assertThat(CapturedLogs.at(Level.ERROR)).hasSize(10)
                .allSatisfy(e -> assertThat(e.mdc()).containsEntry("correlation_id", "c-7"));
    }

    @Test
    void executor_user_receivesAtMostParallelismMinusOneWorkers() {
        pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "user-pool"));
        AtomicInteger submitted = new AtomicInteger();
        Set<String> threadNames = ConcurrentHashMap.newKeySet();
        CyclicBarrier together = new CyclicBarrier(4);
        AtomicInteger arrivals = new AtomicInteger();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .executor(task -> {
                    submitted.incrementAndGet();
                    pool.execute(task);
                })
                .rawHandler((m, ctx) -> {
                    if (arrivals.incrementAndGet() <= 4) {
                        together.await(10, TimeUnit.SECONDS);
                    }
                    threadNames.add(Thread.currentThread().getName());
                })
                .build();

        processor.process(sqs(100), TestContext.create());

        assertThat(submitted.get()).isEqualTo(3);
        assertThat(threadNames).contains("user-pool", Thread.currentThread().getName());
    }

    @Test
    void executor_rejectingEveryWorker_callerProcessesTheWholeBatch() {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .executor(task -> {
                    throw new RejectedExecutionException("saturated");
                })
                .rawHandler((m, ctx) -> {
                    handled.add(m.getMessageId());
                    threads.add(Thread.currentThread());
                })
                .build();

        SQSBatchResponse first = processor.process(sqs(30), TestContext.create());
        SQSBatchResponse second = processor.process(sqs(30), TestContext.create());

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(handled).hasSize(60);
        assertThat(Set.copyOf(handled)).hasSize(30);
        assertThat(threads).containsExactly(Thread.currentThread());
        assertThat(CapturedLogs.at(Level.WARN)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("rejected a worker"));
    }

    @Test
    void executor_thatNeverRunsItsTasks_doesNotDelayTheBatch_andLateWorkersDoNothing() {
        List<Runnable> held = new ArrayList<>();
        AtomicInteger handled = new AtomicInteger();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .executor(held::add)
                .rawHandler((m, ctx) -> handled.incrementAndGet())
                .build();

        SQSBatchResponse response = processor.process(sqs(25), TestContext.create());
        held.forEach(Runnable::run);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(held).hasSize(3);
        assertThat(handled.get()).isEqualTo(25);
    }

    @Test
    void executor_runningTasksOnTheCallingThread_processesEveryRecordOnce() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(3)
                .executor(Runnable::run)
                .rawHandler((m, ctx) -> {
                    calls.computeIfAbsent(m.getMessageId(), k -> new AtomicInteger()).incrementAndGet();
                    if (m.getMessageId().endsWith("3")) {
                        throw new IllegalStateException("down");
                    }
                })
                .build();

        SQSBatchResponse response = processor.process(sqs(20), TestContext.create());

        assertThat(ids(response)).containsExactly("m-3", "m-13");
        assertThat(calls).hasSize(20);
        assertThat(calls.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        assertThat(InvocationContext.current()).isEmpty();
    }

    @Test
    void defaultWorkers_areVirtualThreadsOnJava21AndLater_elsePooledPlatformThreads() {
        Set<String> workerNames = ConcurrentHashMap.newKeySet();
        CyclicBarrier together = new CyclicBarrier(2);
        AtomicInteger arrivals = new AtomicInteger();
        String caller = Thread.currentThread().getName();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(2)
                .rawHandler((m, ctx) -> {
                    if (arrivals.incrementAndGet() <= 2) {
                        together.await(10, TimeUnit.SECONDS);
                    }
                    if (!Thread.currentThread().getName().equals(caller)) {
                        workerNames.add(Thread.currentThread().getName());
                    }
                })
                .build();

        processor.process(sqs(10), TestContext.create());

        String expectedPrefix = Runtime.version().feature() >= 21 ? "lambdakit-batch-v" : "lambdakit-batch-";
        assertThat(workerNames).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith(expectedPrefix).matches(".*-v?\\d+"));
    }

    @Test
    void parallel_outOfMemoryErrorInAWorker_stopsStartingRecordsAndPropagates() {
        AtomicInteger handled = new AtomicInteger();
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .rawHandler((m, ctx) -> {
                    handled.incrementAndGet();
                    if (m.getMessageId().equals("m-5")) {
                        throw new OutOfMemoryError("simulated");
                    }
                })
                .build();

        assertThatThrownBy(() -> processor.process(sqs(1000), TestContext.create()))
                .isInstanceOf(OutOfMemoryError.class).hasMessage("simulated");
        assertThat(handled.get()).isLessThan(1000);
    }

    @Test
    void parallel_sameProcessorUsedByConcurrentInvocations_keepsTheirResultsApart() throws Exception {
        pool = Executors.newFixedThreadPool(4);
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .rawHandler((m, ctx) -> {
                    if (m.getBody().equals(ctx.getAwsRequestId())) {
                        throw new IllegalStateException("marked");
                    }
                })
                .build();
        List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        for (int inv = 0; inv < 8; inv++) {
            TestContext ctx = TestContext.create();
            List<SQSMessage> messages = new ArrayList<>();
            List<String> failing = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean fail = (i + inv) % 7 == 0;
                String id = "inv" + inv + "-m" + i;
                messages.add(sqsMessage(id, fail ? ctx.getAwsRequestId() : "ok"));
                if (fail) {
                    failing.add(id);
                }
            }
            expected.add(failing);
            results.add(pool.submit(() -> ids(processor.process(sqs(messages), ctx))));
        }

        for (int inv = 0; inv < 8; inv++) {
            assertThat(results.get(inv).get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(expected.get(inv));
        }
    }

    @Test
    void parallel_recordFailureReasons_areReportedPerSlot() {
        List<RecordFailure> failures = Collections.synchronizedList(new ArrayList<>());
        BatchProcessor<SQSEvent, SQSBatchResponse> processor = BatchProcessor.sqs().executionEnvironment(env)
                .parallelism(4)
                .handler(Order.class, (o, ctx) -> {
                    throw new IllegalStateException("down");
                })
                .onFailure((m, f) -> failures.add(f))
                .build();

        processor.process(sqs(List.of(sqsMessage("a", "{}"), sqsMessage("b", "nope"), sqsMessage("c", "{}"))), TestContext.create());

        assertThat(failures).extracting(RecordFailure::itemIdentifier, RecordFailure::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", Reason.HANDLER_FAILED),
                org.assertj.core.groups.Tuple.tuple("b", Reason.UNDECODABLE),
                org.assertj.core.groups.Tuple.tuple("c", Reason.HANDLER_FAILED));
    }
}
