package io.lambdakit.idempotency;

import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Wait mode with real threads: the first invocation is held on a latch while a duplicate waits for it. */
class IdempotencyWaitModeTest {

    private final InMemoryIdempotencyStore memory = InMemoryIdempotencyStore.create();
    private final RecordingStore store = new RecordingStore(memory);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final CountDownLatch claimed = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    private Idempotency idempotency(Duration maxWait) {
        return Idempotency.builder().store(store).eventKeyJmesPath("id").maxWaitForInProgress(maxWait)
                .executionEnvironment(ExecutionEnvironment.builder()
                        .environment(Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn"))).build())
                .build();
    }

    private Future<String> holdFirst(Idempotency idempotency, boolean fail) throws InterruptedException {
        Future<String> first = pool.submit(() -> idempotency.execute("op", Map.of("id", "1"),
                FakeContext.create(Clock.systemUTC()), String.class, () -> {
                    runs.incrementAndGet();
                    claimed.countDown();
                    assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                    if (fail) {
                        throw new IllegalStateException("first failed");
                    }
                    return "first";
                }));
        assertThat(claimed.await(20, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private Future<String> duplicate(Idempotency idempotency, long remainingMillis) {
        return pool.submit(() -> idempotency.execute("op", Map.of("id", "1"),
                FakeContext.create(Clock.systemUTC()).withRemainingMillis(remainingMillis), String.class, () -> {
                    runs.incrementAndGet();
                    return "duplicate";
                }));
    }

    private void awaitPolling() throws InterruptedException {
        assertThat(store.firstGet.await(20, TimeUnit.SECONDS)).as("the duplicate polls the store").isTrue();
    }

    @Test
    void duplicate_waitsForInFlightRun_andReturnsItsResult() throws Exception {
        Idempotency idempotency = idempotency(Duration.ofSeconds(20));
        Future<String> first = holdFirst(idempotency, false);
        Future<String> second = duplicate(idempotency, 30_000);
        awaitPolling();

        release.countDown();

        assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(runs).hasValue(1);
    }

    @Test
    void duplicate_whenInFlightRunFails_claimsAndRunsItself() throws Exception {
        Idempotency idempotency = idempotency(Duration.ofSeconds(20));
        Future<String> first = holdFirst(idempotency, true);
        Future<String> second = duplicate(idempotency, 30_000);
        awaitPolling();

        release.countDown();

        assertThat(catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> first.get(20, TimeUnit.SECONDS)))
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("duplicate");
        assertThat(runs).hasValue(2);
    }

    @Test
    void wait_isBoundedByMaxWait_thenThrowsAlreadyInProgress() throws Exception {
        Idempotency idempotency = idempotency(Duration.ofMillis(150));
        holdFirst(idempotency, false);

        IdempotencyAlreadyInProgressException e = catchThrowableOfType(IdempotencyAlreadyInProgressException.class,
                () -> idempotency.execute("op", Map.of("id", "1"), FakeContext.create(Clock.systemUTC()), String.class, () -> "x"));

        assertThat(e.getMessage()).contains("still in progress when the wait ended");
        assertThat(runs).hasValue(1);
    }

    @Test
    void wait_isSkippedWhenTheInvocationHasTooLittleTimeLeft() throws Exception {
        Idempotency idempotency = idempotency(Duration.ofSeconds(20));
        holdFirst(idempotency, false);
        store.calls.clear();

        IdempotencyAlreadyInProgressException e = catchThrowableOfType(IdempotencyAlreadyInProgressException.class,
                () -> idempotency.execute("op", Map.of("id", "1"), FakeContext.create(Clock.systemUTC()).withRemainingMillis(400),
                        String.class, () -> "x"));

        assertThat(e.getMessage()).contains("less than 500 ms left");
        assertThat(store.calls).containsExactly("claim");
    }
}
