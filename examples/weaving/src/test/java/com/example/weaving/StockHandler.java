package com.example.weaving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.logging.LambdaLogging;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The plain API's door, no weaving: logging and metrics configured from the function's environment alone
 * ({@code POWERTOOLS_SERVICE_NAME}, {@code POWERTOOLS_METRICS_NAMESPACE}), built in the constructor.
 */
public class StockHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(StockHandler.class);

    private final LambdaLogging logging = LambdaLogging.create();
    private final Metrics metrics = Metrics.builder().captureColdStart(true).build();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return logging.execute(context, event, () -> metrics.execute(context, () -> {
            LOG.info("reserving {}", event.get("sku"));
            metrics.add("Reserved", 1, MetricUnit.COUNT);
            return Map.of("sku", String.valueOf(event.get("sku")), "reserved", true);
        }));
    }
}
