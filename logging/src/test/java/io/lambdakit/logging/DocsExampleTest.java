package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import io.lambdakit.core.Installation;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The handlers shown in docs/logging.md run and write what the page says. */
class DocsExampleTest {

    @ParameterizedTest
    @ValueSource(classes = {OrderApiHandler.class, AnnotatedOrderApiHandler.class})
    void docsHandlers_writeTheDocumentedLines(Class<? extends RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> type)
            throws Exception {
        // docs:test-begin
        // docs:begin test-output
        CapturingSink sink = new CapturingSink();   // any LogSink: collects the lines
        Installation previous = LogOutput.install(LogOutput.builder()
                .executionEnvironment(TestOutputs.executionEnvironment(
                        Map.of("POWERTOOLS_SERVICE_NAME", "orders", "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                        MutableClock.at(TestOutputs.T0)))
                .sink(sink)
                .build());
        try {
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withPath("/orders")
                    .withHeaders(Map.of("Authorization", "Bearer abc"))
                    .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("api-123"));
            type.getDeclaredConstructor().newInstance().handleRequest(event, TestOutputs.context("req-1"));
        } finally {
            previous.close();
        }
        // docs:end test-output
        // docs:test-end

        JsonNode received = sink.only("order received");
        assertThat(received.get("correlation_id").asText()).isEqualTo("api-123");
        assertThat(received.get("path").asText()).isEqualTo("/orders");
        assertThat(received.get("cold_start").booleanValue()).isTrue();
        assertThat(received.get("service").asText()).isEqualTo("orders");
        assertThat(sink.only("Handler Event").at("/event/headers/Authorization").asText()).isEqualTo("[REDACTED]");
        assertThat(sink.only("Handler Event").get("logger").asText()).isEqualTo(type.getName());
    }
}
