package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.InitializationType;
import io.lambdakit.metrics.handlers.PrimedOrderHandler;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.SnapStartResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart under the real runtime client: the {@code @FlushMetrics} handler primed before the
 * checkpoint emits no EMF for the priming call, the metrics class list is preloaded, and the first
 * invocation after the restore emits its own metrics without a ColdStart metric.
 */
class MetricsSnapStartIT {

    @Test
    void snapStart_primedHandler_emitsNoEmfBeforeTheFirstRealInvocation() {
        try (LocalFunction fn = LocalFunction.builder().handler(PrimedOrderHandler.class).functionName("orders-it")
                .environment(MetricsRuntimeClientIT.ENV).initializationType(InitializationType.SNAP_START).start()) {

            SnapStartResult snap = fn.snapStart();
            InvocationResult first = fn.invoke("{\"orderId\":\"o-1\",\"channel\":\"web\",\"items\":1}");

            assertThat(snap.succeeded()).as(snap.toString()).isTrue();
            assertThat(String.join("\n", snap.checkpointOutput()) + String.join("\n", snap.restoreOutput()))
                    .doesNotContain("_aws").doesNotContain("synthetic-priming-order");
            assertThat(phase(snap.checkpointLogLines(), "before-checkpoint").path("hooks").findValuesAsText("name"))
                    .contains("orders: prime the handler", "lambdakit-metrics: preload hot-path classes", "lambdakit-metrics: prime the EMF codec");
            assertThat(first.emfBlobs()).hasSize(1);
            JsonNode blob = first.emfBlobs().get(0);
            EmfSpec.requireValid(blob);
            assertThat(blob.path("orderId").asText()).isEqualTo("o-1");
            assertThat(blob.has("ColdStart")).as("a restore is not a cold start").isFalse();
        }
    }

    private static JsonNode phase(List<JsonNode> lines, String phase) {
        return lines.stream().filter(l -> l.path("phase").asText().equals(phase)).findFirst().orElseThrow();
    }
}
