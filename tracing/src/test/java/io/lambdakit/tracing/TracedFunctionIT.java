package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.InitializationType;
import io.lambdakit.core.TraceHeader;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import io.lambdakit.testing.SnapStartResult;
import io.lambdakit.tracing.woven.WovenOrdersHandler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: the {@code @Tracing} handler (woven at test-compile time, as users weave) runs in a
 * child JVM under the real AWS Lambda runtime interface client; the testing module's X-Ray daemon
 * stand-in receives what it sends, and every document is validated against the schema.
 */
class TracedFunctionIT {

    private static LocalFunction.Builder function() {
        return LocalFunction.builder()
                .handler(WovenOrdersHandler.class)
                .environment(Map.of("POWERTOOLS_SERVICE_NAME", "orders"));
    }

    @Test
    void wovenHandler_underTheRuntimeClient_sendsItsSubsegmentsToTheDaemon() {
        try (LocalFunction fn = function().start()) {

            InvocationResult ok = fn.invoke("{\"id\":\"o-1\"}");
            InvocationResult failed = fn.invoke("{\"id\":\"fail-2\"}");
            InvocationResult unsampled = fn.invoke("{\"id\":\"o-3\"}", LocalFunction.InvokeOptions.create()
                    .traceHeader("Root=1-6740566c-a006649127e371903a2de979;Parent=defdfd9912dc5a56;Sampled=0"));

            assertThat(fn.usesNativeRuntimeClient()).as("the real runtime interface client, not the portable loop").isTrue();
            assertThat(ok.response()).isEqualTo("\"charged o-1\"");
            JsonNode handler = single(ok.segments());
            TraceHeader header = TraceHeader.parseOrThrow(ok.traceHeader().orElseThrow());
            assertThat(handler.path("name").asText()).isEqualTo("## handleRequest");
            assertThat(handler.path("trace_id").asText()).isEqualTo(header.root());
            assertThat(handler.path("parent_id").asText()).isEqualTo(header.parent());
            assertThat(handler.path("annotations").path("ColdStart").asBoolean()).isTrue();
            assertThat(handler.path("annotations").path("Service").asText()).isEqualTo("orders");
            assertThat(handler.path("annotations").path("order_id").asText()).isEqualTo("o-1");
            JsonNode charge = handler.path("subsegments").get(0);
            assertThat(charge.path("name").asText()).isEqualTo("## charge");
            assertThat(charge.path("metadata").path("payments").path("charge response").asText()).isEqualTo("charged o-1");
            assertThat(charge.path("subsegments").get(0).path("name").asText()).isEqualTo("Audit trail");

            assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException"));
            JsonNode failedHandler = single(failed.segments());
            assertThat(failedHandler.path("annotations").path("ColdStart").asBoolean()).isFalse();
            assertThat(failedHandler.path("fault").asBoolean()).isTrue();
            JsonNode failedCharge = failedHandler.path("subsegments").get(0);
            assertThat(failedCharge.path("cause").path("exceptions").get(0).path("message").asText()).isEqualTo("card declined for fail-2");
            assertThat(failedHandler.path("cause").asText()).isEqualTo(failedCharge.path("cause").path("exceptions").get(0).path("id").asText());

            assertThat(unsampled.response()).isEqualTo("\"charged o-3\"");
            assertThat(unsampled.segments()).isEmpty();
            assertThat(fn.xrayDaemon().rejected()).isEmpty();
        }
    }

    @Test
    void snapStart_hooksRunUnderTheRuntimeClient_firstInvocationAfterRestoreIsTracedAndNotACold() {
        try (LocalFunction fn = function().initializationType(InitializationType.SNAP_START).start()) {

            SnapStartResult snap = fn.snapStart();
            InvocationResult first = fn.invoke("{\"id\":\"o-9\"}");

            assertThat(snap.succeeded()).as(snap.toString()).isTrue();
            JsonNode handler = single(first.segments());
            assertThat(handler.path("annotations").path("ColdStart").asBoolean()).isFalse();
            assertThat(handler.path("subsegments")).hasSize(1);
            assertThat(fn.xrayDaemon().rejected()).isEmpty();
        }
    }

    private static JsonNode single(List<JsonNode> segments) {
        assertThat(segments).hasSize(1);
        JsonNode doc = segments.get(0);
        SegmentSchema.assertValid(doc);
        return doc;
    }
}
