package io.lambdakit.metrics.handlers;

import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;

import java.util.Map;

/**
 * The body the idempotent order handlers share: an order placed once per {@code orderId}, through the real
 * idempotency engine, so a repeated event is answered from the store without running the body (a replay).
 * {@code "action":"reject"} fails the body before any metric; {@code "action":"quiet"} succeeds without one.
 */
public final class IdempotentOrders {

    private IdempotentOrders() {
    }

    /**
     * @param event       the order event
     * @param idempotency the idempotency instance guarding the body
     * @param metrics     where the body records
     * @return the response: the order id, from the body or from the store
     */
    public static Map<String, Object> place(Map<String, Object> event, Idempotency idempotency, Metrics metrics) {
        String orderId = idempotency.execute("place", event.get("orderId"), String.class, () -> {
            if ("reject".equals(event.get("action"))) {
                throw new IllegalStateException("order " + event.get("orderId") + " rejected");
            }
            if (!"quiet".equals(event.get("action"))) {
                metrics.add("OrderPlaced", 1, MetricUnit.COUNT);
            }
            return String.valueOf(event.get("orderId"));
        });
        return Map.of("orderId", orderId);
    }
}
