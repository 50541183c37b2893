package io.lambdakit.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.InitializationType;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.SnapStartResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart under the real runtime client: the woven {@code @Logging} handler primed before the
 * checkpoint writes no line for the priming call, the logging class list is preloaded, sampling
 * is reseeded after the restore, and the first invocation after it logs as a restore.
 */
class LoggingSnapStartIT {

    @Test
    void snapStart_primedWovenHandler_writesNothingForThePrimingCall() {
        try (LocalFunction fn = LocalFunction.builder().handler(PrimedOrderHandler.class)
                .environment(Map.of("POWERTOOLS_SERVICE_NAME", "orders-it"))
                .initializationType(InitializationType.SNAP_START).start()) {

            SnapStartResult snap = fn.snapStart();
            InvocationResult first = fn.invoke("{\"orderId\":\"o-1\"}");

            assertThat(snap.succeeded()).as(snap.toString()).isTrue();
            String everythingBeforeTheFirstInvocation = String.join("\n", snap.checkpointOutput()) + String.join("\n", snap.restoreOutput());
            assertThat(everythingBeforeTheFirstInvocation).contains("handler initialised").doesNotContain("synthetic-priming-order")
                    .doesNotContain("order handled");
            assertThat(phase(snap.checkpointLogLines(), "before-checkpoint").path("hooks").findValuesAsText("name"))
                    .contains("orders: prime the handler", "lambdakit-logging: preload hot-path classes",
                            "lambdakit-logging: prime the line codec");
            assertThat(phase(snap.restoreLogLines(), "after-restore").path("hooks").findValuesAsText("name"))
                    .contains("lambdakit-logging: reseed sampling");
            assertThat(first.logLines()).extracting(l -> l.get("message").asText()).containsExactly("Handler Event", "order handled");
            assertThat(first.logLines()).allSatisfy(l -> {
                assertThat(l.get("function_request_id").asText()).isEqualTo(first.requestId());
                assertThat(l.get("cold_start").booleanValue()).as("a restore is not a cold start").isFalse();
            });
        }
    }

    private static JsonNode phase(List<JsonNode> lines, String phase) {
        return lines.stream().filter(l -> l.path("phase").asText().equals(phase)).findFirst().orElseThrow();
    }
}
