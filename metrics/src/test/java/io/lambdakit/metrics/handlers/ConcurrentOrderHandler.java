package io.lambdakit.metrics.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handler {@code MetricsConcurrencyIT} runs on a Lambda Managed Instances environment (plain API): invocations
 * wait for each other in waves of {@code AWS_LAMBDA_MAX_CONCURRENCY}, so that many record metrics at once. Each
 * records values derived from its event ({@code orderId}, {@code n}): a dimension, metadata, two metrics on the
 * runtime's thread and one from a worker thread shared by all invocations (carried with
 * {@link InvocationContext#wrap(Runnable)}). Metadata {@code initKind} is how core classified the invocation, and
 * {@code inFlight} how many request ids were inside the handler when it entered.
 */
public class ConcurrentOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Metrics METRICS = Metrics.builder().captureColdStart(true).build();
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(3, task -> {
        Thread t = new Thread(task, "shared-worker");
        t.setDaemon(true);
        return t;
    });
    private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final CyclicBarrier WAVE = new CyclicBarrier(Environment.system().maxConcurrency());

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return METRICS.execute(context, () -> {
            String orderId = String.valueOf(event.get("orderId"));
            int n = ((Number) event.get("n")).intValue();
            InvocationContext invocation = InvocationContext.current().orElseThrow();
            IN_FLIGHT.add(context.getAwsRequestId());
            int inFlight = IN_FLIGHT.size();
            try {
                awaitWave();
                METRICS.addDimension("Order", orderId)
                        .addMetadata("orderId", orderId)
                        .addMetadata("initKind", invocation.coldStart().wireName())
                        .addMetadata("inFlight", inFlight)
                        .add("Items", n, MetricUnit.COUNT);
                WORKERS.submit(invocation.wrap(() -> METRICS.add("WorkerItems", 2 * n, MetricUnit.COUNT))).get(30, TimeUnit.SECONDS);
                METRICS.add("Latency", n + 0.5, MetricUnit.MILLISECONDS);
                return Map.<String, Object>of("orderId", orderId);
            } finally {
                IN_FLIGHT.remove(context.getAwsRequestId());
            }
        });
    }

    private static void awaitWave() throws InterruptedException {
        try {
            WAVE.await(10, TimeUnit.SECONDS);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other invocations of the wave never came: fewer than "
                    + WAVE.getParties() + " were in flight", e);
        }
    }
}
