package io.lambdakit.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineHeadTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void line_writesTheLoggingHeadInOrder_withMillisecondUtcTimestamp() throws Exception {
        String line = LineHead.line(1_767_225_600_123L, "WARN", "a \"quoted\"\nmessage", "io.lambdakit.tracing", "orders");

        JsonNode node = MAPPER.readTree(line);
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("timestamp", "level", "message", "logger", "service");
        assertThat(node.get("timestamp").asText()).isEqualTo("2026-01-01T00:00:00.123Z");
        assertThat(node.get("message").asText()).isEqualTo("a \"quoted\"\nmessage");
        assertThat(line).doesNotContain("\n");
    }

    @Test
    void begin_leavesTheObjectOpenForTheCallersMembers() throws Exception {
        String line = LineHead.begin(16, 0L, "INFO", "m", "l", "s").name("phase").value("after-restore").endObject().toString();

        assertThat(MAPPER.readTree(line).get("phase").asText()).isEqualTo("after-restore");
        assertThat(MAPPER.readTree(line).get("timestamp").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
    }
}
