package io.lambdakit.benchmarks.variants.powertools;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.Logging;
import software.amazon.lambda.powertools.metrics.FlushMetrics;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.tracing.Tracing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * (C) The work of every variant with Powertools for AWS Lambda (Java), written the way its docs
 * show: {@code @Logging} and {@code @FlushMetrics} on the handler, {@code @Tracing} on the charging
 * method, SLF4J with structured arguments through log4j's JSON template layout
 * ({@code log4j2.xml}), the metrics singleton; configuration from the environment.
 */
public class PowertoolsHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Metrics METRICS = MetricsFactory.getMetricsInstance();

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
            METRICS.addDimension("Route", "/orders");
            METRICS.addMetric("OrderAccepted", 1, MetricUnit.COUNT);
            METRICS.addMetric("OrderAmount", amount, MetricUnit.NONE);
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
