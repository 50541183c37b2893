package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.internal.OutputParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OutputParserTest {

    private static final String EMF = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[]],"
            + "\"Metrics\":[{\"Name\":\"M\"}]}]},\"M\":1}";

    record Generated(List<String> lines, int logs, int emf) {
    }

    static Stream<Generated> generatedOutputs() {
        Random random = new Random(7);
        return IntStream.range(0, 40).mapToObj(seed -> {
            List<String> lines = new ArrayList<>();
            int logs = 0;
            int emf = 0;
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                switch (random.nextInt(6)) {
                    case 0 -> {
                        lines.add("{\"level\":\"INFO\",\"message\":\"m" + i + "\",\"n\":" + random.nextInt() + "}");
                        logs++;
                    }
                    case 1 -> {
                        lines.add(EMF);
                        emf++;
                    }
                    case 2 -> lines.add("plain text " + random.nextLong());
                    case 3 -> lines.add("{not json at all");
                    case 4 -> lines.add("[1,2,3]");
                    default -> {
                        lines.add("  {\"_aws\":{\"note\":\"no directive\"},\"message\":\"x\"}  ");
                        logs++;
                    }
                }
            }
            return new Generated(lines, logs, emf);
        });
    }

    @ParameterizedTest
    @MethodSource("generatedOutputs")
    void parse_mixedOutput_classifiesEveryLineExactlyOnce(Generated g) {
        OutputParser.Parsed parsed = OutputParser.parse(g.lines());

        assertThat(parsed.logLines()).hasSize(g.logs());
        assertThat(parsed.emfBlobs()).hasSize(g.emf());
        assertThat(parsed.logLines()).noneMatch(OutputParser::isEmf);
        assertThat(parsed.emfBlobs()).allMatch(OutputParser::isEmf);
    }

    @Test
    void parse_keepsOrderOfLogLines() {
        OutputParser.Parsed parsed = OutputParser.parse(List.of("{\"i\":1}", EMF, "text", "{\"i\":2}"));

        assertThat(parsed.logLines()).extracting(n -> n.path("i").asInt()).containsExactly(1, 2);
    }

    @Test
    void isEmf_directiveMustBeAnArray() throws Exception {
        JsonNode notArray = io.lambdakit.core.Json.mapper().readTree("{\"_aws\":{\"CloudWatchMetrics\":{}}}");

        assertThat(OutputParser.isEmf(notArray)).isFalse();
    }
}
