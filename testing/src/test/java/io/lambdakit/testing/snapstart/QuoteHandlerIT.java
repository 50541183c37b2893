package io.lambdakit.testing.snapstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.InitializationType;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.SnapStartResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The docs/snapstart.md example under the real runtime client, which drives the org.crac hooks. */
class QuoteHandlerIT {

    @Test
    void snapStart_underTheRuntimeClient_primesBeforeTheSnapshotAndReportsTheRestore() {
        try (LocalFunction fn = LocalFunction.builder().handler(QuoteHandler.class)
                .initializationType(InitializationType.SNAP_START).start()) {

            SnapStartResult snap = fn.snapStart();
            InvocationResult first = fn.invoke("{\"symbol\":\"AMZN\"}");

            assertThat(snap.succeeded()).as(snap.toString()).isTrue();
            JsonNode report = snap.checkpointLogLines().stream().filter(l -> l.path("phase").asText().equals("before-checkpoint"))
                    .findFirst().orElseThrow();
            assertThat(report.path("hooks").findValuesAsText("name")).contains("quotes: prime the handler");
            assertThat(snap.restoreLogLines()).anySatisfy(l -> assertThat(l.path("hooks").findValuesAsText("name"))
                    .contains("quotes: new instance id and seed"));
            assertThat(first.responseJson().path("coldStart").asText()).isEqualTo("snap-start");
            assertThat(first.responseJson().path("primingCalls").asInt()).isEqualTo(1);
            assertThat(first.responseJson().path("symbol").asText()).isEqualTo("AMZN");
        }
    }
}
