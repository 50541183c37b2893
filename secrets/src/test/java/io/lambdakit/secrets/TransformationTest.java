package io.lambdakit.secrets;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lambdakit.core.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TransformationTest {

    public record DbConfig(String user, String password, int port, List<String> hosts) { }

    private static final String ALPHABET = "abcXYZ019 _-/:\"\\{}[]\u00e9\u4e2d\ud83d\ude00";

    private static String randomText(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(max + 1);
        for (int i = 0; i < len; i++) {
            int cp = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, r.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    static Stream<DbConfig> generatedConfigs() {
        Random r = new Random(42);
        return IntStream.range(0, 50).mapToObj(i -> {
            List<String> hosts = new ArrayList<>();
            for (int h = r.nextInt(4); h > 0; h--) {
                hosts.add(randomText(r, 12));
            }
            return new DbConfig(randomText(r, 20), randomText(r, 40), r.nextInt(65536), hosts);
        });
    }

    @ParameterizedTest
    @MethodSource("generatedConfigs")
    void json_ofSerializedObject_roundTrips(DbConfig config) throws Exception {
        String text = Json.mapper().writeValueAsString(config);

        DbConfig read = Transformation.json(DbConfig.class).apply("db", RawValue.ofText(text, "v1"));

        assertThat(read).isEqualTo(config);
    }

    @ParameterizedTest
    @MethodSource("generatedConfigs")
    void jsonMap_ofSerializedObject_hasTheSameFields(DbConfig config) throws Exception {
        String text = Json.mapper().writeValueAsString(config);

        Map<String, Object> map = Transformation.jsonMap().apply("db", RawValue.ofText(text, null));

        assertThat(map).containsEntry("user", config.user()).containsEntry("port", config.port())
                .containsEntry("hosts", config.hosts());
    }

    static Stream<byte[]> generatedBytes() {
        Random r = new Random(7);
        return IntStream.range(0, 60).mapToObj(i -> {
            byte[] b = new byte[r.nextInt(200)];
            r.nextBytes(b);
            return b;
        });
    }

    @ParameterizedTest
    @MethodSource("generatedBytes")
    void base64_ofEncodedBytes_decodesToThem_inBothAlphabets(byte[] bytes) throws Exception {
        String standard = Base64.getEncoder().encodeToString(bytes);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String mime = Base64.getMimeEncoder().encodeToString(bytes);

        assertThat(Transformation.base64().apply("k", RawValue.ofText(standard, null))).isEqualTo(bytes);
        assertThat(Transformation.base64().apply("k", RawValue.ofText(urlSafe, null))).isEqualTo(bytes);
        assertThat(Transformation.base64().apply("k", RawValue.ofText(mime, null))).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource("generatedBytes")
    void binary_ofBinarySecret_returnsTheBytesUnchanged(byte[] bytes) throws Exception {
        RawValue raw = RawValue.ofBinary(bytes, null);

        assertThat(Transformation.binary().apply("k", raw)).isEqualTo(bytes);
        assertThat(Transformation.base64().apply("k", raw)).as("SecretBinary arrives decoded").isEqualTo(bytes);
    }

    @Test
    void base64Text_decodesToUtf8() throws Exception {
        String encoded = Base64.getEncoder().encodeToString("pässwörd".getBytes(StandardCharsets.UTF_8));

        assertThat(Transformation.base64Text().apply("k", RawValue.ofText(encoded, null))).isEqualTo("pässwörd");
    }

    @Test
    void text_ofBinarySecret_isRefusedWithAHint() {
        SecretTransformationException e = catchThrowableOfType(SecretTransformationException.class,
                () -> Transformations.applySafely(Transformation.text(), "cert", RawValue.ofBinary(new byte[] {1, 2}, null)));

        assertThat(e.id()).isEqualTo("cert");
        assertThat(e.reason()).isEqualTo(SecretsException.Reason.TRANSFORMATION_FAILED);
        assertThat(e).hasMessageContaining("getBinary");
    }

    static Stream<String> secretValues() {
        return Stream.of("hunter2-SECRET", "{\"user\":\"a\",\"port\":\"hunter2-SECRET\"}", "[\"hunter2-SECRET\"]",
                "{\"user\": hunter2-SECRET}", "hunter2-SECRET!!");
    }

    @ParameterizedTest
    @MethodSource("secretValues")
    void json_mismatchedValue_failsTypedAndNeverQuotesTheValue(String value) {
        SecretTransformationException e = catchThrowableOfType(SecretTransformationException.class,
                () -> Transformations.applySafely(Transformation.json(DbConfig.class), "prod/db", RawValue.ofText(value, null)));

        assertThat(e.id()).isEqualTo("prod/db");
        assertThat(e.transformation()).isEqualTo("json:" + DbConfig.class.getName());
        assertThat(e.getMessage()).contains("prod/db").contains(DbConfig.class.getName()).doesNotContain("hunter2");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void json_wrongFieldType_namesThePathOfTheField() {
        SecretTransformationException e = catchThrowableOfType(SecretTransformationException.class,
                () -> Transformations.applySafely(Transformation.json(DbConfig.class), "prod/db",
                        RawValue.ofText("{\"port\":\"hunter2\"}", null)));

        assertThat(e).hasMessageContaining("$.port").hasMessageNotContaining("hunter2");
    }

    @Test
    void json_genericType_bindsElements() throws Exception {
        Transformation<List<DbConfig>> t = Transformation.json(new TypeReference<List<DbConfig>>() { });

        List<DbConfig> list = t.apply("k", RawValue.ofText("[{\"user\":\"u\",\"port\":1,\"hosts\":[]}]", null));

        assertThat(list).containsExactly(new DbConfig("u", null, 1, List.of()));
        assertThat(t.name()).startsWith("json:java.util.List");
    }

    @Test
    void json_ofOneClass_isTheSameTransformationEachTime() {
        assertThat(Transformation.json(DbConfig.class)).isSameAs(Transformation.json(DbConfig.class));
    }

    @Test
    void base64_invalidText_failsWithoutQuotingIt() {
        assertThatThrownBy(() -> Transformations.applySafely(Transformation.base64(), "k", RawValue.ofText("hunter2*#", null)))
                .isInstanceOf(SecretTransformationException.class)
                .hasMessageContaining("base64")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void customTransformation_throwingWithTheValue_isReportedWithoutItsMessage() {
        Transformation<Integer> number = Transformation.of("int", Integer::parseInt);

        assertThatThrownBy(() -> Transformations.applySafely(number, "k", RawValue.ofText("hunter2", null)))
                .isInstanceOf(SecretTransformationException.class)
                .hasMessageContaining("NumberFormatException")
                .hasMessageContaining("'int'")
                .hasMessageNotContaining("hunter2")
                .hasNoCause();
    }

    @Test
    void customTransformation_returningNull_isRefused() {
        Transformation<String> nothing = Transformation.of("nothing", s -> null);

        assertThatThrownBy(() -> Transformations.applySafely(nothing, "k", RawValue.ofText("x", null)))
                .isInstanceOf(SecretTransformationException.class).hasMessageContaining("returned null");
    }

    @Test
    void rawValue_toString_neverShowsTheValue() {
        assertThat(RawValue.ofText("hunter2", "v1").toString()).doesNotContain("hunter2").contains("redacted");
        assertThat(RawValue.ofBinary("hunter2".getBytes(StandardCharsets.UTF_8), null).toString()).doesNotContain("hunter2");
    }
}
