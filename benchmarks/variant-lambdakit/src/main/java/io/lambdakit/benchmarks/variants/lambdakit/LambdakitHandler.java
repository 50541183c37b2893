package io.lambdakit.benchmarks.variants.lambdakit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.logging.Logging;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;
import io.lambdakit.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import static io.lambdakit.logging.StructuredArguments.entry;

/**
 * (B) The work of every variant with lambdakit, written the way its docs show: {@code @Logging}
 * and {@code @FlushMetrics} on the handler, {@code @Tracing} on the charging method, SLF4J with
 * structured arguments, the metrics facade; configuration from the environment
 * ({@code POWERTOOLS_SERVICE_NAME}, {@code POWERTOOLS_METRICS_NAMESPACE}).
 */
public class LambdakitHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(LambdakitHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    @Logging
    @FlushMetrics
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        try {
            JsonNode body = MAPPER.readTree(event.getBody());
            String orderId = body.path("orderId").asText();
            double amount = body.path("amount").asDouble();
            LOG.info("order received", entry("orderId", orderId), entry("path", event.getPath()));
            LOG.info("order validated", entry("orderId", orderId), entry("items", body.path("items").size()));
            String status = charge(orderId, amount);
            LOG.info("order accepted", entry("orderId", orderId), entry("status", status));
            Metrics.current().addDimension("Route", "/orders")
                    .add("OrderAccepted", 1, MetricUnit.COUNT)
                    .add("OrderAmount", amount, MetricUnit.NONE);
            return new APIGatewayProxyResponseEvent().withStatusCode(200)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(MAPPER.writeValueAsString(Map.of("orderId", orderId, "status", status)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Tracing
    String charge(String orderId, double amount) {
        return amount > 0 && !orderId.isEmpty() ? "charged" : "rejected";
    }
}
