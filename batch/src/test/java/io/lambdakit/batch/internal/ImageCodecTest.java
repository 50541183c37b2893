package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageCodecTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Numbers compare by value (7 == 7L == 7.00); everything else by Jackson's equality. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** An attribute value and the JSON it must become, generated together. */
    private record Case(AttributeValue attribute, JsonNode json) {
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void toJson_generatedImages_matchTheirPlainJsonForm(long seed) {
        Random random = new Random(seed);
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        ObjectNode expected = NODES.objectNode();
        int attributes = 1 + random.nextInt(8);
        for (int i = 0; i < attributes; i++) {
            Case c = generate(random, 3);
            String name = randomString(random) + i;
            image.put(name, c.attribute());
            expected.set(name, c.json());
        }

        ObjectNode actual = ImageCodec.toJson(image);

        assertThat(actual.equals(BY_VALUE, expected)).as("%s vs %s", actual, expected).isTrue();
        assertThat(actual.size()).isEqualTo(image.size());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void toJson_integralNumbers_becomeIntegersAndOthersExactDecimals(long seed) {
        Random random = new Random(seed);
        long integral = random.nextLong();
        BigDecimal decimal = BigDecimal.valueOf(random.nextInt(1_000_000) * 10L + 1 + random.nextInt(9), 1 + random.nextInt(6));

        ObjectNode json = ImageCodec.toJson(Map.of(
                "i", new AttributeValue().withN(Long.toString(integral)),
                "e", new AttributeValue().withN(BigDecimal.valueOf(integral % 1000).scaleByPowerOfTen(3).toString()),
                "d", new AttributeValue().withN(decimal.toPlainString())));

        assertThat(json.get("i").isIntegralNumber()).isTrue();
        assertThat(json.get("i").longValue()).isEqualTo(integral);
        assertThat(json.get("e").isIntegralNumber()).isTrue();
        assertThat(json.get("e").longValue()).isEqualTo((integral % 1000) * 1000);
        assertThat(json.get("d").isBigDecimal()).isTrue();
        assertThat(json.get("d").decimalValue()).isEqualTo(decimal);
    }

    @Test
    void toJson_malformedNumber_failsNamingThePathButNotTheValue() {
        Map<String, AttributeValue> image = Map.of("order", new AttributeValue().withM(Map.of(
                "lines", new AttributeValue().withL(new AttributeValue().withN("1"), new AttributeValue().withNS("2", "secret-ish")))));

        assertThatThrownBy(() -> ImageCodec.toJson(image))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute order.lines[1][1] is an N value that is not a number");
    }

    @Test
    void toJson_attributeWithNoValue_failsNamingThePath() {
        assertThatThrownBy(() -> ImageCodec.toJson(Map.of("a", new AttributeValue())))
                .hasMessage("attribute a has no value (none of S, N, B, BOOL, NULL, M, L, SS, NS, BS is set)");
    }

    @Test
    void toJson_binary_doesNotMoveTheBuffer() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[]{1, 2, 3});

        JsonNode json = ImageCodec.toJson(Map.of("b", new AttributeValue().withB(buffer))).get("b");

        assertThat(json.isBinary()).isTrue();
        assertThat(buffer.remaining()).isEqualTo(3);
    }

    private static Case generate(Random r, int depth) {
        int kind = r.nextInt(depth > 0 ? 11 : 8);
        switch (kind) {
            case 0 -> {
                String s = randomString(r);
                return new Case(new AttributeValue().withS(s), NODES.textNode(s));
            }
            case 1 -> {
                long v = r.nextBoolean() ? r.nextInt() : r.nextLong();
                return new Case(new AttributeValue().withN(Long.toString(v)), NODES.numberNode(v));
            }
            case 2 -> {
                BigDecimal d = BigDecimal.valueOf(r.nextLong() >> r.nextInt(60), r.nextInt(12) - 2);
                return new Case(new AttributeValue().withN(d.toString()), NODES.numberNode(d));
            }
            case 3 -> {
                boolean b = r.nextBoolean();
                return new Case(new AttributeValue().withBOOL(b), NODES.booleanNode(b));
            }
            case 4 -> {
                return new Case(new AttributeValue().withNULL(true), NODES.nullNode());
            }
            case 5 -> {
                byte[] bytes = new byte[r.nextInt(20)];
                r.nextBytes(bytes);
                return new Case(new AttributeValue().withB(ByteBuffer.wrap(bytes)), NODES.binaryNode(bytes));
            }
            case 6 -> {
                List<String> items = new ArrayList<>();
                ArrayNode json = NODES.arrayNode();
                for (int i = 0; i < 1 + r.nextInt(4); i++) {
                    String s = randomString(r) + i;
                    items.add(s);
                    json.add(s);
                }
                return new Case(new AttributeValue().withSS(items), json);
            }
            case 7 -> {
                List<String> items = new ArrayList<>();
                ArrayNode json = NODES.arrayNode();
                for (int i = 0; i < 1 + r.nextInt(4); i++) {
                    BigDecimal d = BigDecimal.valueOf(r.nextInt(100_000) + i, r.nextInt(4));
                    items.add(d.toPlainString());
                    json.add(d);
                }
                return new Case(new AttributeValue().withNS(items), json);
            }
            case 8 -> {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                ObjectNode json = NODES.objectNode();
                for (int i = 0; i < r.nextInt(4); i++) {
                    Case c = generate(r, depth - 1);
                    m.put("k" + i, c.attribute());
                    json.set("k" + i, c.json());
                }
                return new Case(new AttributeValue().withM(m), json);
            }
            case 9 -> {
                List<AttributeValue> l = new ArrayList<>();
                ArrayNode json = NODES.arrayNode();
                for (int i = 0; i < r.nextInt(4); i++) {
                    Case c = generate(r, depth - 1);
                    l.add(c.attribute());
                    json.add(c.json());
                }
                return new Case(new AttributeValue().withL(l), json);
            }
            default -> {
                List<ByteBuffer> items = new ArrayList<>();
                ArrayNode json = NODES.arrayNode();
                for (int i = 0; i < 1 + r.nextInt(3); i++) {
                    byte[] bytes = {(byte) i, (byte) r.nextInt()};
                    items.add(ByteBuffer.wrap(bytes));
                    json.add(NODES.binaryNode(bytes));
                }
                return new Case(new AttributeValue().withBS(items), json);
            }
        }
    }

    private static String randomString(Random r) {
        String alphabet = "abcXYZ019 \"\\/\n\t\u00e9\u4e2d\ud83d\ude00";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.nextInt(12); i++) {
            int at = r.nextInt(alphabet.length() - 1);
            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                sb.append(alphabet, at, at + 2);
            } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                sb.append(alphabet.charAt(at));
            }
        }
        return sb.toString();
    }
}
