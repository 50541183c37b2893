package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.InvocationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Invocation scoping under real threads: concurrent invocations never mix; worker threads of one invocation lose nothing. */
class MetricsConcurrencyTest {

    static final int ROUNDS = 40;
    static final int INVOCATIONS = 8;
    static final int WORKERS = 8;
    static final int ADDS_PER_WORKER = 5000;

    final Fixtures fx = new Fixtures();
    final Metrics metrics = fx.metrics();
    final ExecutorService pool = Executors.newFixedThreadPool(Math.max(INVOCATIONS, WORKERS));

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concurrentInvocations_eachBlobHoldsOnlyItsOwnInvocationsMetrics() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            CyclicBarrier start = new CyclicBarrier(INVOCATIONS);
            CyclicBarrier midway = new CyclicBarrier(INVOCATIONS);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < INVOCATIONS; i++) {
                int id = round * INVOCATIONS + i;
                running.add(pool.submit(() -> {
                    start.await();
                    metrics.execute(Fixtures.context("req-" + id), () -> {
                        metrics.addDimension("Invocation", "inv-" + id).add("Value", id).addMetadata("owner", "req-" + id);
                        await(midway);
                        metrics.add("Value", id);
                        return null;
                    });
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.SECONDS);
            }
        }

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(ROUNDS * INVOCATIONS);
        for (JsonNode blob : blobs) {
            int id = Integer.parseInt(blob.get("function_request_id").asText().substring(4));
            assertThat(blob.get("Invocation").asText()).isEqualTo("inv-" + id);
            assertThat(blob.get("owner").asText()).isEqualTo("req-" + id);
            assertThat(blob.get("Value")).hasSize(2).allSatisfy(v -> assertThat(v.asInt()).isEqualTo(id));
        }
    }

    @Test
    void workerThreadsOfOneInvocation_addConcurrentlyWithoutLosingValues() throws Exception {
        for (int round = 0; round < 3; round++) {
            fx.out.clear();

            metrics.execute(Fixtures.context("req-" + round), () -> {
                InvocationContext invocation = InvocationContext.current().orElseThrow();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    int worker = w;
                    workers.add(pool.submit(invocation.wrap(() -> {
                        await(go);
                        for (int i = 0; i < ADDS_PER_WORKER; i++) {
                            metrics.add("Processed", worker, MetricUnit.COUNT);
                            metrics.add("Worker" + worker, i);
                        }
                        return null;
                    })));
                }
                go.countDown();
                for (Future<?> f : workers) {
                    get(f);
                }
                return null;
            });

            Map<String, Integer> counts = new HashMap<>();
            Map<Integer, Integer> processedByWorker = new HashMap<>();
            for (JsonNode blob : fx.out.blobs()) {
                assertThat(blob.get("function_request_id").asText()).isEqualTo("req-" + round);
                for (JsonNode def : blob.at("/_aws/CloudWatchMetrics/0/Metrics")) {
                    String name = def.get("Name").asText();
                    JsonNode values = blob.get(name);
                    List<JsonNode> list = new ArrayList<>();
                    if (values.isArray()) {
                        values.forEach(list::add);
                    } else {
                        list.add(values);
                    }
                    counts.merge(name, list.size(), Integer::sum);
                    if (name.equals("Processed")) {
                        list.forEach(v -> processedByWorker.merge(v.asInt(), 1, Integer::sum));
                    }
                }
            }
            assertThat(counts.get("Processed")).isEqualTo(WORKERS * ADDS_PER_WORKER);
            for (int w = 0; w < WORKERS; w++) {
                assertThat(counts.get("Worker" + w)).isEqualTo(ADDS_PER_WORKER);
                assertThat(processedByWorker.get(w)).isEqualTo(ADDS_PER_WORKER);
            }
        }
    }

    @Test
    void workerThreadsWithoutTheInvocation_areNotLostButWrittenAtTheInvocationsEnd() throws Exception {
        metrics.execute(Fixtures.context("req-1"), () -> {
            metrics.add("Main", 1);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(pool.submit(() -> {
                    await(go);
                    for (int i = 0; i < 10; i++) {
                        metrics.add("Unwrapped", 1, MetricUnit.COUNT);
                    }
                    return null;
                }));
            }
            go.countDown();
            workers.forEach(MetricsConcurrencyTest::get);
            return null;
        });

        List<JsonNode> blobs = fx.out.blobs();
        assertThat(blobs).hasSize(2);
        assertThat(blobs.get(0).get("function_request_id").asText()).isEqualTo("req-1");
        assertThat(blobs.get(1).get("Unwrapped")).hasSize(WORKERS * 10);
    }

    static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void get(Future<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
