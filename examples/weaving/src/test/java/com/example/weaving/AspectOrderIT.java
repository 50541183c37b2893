package com.example.weaving;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.example.weaving.EmfBlobs.blobWith;
import static com.example.weaving.EmfBlobs.metricNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins lambdakit's declared aspect order (logging, tracing, metrics outside, idempotency innermost)
 * on ChargeHandler, which carries all four annotations, under the real runtime client: a replay
 * does not run the body but is logged, counted and traced like any invocation.
 */
class AspectOrderIT {

    private static final String ORDER = "{\"orderId\":\"o-1\",\"amount\":25}";

    private static LocalFunction function;
    private static InvocationResult first;
    private static InvocationResult replay;

    @BeforeAll
    static void firstCallThenReplay() {
        function = LocalFunction.builder()
                .handler(ChargeHandler.class)
                .mode(LocalFunction.Mode.RUNTIME_CLIENT)
                .functionName("charges-fn")
                .environment("POWERTOOLS_SERVICE_NAME", "charges")
                .start();
        first = function.invoke(ORDER);
        replay = function.invoke(ORDER);
    }

    @AfterAll
    static void stop() {
        function.close();
    }

    @Test
    void replay_sameOrder_returnsTheStoredResultWithoutRunningTheBody() {
        assertThat(first.succeeded()).as("first: %s", first).isTrue();
        assertThat(replay.succeeded()).as("replay: %s", replay).isTrue();

        assertThat(replay.responseJson()).isEqualTo(first.responseJson());
        assertThat(replay.responseJson().get("charge").asInt()).isEqualTo(1);
        assertThat(messages(first)).contains("charging order o-1");
        assertThat(messages(replay)).doesNotContain("charging order o-1");
    }

    @Test
    void replay_isLoggedInsideTheLoggingScope() {
        JsonNode event = lineWithKey(replay, "event");
        JsonNode replayed = lineWithMessage(replay, "replayed the charge of order o-1");

        assertThat(event.get("function_request_id").asText()).isEqualTo(replay.requestId());
        assertThat(event.at("/event/orderId").asText()).isEqualTo("o-1");
        assertThat(replayed.get("function_request_id").asText()).isEqualTo(replay.requestId());
        assertThat(replayed.get("service").asText()).isEqualTo("charges");
    }

    @Test
    void replay_flushesItsMetricsInsideTheMetricsScope() {
        JsonNode blob = blobWith(replay.emfBlobs(), "ChargeReplayed");

        assertThat(blob.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("WeavingProof");
        assertThat(blob.get("function_request_id").asText()).isEqualTo(replay.requestId());
        assertThat(metricNames(replay.emfBlobs())).doesNotContain("Charged", "ColdStart");
        assertThat(metricNames(first.emfBlobs())).contains("Charged", "ColdStart").doesNotContain("ChargeReplayed");
    }

    @Test
    void replay_sendsItsHandlerSegment() {
        assertThat(replay.segments()).as("segments of the replay").hasSize(1);
        JsonNode handler = replay.segments().get(0);

        assertThat(handler.path("name").asText()).isEqualTo("## handleRequest");
        assertThat(handler.path("trace_id").asText()).isEqualTo(replay.traceHeader().orElseThrow().split(";")[0].substring(5));
        assertThat(handler.path("fault").asBoolean()).isFalse();
        assertThat(handler.path("error").asBoolean()).isFalse();
        assertThat(handler.path("annotations").path("ColdStart").asBoolean()).isFalse();
        assertThat(first.segments()).hasSize(1);
    }

    private static List<String> messages(InvocationResult r) {
        List<String> out = new ArrayList<>();
        for (JsonNode line : r.logLines()) {
            out.add(line.path("message").asText());
        }
        return out;
    }

    private static JsonNode lineWithMessage(InvocationResult r, String message) {
        for (JsonNode line : r.logLines()) {
            if (message.equals(line.path("message").asText())) {
                return line;
            }
        }
        throw new AssertionError("no log line says '" + message + "': " + r.logLines());
    }

    private static JsonNode lineWithKey(InvocationResult r, String key) {
        for (JsonNode line : r.logLines()) {
            if (line.has(key)) {
                return line;
            }
        }
        throw new AssertionError("no log line has '" + key + "': " + r.logLines());
    }
}
