package io.lambdakit.metrics.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;

import java.util.Map;

/** The same handler through the plain API: no annotation, no weaving needed. */
// docs:begin plain-api
public class PlainOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Metrics METRICS = Metrics.builder().captureColdStart(true).build();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return METRICS.execute(context, () -> {
            METRICS.addDimension("Channel", String.valueOf(event.get("channel")))
                    .addMetadata("orderId", event.get("orderId"))
                    .add("OrderPlaced", 1, MetricUnit.COUNT);
            int items = ((Number) event.getOrDefault("items", 0)).intValue();
            for (int i = 0; i < items; i++) {
                METRICS.add("ItemLatency", i, MetricUnit.MILLISECONDS);
            }
            if ("reject".equals(event.get("action"))) {
                throw new IllegalStateException("order " + event.get("orderId") + " rejected");
            }
            return Map.<String, Object>of("orderId", event.get("orderId"), "items", items);
        });
    }
}
// docs:end plain-api
