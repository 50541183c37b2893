package io.lambdakit.core;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class InvocationContextTest {

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void fields_fromContextAndEnvironment_areExposed() {
        ExecutionEnvironment env = ExecutionEnvironment.builder()
                .environment(Environment.of(Map.of("AWS_LAMBDA_FUNCTION_NAME", "ignored-context-wins")))
                .systemProperties(k -> null).build();

        try (InvocationScope s = env.enter(new FakeContext("req-1", 3000, "acme", null))) {
            InvocationContext c = s.context();
            assertThat(c.requestId()).isEqualTo("req-1");
            assertThat(c.functionName()).isEqualTo("fn");
            assertThat(c.functionVersion()).isEqualTo("$LATEST");
            assertThat(c.functionArn()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:fn");
            assertThat(c.memoryLimitMb()).isEqualTo(512);
            assertThat(c.tenantId()).contains("acme");
            assertThat(c.lambdaContext().getAwsRequestId()).isEqualTo("req-1");
            assertThat(c.executionEnvironment()).isSameAs(env);
            assertThat(c.toString()).contains("req-1").contains("on-demand");
        }
    }

    @Test
    void remainingTime_clockAdvances_countsDownToZero() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        ExecutionEnvironment env = ExecutionEnvironment.builder().clock(clock).systemProperties(k -> null).build();

        try (InvocationScope s = env.enter(new FakeContext("r", 3000, null, null))) {
            InvocationContext c = s.context();
            assertThat(c.deadline()).isEqualTo(Instant.parse("2026-11-22T10:00:03Z"));
            assertThat(c.remainingTime()).isEqualTo(Duration.ofSeconds(3));

            clock.advance(Duration.ofMillis(2500));
            assertThat(c.remainingTime()).isEqualTo(Duration.ofMillis(500));

            clock.advance(Duration.ofSeconds(10));
            assertThat(c.remainingTime()).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void wrap_taskOnExecutor_seesTheInvocationAndLeavesWorkerClean() throws Exception {
        ExecutionEnvironment env = ExecutionEnvironment.builder().systemProperties(k -> null).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (InvocationScope s = env.enter(FakeContext.of("r-wrap"))) {
            AtomicReference<String> seen = new AtomicReference<>();

            pool.submit(s.context().wrap(() -> seen.set(InvocationContext.current().map(InvocationContext::requestId).orElse("none"))))
                    .get(5, TimeUnit.SECONDS);
            Future<Optional<InvocationContext>> after = pool.submit(InvocationContext::current);

            assertThat(seen.get()).isEqualTo("r-wrap");
            assertThat(after.get(5, TimeUnit.SECONDS)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void attributes_fromWorkerThreads_areSharedAndCreatedOnce() throws Exception {
        ExecutionEnvironment env = ExecutionEnvironment.builder().systemProperties(k -> null).build();
        InvocationContext.Key<ConcurrentLinkedQueue<Integer>> key = InvocationContext.Key.of("test.queue");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (InvocationScope s = env.enter(FakeContext.of("r-attr"))) {
            CountDownLatch done = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                int n = i;
                s.context().wrap(pool).execute(() -> {
                    InvocationContext.current().orElseThrow().attribute(key, ConcurrentLinkedQueue::new).add(n);
                    done.countDown();
                });
            }

            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(s.context().attribute(key)).hasValueSatisfying(q -> assertThat(q).hasSize(100));
            assertThat(s.context().removeAttribute(key)).isPresent();
            assertThat(s.context().attribute(key)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
