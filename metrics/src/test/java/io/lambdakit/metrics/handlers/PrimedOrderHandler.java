package io.lambdakit.metrics.handlers;

import io.lambdakit.core.ExecutionEnvironment;

import java.util.Map;

/** {@link OrderHandler}, primed before a SnapStart checkpoint with a synthetic order. */
public final class PrimedOrderHandler extends OrderHandler {

    /** Registers the priming call. */
    public PrimedOrderHandler() {
        ExecutionEnvironment.current().primeBeforeCheckpoint("orders: prime the handler",
                context -> handleRequest(Map.of("orderId", "synthetic-priming-order", "channel", "priming", "items", 2), context));
    }
}
