package io.lambdakit.metrics.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.Metrics;

import java.util.Map;

/** {@code @FlushMetrics} around an idempotent body ({@link IdempotentOrders}), metrics through {@link Metrics#current()}. */
public class AnnotatedIdempotentOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Idempotency IDEMPOTENCY = Idempotency.builder().store(InMemoryIdempotencyStore.create()).build();

    @Override
    @FlushMetrics
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return IdempotentOrders.place(event, IDEMPOTENCY, Metrics.current());
    }
}
