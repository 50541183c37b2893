package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DevModeTest {

    @Test
    void powertoolsDev_prettyPrintsEachEventInOneWrite() {
        CapturingSink pretty = new CapturingSink();
        CapturingSink compact = new CapturingSink();
        LogOutput dev = TestOutputs.output(pretty, Map.of("POWERTOOLS_DEV", "true"));
        LogOutput prod = TestOutputs.output(compact, Map.of());

        dev.logger("h").atInfo().addKeyValue("order", Map.of("id", "o-1", "tags", new String[] {"a", "b"}))
                .addKeyValue("empty", Map.of()).log("hello, {}: [x]", "world");
        prod.logger("h").atInfo().addKeyValue("order", Map.of("id", "o-1", "tags", new String[] {"a", "b"}))
                .addKeyValue("empty", Map.of()).log("hello, {}: [x]", "world");

        String write = pretty.writes().get(0);
        assertThat(pretty.writes()).hasSize(1);
        assertThat(write.lines().count()).isGreaterThan(5);
        assertThat(write).startsWith("{\n    \"timestamp\": \"").contains("\n        \"id\": \"o-1\"").contains("\"empty\": {}")
                .endsWith("}\n");
        JsonNode parsedPretty = CapturingSink.parse(write);
        assertThat(parsedPretty).isEqualTo(compact.lines().get(0));
        assertThat(parsedPretty.get("message").asText()).isEqualTo("hello, world: [x]");
    }

    @Test
    void builderOverridesEnvironment() {
        CapturingSink sink = new CapturingSink();
        LogOutput out = TestOutputs.output(sink, Map.of("POWERTOOLS_DEV", "true"), MutableClock.at(TestOutputs.T0), b -> b.devMode(false));

        out.logger("h").info("compact");

        assertThat(sink.lines()).hasSize(1);
    }
}
