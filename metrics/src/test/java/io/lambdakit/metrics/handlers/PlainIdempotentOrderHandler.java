package io.lambdakit.metrics.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.metrics.Metrics;

import java.util.Map;

/** Metrics' plain API around an idempotent body ({@link IdempotentOrders}), as a function combining both writes it. */
public class PlainIdempotentOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Metrics METRICS = Metrics.create();
    private static final Idempotency IDEMPOTENCY = Idempotency.builder().store(InMemoryIdempotencyStore.create()).build();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return METRICS.execute(context, () -> IdempotentOrders.place(event, IDEMPOTENCY, METRICS));
    }
}
