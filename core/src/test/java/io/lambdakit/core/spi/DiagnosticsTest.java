package io.lambdakit.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.core.Json;
import io.lambdakit.core.Lifecycle;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("try") // the invocation scope is closed by try-with-resources, not otherwise used
class DiagnosticsTest {

    private final List<String> lines = new ArrayList<>();
    private final Diagnostics diagnostics = Diagnostics.create("io.lambdakit.test", "orders",
            Clock.fixed(Instant.parse("2026-12-02T10:15:30.123Z"), ZoneOffset.UTC), lines::add);

    @Test
    void warnOnce_writesOneLoggingShapedLinePerKey() throws Exception {
        assertThat(diagnostics.warnOnce("k", "first")).isTrue();
        assertThat(diagnostics.warnOnce("k", "second")).isFalse();
        diagnostics.errorOnce("other", "broken");

        assertThat(lines).hasSize(2);
        JsonNode line = Json.mapper().readTree(lines.get(0));
        assertThat(line.fieldNames()).toIterable().containsExactly("timestamp", "level", "message", "logger", "service");
        assertThat(line.get("timestamp").asText()).isEqualTo("2026-12-02T10:15:30.123Z");
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("message").asText()).isEqualTo("first");
        assertThat(line.get("logger").asText()).isEqualTo("io.lambdakit.test");
        assertThat(line.get("service").asText()).isEqualTo("orders");
        assertThat(Json.mapper().readTree(lines.get(1)).get("level").asText()).isEqualTo("ERROR");
    }

    @Test
    void warnOnce_duringAnInvocation_carriesItsRequestIdAsLoggingLinesDo() throws Exception {
        ExecutionEnvironment ee = ExecutionEnvironment.builder().environment(Environment.empty())
                .lifecycle(Lifecycle.create(line -> { })).systemProperties(k -> null).build();
        try (InvocationScope scope = ee.enter(new PrimingContext(Environment.empty(), "req-1"))) {
            diagnostics.warnOnce("inside", "during the invocation");
        }
        diagnostics.warnOnce("outside", "after it");

        assertThat(Json.mapper().readTree(lines.get(0)).path("function_request_id").asText()).isEqualTo("req-1");
        assertThat(Json.mapper().readTree(lines.get(1)).has("function_request_id")).isFalse();
    }

    @Test
    void warnOnce_pastTheCap_writesOneSuppressionLineThenCounts() throws Exception {
        for (int i = 0; i < Diagnostics.MAX_KEYS + 10; i++) {
            diagnostics.warnOnce("key-" + i, "problem " + i);
        }

        assertThat(lines).hasSize(Diagnostics.MAX_KEYS + 1);
        assertThat(Json.mapper().readTree(lines.get(Diagnostics.MAX_KEYS)).get("message").asText())
                .contains("further ones are counted, not written");
        assertThat(diagnostics.suppressed()).isEqualTo(10);
    }
}
