package com.example.weaving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.Idempotent;
import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.logging.Logging;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All four annotations on one handler, in the order lambdakit declares: logging outermost, then
 * tracing, then metrics, and idempotency innermost. So a repeated order is replayed without
 * charging again, and the replay is still logged, counted and traced: the response hook, which
 * runs only for replays, logs and counts it inside the logging, metrics and tracing scopes.
 */
public class ChargeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ChargeHandler.class);

    private final AtomicInteger charges = new AtomicInteger();

    /** Installs the idempotency settings at init (a real service would use DynamoDbIdempotencyStore). */
    public ChargeHandler() {
        Idempotency.install(Idempotency.builder()
                .store(InMemoryIdempotencyStore.create())
                .eventKeyJmesPath("orderId")
                .responseHook((response, record) -> {
                    LOG.info("replayed the charge of order {}", ((Map<?, ?>) response).get("orderId"));
                    Metrics.current().add("ChargeReplayed", 1, MetricUnit.COUNT);
                    return response;
                })
                .build());
    }

    @Override
    @Logging(logEvent = true)
    @Tracing
    @FlushMetrics(namespace = "WeavingProof", service = "charges", captureColdStart = true)
    @Idempotent(name = "charge")
    public Map<String, Object> handleRequest(Map<String, Object> order, Context context) {
        int charge = charges.incrementAndGet();
        LOG.info("charging order {}", order.get("orderId"));
        Metrics.current().add("Charged", 1, MetricUnit.COUNT);
        return Map.of("orderId", String.valueOf(order.get("orderId")), "charge", charge);
    }
}
