package io.lambdakit.logging.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class PrettyPrinterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AWKWARD = "\",:{}[]\\ \n\t\u00e9\ud83d\ude00";

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void pretty_keepsTheDocumentEqual_forGeneratedTrees(long seed) throws Exception {
        Random r = new Random(seed);
        JsonNode tree = object(r, 0);
        byte[] compact = MAPPER.writeValueAsBytes(tree);

        byte[] pretty = PrettyPrinter.pretty(compact, 0, compact.length);

        String text = new String(pretty, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        assertThat(MAPPER.readTree(text)).isEqualTo(tree);
    }

    private static ObjectNode object(Random r, int depth) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = r.nextInt(5); i > 0; i--) {
            String key = "k" + i + AWKWARD.charAt(r.nextInt(AWKWARD.length()));
            switch (depth > 3 ? r.nextInt(3) : r.nextInt(5)) {
                case 0 -> o.put(key, text(r));
                case 1 -> o.put(key, r.nextInt());
                case 2 -> o.putNull(key);
                case 3 -> o.set(key, object(r, depth + 1));
                default -> {
                    ArrayNode a = o.putArray(key);
                    for (int j = r.nextInt(4); j > 0; j--) {
                        if (r.nextBoolean()) {
                            a.add(text(r));
                        } else {
                            a.add(object(r, depth + 1));
                        }
                    }
                }
            }
        }
        return o;
    }

    private static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            sb.append(AWKWARD.charAt(r.nextInt(AWKWARD.length())));
        }
        return sb.toString();
    }
}
