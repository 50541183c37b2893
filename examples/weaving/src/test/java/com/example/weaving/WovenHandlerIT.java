package com.example.weaving;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user-style weaving proof: GreetingHandler, compiled by this project's AspectJ configuration
 * with lambdakit-metrics as an aspect library, runs under the real Lambda runtime client and
 * flushes EMF because, and only because, it was woven.
 */
class WovenHandlerIT {

    private static LocalFunction function;

    @BeforeAll
    static void start() {
        function = LocalFunction.builder()
                .handler(GreetingHandler.class)
                .mode(LocalFunction.Mode.RUNTIME_CLIENT)
                .functionName("greeter-fn")
                .start();
    }

    @AfterAll
    static void stop() {
        function.close();
    }

    @Test
    void handlerClass_compiledByTheUserConfig_isWovenByOurAspectLibrary() throws Exception {
        // ajc leaves its mark on woven join points: the around advice is inlined through a synthetic closure
        // or an aspectOf() call, so the class references the aspect.
        Method handle = GreetingHandler.class.getMethod("handleRequest", Map.class, com.amazonaws.services.lambda.runtime.Context.class);
        String bytecode = new String(GreetingHandler.class.getResourceAsStream("GreetingHandler.class").readAllBytes(),
                java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(handle.isAnnotationPresent(io.lambdakit.metrics.FlushMetrics.class)).isTrue();
        assertThat(bytecode).contains("io/lambdakit/metrics/internal/FlushMetricsAspect");
    }

    @Test
    void wovenHandler_coldThenWarmInvocation_flushesEmfWithColdStartOnlyOnce() {
        InvocationResult first = function.invoke("{\"name\":\"ada\"}");
        InvocationResult second = function.invoke("{\"name\":\"grace\"}");

        assertThat(first.succeeded()).as("first: %s", first).isTrue();
        assertThat(first.responseJson().get("greeting").asText()).isEqualTo("hello ada");
        assertThat(metricNames(first.emfBlobs())).contains("Greetings", "ColdStart");
        JsonNode greetings = blobWith(first.emfBlobs(), "Greetings");
        assertThat(greetings.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("WeavingProof");
        assertThat(greetings.get("Service").asText()).isEqualTo("greeter");
        assertThat(greetings.get("name").asText()).isEqualTo("ada");
        assertThat(greetings.get("function_request_id").asText()).isEqualTo(first.requestId());

        assertThat(second.succeeded()).isTrue();
        assertThat(metricNames(second.emfBlobs())).contains("Greetings").doesNotContain("ColdStart");
        assertThat(blobWith(second.emfBlobs(), "Greetings").get("function_request_id").asText()).isEqualTo(second.requestId());
    }

    private static List<String> metricNames(List<JsonNode> blobs) {
        return blobs.stream()
                .flatMap(b -> b.at("/_aws/CloudWatchMetrics").findValuesAsText("Name").stream())
                .toList();
    }

    private static JsonNode blobWith(List<JsonNode> blobs, String metric) {
        return blobs.stream().filter(b -> b.has(metric)).findFirst().orElseThrow(() -> new AssertionError("no blob has " + metric + ": " + blobs));
    }
}
