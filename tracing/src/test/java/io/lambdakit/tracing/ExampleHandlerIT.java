package io.lambdakit.tracing;

import io.lambdakit.core.Installation;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.tracing.example.OrderHandler;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The handler shown in docs/tracing.md does what the page says. */
class ExampleHandlerIT {

    @Test
    void docsExample_recordsTheHandlerWithBothChildren() {
        try (TracingFixture fx = new TracingFixture(); Tracer tracer = fx.tracer()) {
            Installation installed = Tracer.install(tracer);
            String result;
            try {
                result = new OrderHandler().handleRequest(Map.of("id", "o-7"), TracingFixture.invocation(TracingFixture.sampled()));
            } finally {
                installed.close();
            }

            assertThat(result).isEqualTo("charged o-7, reserved");
            JsonNode handler = fx.daemon.takeOne();
            assertThat(handler.path("annotations").path("order_id").asText()).isEqualTo("o-7");
            assertThat(handler.path("metadata").path("orders").path("order").path("id").asText()).isEqualTo("o-7");
            assertThat(handler.path("subsegments")).extracting(n -> n.path("name").asText())
                    .containsExactlyInAnyOrder("## reserveStock", "## charge");
        }
    }
}
