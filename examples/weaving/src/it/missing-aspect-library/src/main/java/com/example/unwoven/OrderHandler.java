package com.example.unwoven;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.idempotency.Idempotent;
import io.lambdakit.logging.Logging;
import io.lambdakit.metrics.FlushMetrics;

import java.util.Map;

/** Woven by lambdakit-logging only: @FlushMetrics and @Idempotent would silently do nothing. */
public class OrderHandler implements RequestHandler<Map<String, String>, String> {

    @Override
    @Logging
    @FlushMetrics
    public String handleRequest(Map<String, String> order, Context context) {
        return create(order);
    }

    @Idempotent
    String create(Map<String, String> order) {
        return "created " + order.get("orderId");
    }
}
