package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.InitializationType;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.SnapStartResult;
import io.lambdakit.testing.SnapStartUniqueness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart under the real runtime client (org.crac driven by the runtime): the handler primes
 * itself before the checkpoint without sending a segment, the tracing class list is preloaded,
 * and no id generated before the checkpoint is generated again after the restore.
 */
class TracingSnapStartIT {

    @Test
    void snapStart_primedTracedHandler_sendsNothingBeforeTheRestoreAndReusesNoId() {
        try (LocalFunction fn = LocalFunction.builder().handler(SnapStartOrdersHandler.class)
                .environment(Map.of("POWERTOOLS_SERVICE_NAME", "orders"))
                .initializationType(InitializationType.SNAP_START).start()) {

            SnapStartResult snap = fn.snapStart();
            InvocationResult first = fn.invoke("{\"id\":\"o-1\"}");

            assertThat(snap.succeeded()).as(snap.toString()).isTrue();
            JsonNode checkpointReport = lifecycleLine(snap.checkpointLogLines(), "before-checkpoint");
            assertThat(checkpointReport.path("hooks").findValuesAsText("name"))
                    .contains("prime orders", "lambdakit-tracing: preload hot-path classes", "lambdakit-core: preload hot-path classes");
            JsonNode restoreReport = lifecycleLine(snap.restoreLogLines(), "after-restore");
            assertThat(restoreReport.path("hooks").findValuesAsText("name"))
                    .contains("lambdakit-tracing: reseed subsegment ids, resolve the daemon again");
            assertThat(first.segments()).hasSize(1);
            assertThat(first.segments().get(0).path("annotations").path("order_id").asText()).isEqualTo("o-1");
            assertThat(fn.xrayDaemon().segments()).extracting(s -> s.path("annotations").path("order_id").asText())
                    .doesNotContain("priming");

            JsonNode before = snap.checkpointLogLines().stream()
                    .filter(l -> l.path("message").asText().equals("ids before checkpoint")).findFirst().orElseThrow();
            SnapStartUniqueness.compare(values(before), values(first.responseJson())).assertUnique();
        }
    }

    private static JsonNode lifecycleLine(List<JsonNode> lines, String phase) {
        return lines.stream().filter(l -> l.path("logger").asText().equals("io.lambdakit.core.Lifecycle")
                && l.path("phase").asText().equals(phase)).findFirst().orElseThrow();
    }

    private static Map<String, List<String>> values(JsonNode node) {
        List<String> seed = new ArrayList<>();
        node.path("seed").forEach(n -> seed.add(n.asText()));
        List<String> ids = new ArrayList<>();
        node.path("ids").forEach(n -> ids.add(n.asText()));
        return Map.of("tracing id seed", seed, "subsegment ids", ids);
    }
}
