package io.lambdakit.metrics.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The stream handler of docs/metrics.md: {@code execute} runs a body that throws checked exceptions. */
public class PlainStreamOrderHandler implements RequestStreamHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Metrics metrics;

    public PlainStreamOrderHandler() {
        this(Metrics.builder().captureColdStart(true).build());
    }

    public PlainStreamOrderHandler(Metrics metrics) {
        this.metrics = metrics;
    }

    // docs:begin stream
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        metrics.execute(context, () -> {
            JsonNode order = MAPPER.readTree(input);                // throws IOException
            metrics.add("OrderPlaced", 1, MetricUnit.COUNT);
            MAPPER.writeValue(output, order.path("orderId"));       // throws IOException
            return null;
        });
    }
    // docs:end stream
}
