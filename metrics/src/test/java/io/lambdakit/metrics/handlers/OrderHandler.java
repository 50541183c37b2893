package io.lambdakit.metrics.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A handler as users write it: {@code @FlushMetrics} on {@code handleRequest}, metrics through
 * {@link Metrics#current()} configured by environment variables, some of them from worker threads.
 */
// docs:begin annotation
public class OrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    @Override
    @FlushMetrics(captureColdStart = true)
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Metrics metrics = Metrics.current();
        metrics.addDimension("Channel", String.valueOf(event.get("channel")))
                .addMetadata("orderId", event.get("orderId"))
                .add("OrderPlaced", 1, MetricUnit.COUNT);

        int items = ((Number) event.getOrDefault("items", 0)).intValue();
        List<Future<?>> done = new ArrayList<>();
        InvocationContext invocation = InvocationContext.current().orElseThrow();
        for (int i = 0; i < items; i++) {
            int item = i;
            done.add(workers.submit(invocation.wrap((Runnable) () -> metrics.add("ItemLatency", item, MetricUnit.MILLISECONDS))));
        }
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        if ("reject".equals(event.get("action"))) {
            throw new IllegalStateException("order " + event.get("orderId") + " rejected");
        }
        return Map.of("orderId", event.get("orderId"), "items", items);
    }
}
// docs:end annotation
