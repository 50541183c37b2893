package io.lambdakit.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: a handler woven with {@code @Logging} runs in a child JVM under the real AWS Lambda
 * Runtime Interface Client against a local Runtime API; the SLF4J provider is found through
 * {@code META-INF/services} and writes to the runtime's real stdout.
 */
class LoggingIT {

    @Test
    void wovenHandler_underTheRealRuntimeClient_writesOneJsonLinePerEventWithInvocationKeys() {
        try (LocalFunction fn = LocalFunction.builder()
                .handler(ItOrderHandler.class)
                .environment(Map.of("POWERTOOLS_SERVICE_NAME", "orders-it"))
                .memoryMb(768)
                .start()) {
            List<InvocationResult> results = new ArrayList<>();

            for (int i = 1; i <= 3; i++) {
                results.add(fn.invoke("{\"orderId\":\"o-" + i + "\",\"requestContext\":{\"requestId\":\"api-" + i + "\"}}"));
            }
            InvocationResult failed = fn.invoke("{\"orderId\":\"o-4\",\"fail\":true,\"requestContext\":{\"requestId\":\"api-4\"}}");

            assertThat(fn.initOutput()).anySatisfy(line -> {
                JsonNode init = CapturingSink.parse(line);
                assertThat(init.get("message").asText()).isEqualTo("handler initialised");
                assertThat(init.has("function_request_id")).isFalse();
            });
            assertThat(results).allMatch(InvocationResult::succeeded);
            for (int i = 0; i < results.size(); i++) {
                InvocationResult r = results.get(i);
                assertThat(r.stdout()).as("every line is JSON").allSatisfy(CapturingSink::parse);
                assertThat(r.logLines()).extracting(l -> l.get("message").asText()).containsExactly("Handler Event", "order handled");
                for (JsonNode line : r.logLines()) {
                    assertThat(line.get("function_request_id").asText()).isEqualTo(r.requestId());
                    assertThat(line.get("cold_start").booleanValue()).isEqualTo(i == 0);
                    assertThat(line.get("correlation_id").asText()).isEqualTo("api-" + (i + 1));
                    assertThat(line.get("service").asText()).isEqualTo("orders-it");
                    assertThat(line.get("function_name").asText()).isEqualTo(fn.functionName());
                    assertThat(line.get("function_memory_size").intValue()).isEqualTo(768);
                    assertThat(line.get("function_arn").asText()).startsWith("arn:aws:lambda:");
                    assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                    r.traceHeader().ifPresent(h -> assertThat(h).contains("Root=" + line.get("xray_trace_id").asText()));
                }
                JsonNode handled = r.logLines().get(1);
                assertThat(handled.get("orderId").asText()).isEqualTo("o-" + (i + 1));
                assertThat(handled.get("apiToken").asText()).isEqualTo("[REDACTED]");
                assertThat(String.join("\n", r.stdout())).doesNotContain("tok-123");
            }
            assertThat(results).extracting(InvocationResult::requestId).doesNotHaveDuplicates();

            assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException"));
            JsonNode errorLine = failed.logLines().stream()
                    .filter(l -> l.get("message").asText().equals("Exception in Lambda Handler")).findFirst().orElseThrow();
            assertThat(errorLine.get("function_request_id").asText()).isEqualTo(failed.requestId());
            assertThat(errorLine.get("cold_start").booleanValue()).isFalse();
            assertThat(errorLine.at("/error/message").asText()).isEqualTo("order o-4 rejected");
            assertThat(errorLine.at("/error/stack").asText()).contains("\tat io.lambdakit.logging.ItOrderHandler");
        }
    }
}
