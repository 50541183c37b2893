package io.lambdakit.idempotency.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.lambdakit.idempotency.HashAlgorithm;
import io.lambdakit.idempotency.IdempotencyKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key derivation over generated payloads: Powertools-compatible hashing, missing-key rules, the Powertools functions. */
class KeyCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<String> generatedStrings() {
        Random random = new Random(7);
        List<String> out = new ArrayList<>(List.of("a", "abc", "Zoë", "😀 emoji", "line\nbreak", "quote\"and\\slash", "\u0000nul", " "));
        for (int i = 0; i < 40; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(60);
            for (int j = 0; j < len; j++) {
                int kind = random.nextInt(4);
                sb.appendCodePoint(switch (kind) {
                    case 0 -> 'a' + random.nextInt(26);
                    case 1 -> 0x20 + random.nextInt(0x5f);
                    case 2 -> 0xa0 + random.nextInt(0x2000);
                    default -> 0x1f300 + random.nextInt(0x200);
                });
            }
            out.add(sb.toString());
        }
        return out.stream();
    }

    /** The digest as Powertools prints it: {@code String.format("%032x", new BigInteger(1, digest))}. */
    private static String hex(String algorithm, String text) throws Exception {
        return String.format("%032x", new BigInteger(1, MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @MethodSource("generatedStrings")
    void hash_ofSelectedString_isDigestOfItsValue(String value) throws Exception {
        KeyCodec sha = KeyCodec.create("id", null, HashAlgorithm.SHA_256);
        KeyCodec md5 = KeyCodec.create("id", null, HashAlgorithm.MD5);
        JsonNode payload = MAPPER.valueToTree(Map.of("id", value));

        assertThat(sha.keyHash(payload)).isEqualTo(hex("SHA-256", value)).hasSizeBetween(32, 64);
        assertThat(md5.keyHash(payload)).isEqualTo(hex("MD5", value)).hasSize(32);
    }

    @ParameterizedTest
    @MethodSource("generatedStrings")
    void powertoolsJson_ignoresFormattingOfTheBody(String value) throws Exception {
        KeyCodec codec = KeyCodec.create("powertools_json(body).id", null, HashAlgorithm.SHA_256);
        String compact = MAPPER.writeValueAsString(Map.of("id", value, "n", 1));
        String pretty = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("n", 1, "id", value));

        String a = codec.keyHash(MAPPER.valueToTree(Map.of("body", compact)));
        String b = codec.keyHash(MAPPER.valueToTree(Map.of("body", pretty)));

        assertThat(a).isEqualTo(b).isEqualTo(hex("SHA-256", value));
    }

    @ParameterizedTest
    @MethodSource("generatedStrings")
    void powertoolsBase64_andBase64Gzip_decodeToTheOriginal(String value) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(value.getBytes(StandardCharsets.UTF_8));
        }
        String gzipped = Base64.getEncoder().encodeToString(bytes.toByteArray());
        JsonNode payload = MAPPER.valueToTree(Map.of("a", b64, "g", gzipped));

        assertThat(KeyCodec.create("powertools_base64(a)", null, HashAlgorithm.SHA_256).keyHash(payload)).isEqualTo(hex("SHA-256", value));
        assertThat(KeyCodec.create("powertools_base64_gzip(g)", null, HashAlgorithm.SHA_256).keyHash(payload)).isEqualTo(hex("SHA-256", value));
    }

    static Stream<Arguments> scalars() {
        return Stream.of(
                Arguments.of(IntNode.valueOf(5), "5"),
                Arguments.of(LongNode.valueOf(12345678901234L), "12345678901234"),
                Arguments.of(DoubleNode.valueOf(1.5), "1.5"),
                Arguments.of(BooleanNode.TRUE, "true"),
                Arguments.of(BooleanNode.FALSE, "false"),
                Arguments.of(IntNode.valueOf(0), "0"));
    }

    @ParameterizedTest
    @MethodSource("scalars")
    void hash_ofScalar_isDigestOfItsText(JsonNode scalar, String text) throws Exception {
        KeyCodec codec = KeyCodec.create(null, null, HashAlgorithm.MD5);

        assertThat(codec.keyHash(scalar)).isEqualTo(hex("MD5", text));
    }

    @Test
    void hash_ofContainer_isDigestOfCompactJson() throws Exception {
        KeyCodec codec = KeyCodec.create("[customer, orderId]", null, HashAlgorithm.SHA_256);

        String hash = codec.keyHash(MAPPER.readTree("{\"orderId\": \"o-1\", \"customer\": \"c-1\", \"x\": 1}"));

        assertThat(hash).isEqualTo(hex("SHA-256", "[\"c-1\",\"o-1\"]"));
    }

    record Pojo(String zeta, int alpha, String omitted) {
    }

    @Test
    void wholePojoPayload_isHashedWithSortedPropertiesAndNullsLeftOut() throws Exception {
        KeyCodec codec = KeyCodec.create(null, null, HashAlgorithm.SHA_256);

        String hash = codec.keyHash(codec.toJson(new Pojo("z", 1, null)));

        assertThat(hash).isEqualTo(hex("SHA-256", "{\"alpha\":1,\"zeta\":\"z\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "{}", "[null, null]", "{\"a\": null}"})
    void missingKeyData_isDetected(String json) throws Exception {
        assertThat(KeyCodec.isMissing(MAPPER.readTree(json))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "false", "\"\"", "\" \"", "[null, 1]", "{\"a\": null, \"b\": false}", "\"x\""})
    void presentKeyData_isNotMissing(String json) throws Exception {
        assertThat(KeyCodec.isMissing(MAPPER.readTree(json))).isFalse();
    }

    @Test
    void sha256_withLeadingZeroDigits_dropsThemAsPowertools() {
        KeyCodec codec = KeyCodec.create("id", null, HashAlgorithm.SHA_256);

        // SHA-256("order-469") = 00e953b4...; SHA-256("order-1") = 0bafe221...
        String twoZeros = codec.keyHash(MAPPER.valueToTree(Map.of("id", "order-469")));
        String oneZero = codec.keyHash(MAPPER.valueToTree(Map.of("id", "order-1")));

        assertThat(twoZeros).isEqualTo("e953b4600b471c59de5b8477f774703e4060cb364cabb0c37f40fe23a73769").hasSize(62);
        assertThat(oneZero).isEqualTo("bafe22156d2698c143b86040446d366ead863ba600d5c924f3d15c786ef4057").hasSize(63);
    }

    @ParameterizedTest
    @MethodSource("digests")
    void hex_isPowertoolsFormatOfThePositiveBigInteger(byte[] digest) {
        assertThat(KeyCodec.hex(digest)).isEqualTo(String.format("%032x", new BigInteger(1, digest)));
    }

    static Stream<byte[]> digests() {
        Random random = new Random(11);
        List<byte[]> out = new ArrayList<>(List.of(new byte[16], new byte[32], new byte[] {0, 0, 0, 1}));
        for (int i = 0; i < 300; i++) {
            byte[] d = new byte[random.nextBoolean() ? 16 : 32];
            random.nextBytes(d);
            for (int z = random.nextInt(4); z > 0; z--) {
                d[random.nextInt(2)] = 0; // leading zero bytes and nibbles are what Powertools drops
            }
            if (random.nextBoolean()) {
                d[0] &= 0x0f;
            }
            out.add(d);
        }
        return out.stream();
    }

    @Test
    void emptyStringKey_isHashedAsPowertools() {
        KeyCodec codec = KeyCodec.create("orderId", null, HashAlgorithm.MD5);

        assertThat(codec.keyHash(MAPPER.valueToTree(Map.of("orderId", "")))).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void nullMapValue_isKeptInTheHashedJson() throws Exception {
        KeyCodec codec = KeyCodec.create(null, null, HashAlgorithm.MD5);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderId", "o-1");
        order.put("coupon", null);

        assertThat(codec.keyHash(codec.toJson(order))).isEqualTo(hex("MD5", "{\"orderId\":\"o-1\",\"coupon\":null}"));
    }

    @Test
    void byteArrayPayload_isHashedAsQuotedBase64String() throws Exception {
        KeyCodec codec = KeyCodec.create(null, null, HashAlgorithm.MD5);

        assertThat(codec.keyHash(codec.toJson(new byte[] {1, 2, 3, 4, 5}))).isEqualTo(hex("MD5", "\"AQIDBAU=\""));
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 1L, 999L, 1_768_480_496_789L, 1_768_471_200_000L, 253_402_300_799_999L, -1L, -62_135_596_800_000L})
    void jodaInstantFormat_equalsIsoUtcWithMillis(long millis) {
        String expected = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(millis));

        assertThat(JodaInstants.format(millis)).isEqualTo(expected);
    }

    @Test
    void absentProperty_givesNoKey() {
        KeyCodec codec = KeyCodec.create("orderId", null, HashAlgorithm.SHA_256);

        assertThat(codec.keyHash(MAPPER.valueToTree(Map.of("other", 1)))).isNull();
        assertThat(codec.keyHash(NullNode.getInstance())).isNull();
    }

    @Test
    void validationHash_ofAbsentData_isStableAndDiffersFromPresentData() {
        KeyCodec codec = KeyCodec.create("id", "amount", HashAlgorithm.SHA_256);
        Map<String, Object> withAmount = new LinkedHashMap<>();
        withAmount.put("id", "1");
        withAmount.put("amount", 10);

        String absent = codec.validationHash(MAPPER.valueToTree(Map.of("id", "1")));

        assertThat(absent).isEqualTo(codec.validationHash(MAPPER.valueToTree(Map.of("id", "2"))));
        assertThat(absent).isNotEqualTo(codec.validationHash(MAPPER.valueToTree(withAmount)));
        assertThat(KeyCodec.create("id", null, HashAlgorithm.SHA_256).validationHash(MAPPER.valueToTree(withAmount))).isNull();
    }

    @Test
    void distinctGeneratedValues_neverCollide() {
        KeyCodec codec = KeyCodec.create("id", null, HashAlgorithm.SHA_256);

        long distinct = IntStream.range(0, 2_000)
                .mapToObj(i -> codec.keyHash(MAPPER.valueToTree(Map.of("id", "order-" + i))))
                .distinct().count();

        assertThat(distinct).isEqualTo(2_000);
    }

    @Test
    void malformedArguments_failWithKeyExceptionThatHidesTheArgument() {
        JsonNode payload = MAPPER.valueToTree(Map.of("body", "{secret-not-json", "b", "%%secret%%"));

        assertThatThrownBy(() -> KeyCodec.create("powertools_json(body).id", null, HashAlgorithm.SHA_256).keyHash(payload))
                .isInstanceOf(IdempotencyKeyException.class)
                .hasMessageContaining("eventKeyJmesPath 'powertools_json(body).id'", "not valid JSON")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> KeyCodec.create("powertools_base64(b)", null, HashAlgorithm.SHA_256).keyHash(payload))
                .isInstanceOf(IdempotencyKeyException.class)
                .hasMessageContaining("not base64")
                .hasMessageNotContaining("secret");
    }

    @Test
    void invalidExpression_isReportedByCheckAndRejectedByCreate() {
        assertThat(KeyCodec.checkExpression("orders[")).isNotNull();
        assertThat(KeyCodec.checkExpression("powertools_json(body).id")).isNull();
        assertThatThrownBy(() -> KeyCodec.create("a[", null, HashAlgorithm.SHA_256)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void unconvertiblePayload_failsWithKeyExceptionNamingTheType() throws IOException {
        KeyCodec codec = KeyCodec.create(null, null, HashAlgorithm.SHA_256);
        Object selfReferencing = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };

        assertThatThrownBy(() -> codec.toJson(selfReferencing)).isInstanceOf(IdempotencyKeyException.class)
                .hasMessageContaining("cannot be converted to JSON");
    }
}
