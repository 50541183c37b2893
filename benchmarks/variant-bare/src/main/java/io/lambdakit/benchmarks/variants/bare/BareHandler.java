package io.lambdakit.benchmarks.variants.bare;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * (A) The work of every variant, by hand: JSON log lines and one EMF blob written with Jackson to
 * {@code System.out}; the "traced" method is a plain call (there is no tracer to call).
 */
public class BareHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final String SERVICE = "orders";
    private static final String NAMESPACE = "Bench";

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        try {
            JsonNode body = MAPPER.readTree(event.getBody());
            String orderId = body.path("orderId").asText();
            double amount = body.path("amount").asDouble();
            log(context, "order received", "orderId", orderId, "path", event.getPath());
            log(context, "order validated", "orderId", orderId, "items", body.path("items").size());
            String status = charge(orderId, amount);
            log(context, "order accepted", "orderId", orderId, "status", status);
            emf(context, amount);
            return new APIGatewayProxyResponseEvent().withStatusCode(200)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(MAPPER.writeValueAsString(Map.of("orderId", orderId, "status", status)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String charge(String orderId, double amount) {
        return amount > 0 && !orderId.isEmpty() ? "charged" : "rejected";
    }

    private static void log(Context context, String message, String k1, Object v1, String k2, Object v2) throws IOException {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("level", "INFO");
            g.writeStringField("message", message);
            g.writeStringField("service", SERVICE);
            g.writeStringField("function_request_id", context.getAwsRequestId());
            g.writeObjectField(k1, v1);
            g.writeObjectField(k2, v2);
            g.writeEndObject();
        }
        System.out.println(out);
    }

    private static void emf(Context context, double amount) throws IOException {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", System.currentTimeMillis());
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString("Service");
            g.writeString("Route");
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            g.writeStartObject();
            g.writeStringField("Name", "OrderAccepted");
            g.writeStringField("Unit", "Count");
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("Name", "OrderAmount");
            g.writeStringField("Unit", "None");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField("Service", SERVICE);
            g.writeStringField("Route", "/orders");
            g.writeNumberField("OrderAccepted", 1.0);
            g.writeNumberField("OrderAmount", amount);
            g.writeStringField("function_request_id", context.getAwsRequestId());
            g.writeEndObject();
        }
        System.out.println(out);
    }
}
