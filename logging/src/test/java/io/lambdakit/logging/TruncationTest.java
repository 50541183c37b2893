package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.logging.internal.LogOutputConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TruncationTest {

    private final CapturingSink sink = new CapturingSink();

    @Test
    void hugeMessage_isCutAtTheConfiguredLength_andMarked() {
        LogOutput out = TestOutputs.output(sink, Map.of(), MutableClock.at(TestOutputs.T0), b -> b.maxMessageChars(1000));

        out.logger("h").info("a".repeat(1_000_000));

        String message = sink.lines().get(0).get("message").asText();
        assertThat(message).hasSize(1000 + "...[truncated]".length()).endsWith("a...[truncated]");
    }

    @Test
    void cut_neverSplitsASurrogatePair() {
        LogOutput out = TestOutputs.output(sink, Map.of(), MutableClock.at(TestOutputs.T0),
                b -> b.maxMessageChars(17).truncationMarker("|cut"));
        String emojis = "\ud83d\ude00".repeat(20); // 40 chars; a cut at 17 falls inside a pair

        out.logger("h").info(emojis);

        String message = sink.lines().get(0).get("message").asText();
        assertThat(message).isEqualTo("\ud83d\ude00".repeat(8) + "|cut");
    }

    @Test
    void environmentLength_appliesToStringValuesAndErrors() {
        LogOutput out = TestOutputs.output(sink, Map.of("LAMBDAKIT_LOG_MAX_MESSAGE_CHARS", "100"));

        out.logger("h").atError().addKeyValue("payload", "p".repeat(5000))
                .setCause(new IllegalStateException("m".repeat(5000))).log("x");

        JsonNode line = sink.lines().get(0);
        assertThat(line.get("payload").asText()).hasSize(100 + "...[truncated]".length());
        assertThat(line.at("/error/message").asText()).hasSize(100 + "...[truncated]".length());
        assertThat(line.at("/error/stack").asText()).hasSize(100 + "...[truncated]".length());
    }

    @Test
    void hugeStructuredValue_becomesACutJsonString() {
        LogOutput out = TestOutputs.output(sink, Map.of(), MutableClock.at(TestOutputs.T0), b -> b.maxMessageChars(256));
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            numbers.add(i);
        }

        out.logger("h").atInfo().addKeyValue("numbers", numbers).addKeyValue("after", 1).log("big");

        JsonNode line = sink.only("big");
        assertThat(line.get("numbers").isTextual()).isTrue();
        assertThat(line.get("numbers").asText()).startsWith("[0,1,2,3,").endsWith("...[truncated]");
        assertThat(line.get("after").intValue()).isEqualTo(1);
    }

    @Test
    void lineOverTheCloudWatchLimit_isRewrittenWithoutUserFields_andMarked() {
        LogOutput out = TestOutputs.output(sink, Map.of());
        var event = out.logger("h").atInfo();
        for (int i = 0; i < 40; i++) {
            event = event.addKeyValue("field" + i, "v".repeat(16_000));
        }

        event.log("too big");

        String raw = sink.writes().get(0);
        assertThat(raw.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LogOutputConfig.MAX_LINE_BYTES + 1);
        JsonNode line = sink.only("too big");
        assertThat(line.get("log_truncated").booleanValue()).isTrue();
        assertThat(line.has("field0")).isFalse();
    }
}
