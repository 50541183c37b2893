package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.tracing.TracingFixture.Facade;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.lambdakit.tracing.TracingFixture.invocation;
import static io.lambdakit.tracing.TracingFixture.sampled;
import static org.assertj.core.api.Assertions.assertThat;

/** Work handed to other threads stays in its trace; concurrent invocations never share a subsegment. */
class ContextPropagationIT {

    private final TracingFixture fx = new TracingFixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        fx.close();
    }

    @Test
    void tasksOnAWrappedExecutor_areRecordedUnderTheSubsegmentThatSubmittedThem() {
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(sampled()), () -> tracer.trace("fanout", () -> {
                List<CompletableFuture<String>> parts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int part = i;
                    parts.add(CompletableFuture.supplyAsync(() -> tracer.trace("part" + part, () -> {
                        tracer.putAnnotation("part", part);
                        return Thread.currentThread().getName();
                    }), tracer.wrap(pool)));
                }
                return parts.stream().map(CompletableFuture::join).toList();
            }));

            JsonNode fanout = fx.daemon.takeOne().path("subsegments").get(0);
            assertThat(fanout.path("name").asText()).isEqualTo("## fanout");
            assertThat(fanout.path("subsegments")).extracting(n -> n.path("name").asText())
                    .containsExactlyInAnyOrder("## part0", "## part1", "## part2");
            for (JsonNode part : fanout.path("subsegments")) {
                assertThat(part.path("name").asText()).endsWith(part.path("annotations").path("part").asText());
            }
            assertThat(fx.daemon.isEmpty()).isTrue();
        }
    }

    @Test
    void wrappedCallable_seesTheInvocationAndItsSubsegment() throws Exception {
        try (Tracer tracer = fx.tracer()) {
            Facade facade = sampled();

            String header = tracer.execute(invocation(facade), () -> {
                try {
                    return pool.submit(tracer.wrap(() -> tracer.traceHeader().orElse("none"))).get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            JsonNode handler = fx.daemon.takeOne();
            assertThat(header).isEqualTo("Root=" + facade.traceId() + ";Parent=" + handler.path("id").asText() + ";Sampled=1");
            Future<Boolean> outside = pool.submit(() -> tracer.traceHeader().isPresent());
            assertThat(outside.get()).as("nothing leaks into the worker thread afterwards").isFalse();
        }
    }

    @Test
    void taskThatOutlivesItsParent_isSentOnItsOwn_pointingAtTheParent() throws Exception {
        CountDownLatch parentEnded = new CountDownLatch(1);
        CountDownLatch taskDone = new CountDownLatch(1);
        try (Tracer tracer = fx.tracer()) {

            tracer.execute(invocation(sampled()), () -> tracer.trace("async", () -> {
                pool.execute(tracer.wrap(() -> {
                    try {
                        assertThat(parentEnded.await(5, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    tracer.trace("late", () -> null);
                    taskDone.countDown();
                }));
                return "started";
            }));
            JsonNode handler = fx.daemon.takeOne();
            parentEnded.countDown();
            assertThat(taskDone.await(5, TimeUnit.SECONDS)).isTrue();

            JsonNode late = fx.daemon.takeOne();
            JsonNode async = handler.path("subsegments").get(0);
            assertThat(async.has("subsegments")).isFalse();
            assertThat(late.path("name").asText()).isEqualTo("## late");
            assertThat(late.path("type").asText()).isEqualTo("subsegment");
            assertThat(late.path("parent_id").asText()).isEqualTo(async.path("id").asText());
            assertThat(late.path("trace_id").asText()).isEqualTo(handler.path("trace_id").asText());
        }
    }

    @Test
    void concurrentInvocations_neverShareASubsegment() throws Exception {
        int threads = 4;
        int rounds = 40;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        Map<String, Integer> traceToWorker = new java.util.concurrent.ConcurrentHashMap<>();
        try (Tracer tracer = fx.tracer()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        Facade facade = sampled();
                        traceToWorker.put(facade.traceId(), worker);
                        barrier.await(5, TimeUnit.SECONDS);
                        tracer.execute(invocation(facade), () -> tracer.trace("work", () -> {
                            tracer.putAnnotation("worker", worker);
                            return tracer.trace("inner", () -> worker);
                        }));
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }

            List<XRayDaemon.Datagram> docs = fx.daemon.takeDatagrams(threads * rounds, Duration.ofSeconds(10));
            Map<String, Integer> perTrace = new HashMap<>();
            for (XRayDaemon.Datagram d : docs) {
                JsonNode handler = d.document();
                int worker = traceToWorker.get(handler.path("trace_id").asText());
                JsonNode work = handler.path("subsegments");
                assertThat(work).hasSize(1);
                assertThat(work.get(0).path("annotations").path("worker").asInt()).isEqualTo(worker);
                assertThat(work.get(0).path("subsegments")).hasSize(1);
                assertThat(work.get(0).path("subsegments").get(0).path("metadata").path("orders").path("inner response").asInt()).isEqualTo(worker);
                perTrace.merge(handler.path("trace_id").asText(), 1, Integer::sum);
            }
            assertThat(perTrace).hasSize(threads * rounds).allSatisfy((trace, count) -> assertThat(count).isEqualTo(1));
        }
    }
}
