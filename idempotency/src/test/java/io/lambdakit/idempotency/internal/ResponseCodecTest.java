package io.lambdakit.idempotency.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored {@code data} both ways, compatibly with Powertools: null results, raw Strings, JSON values. */
class ResponseCodecTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private final ResponseCodec codec = new ResponseCodec(MAPPER);

    record Receipt(String paymentId, long amount) {
    }

    private static JavaType type(Object type) {
        return type instanceof TypeReference<?> ref ? MAPPER.getTypeFactory().constructType(ref) : MAPPER.constructType((Class<?>) type);
    }

    static Stream<Arguments> results() {
        return Stream.of(
                Arguments.of("plain text", String.class),
                Arguments.of("{not json", String.class),
                Arguments.of("", String.class),
                Arguments.of("text declared as Object", Object.class),
                Arguments.of("42", Object.class),
                Arguments.of("true story", CharSequence.class),
                Arguments.of(7, Integer.class),
                Arguments.of(7, Object.class),
                Arguments.of(new Receipt("p-1", 4200), Receipt.class),
                Arguments.of(Map.of("a", 1, "b", List.of("x")), new TypeReference<Map<String, Object>>() { }),
                Arguments.of(List.of(new Receipt("p-1", 1), new Receipt("p-2", 2)), new TypeReference<List<Receipt>>() { }));
    }

    @ParameterizedTest
    @MethodSource("results")
    void result_roundTrips(Object result, Object declared) throws JsonProcessingException {
        JavaType type = type(declared);

        Object replayed = codec.deserialize(codec.serialize(result, type), type);

        assertThat(replayed).isEqualTo(result);
    }

    @ParameterizedTest
    @MethodSource("results")
    void nullResult_isStoredAsJsonNull_andReplayedAsNull(Object ignored, Object declared) throws JsonProcessingException {
        JavaType type = type(declared);

        String data = codec.serialize(null, type);

        assertThat(data).isEqualTo("null");
        assertThat(codec.deserialize(data, type)).isNull();
    }

    @Test
    void voidMethod_storesJsonNull() throws JsonProcessingException {
        assertThat(codec.serialize(null, type(Void.class))).isEqualTo("null");
        assertThat(codec.deserialize("null", type(Void.class))).isNull();
    }

    @ParameterizedTest
    @ValueSource(classes = {String.class, Object.class, Receipt.class, Void.class})
    void recordWithoutData_replaysAsNull(Class<?> declared) throws JsonProcessingException {
        assertThat(codec.deserialize(null, type(declared))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"receipt-powertools-7dff8668-9d72-4b01-af48-5bcbe9ad04a3", "true story", "42 apples", "{half", "\"unterminated", ""})
    void rawStringStoredByPowertools_replaysAsThatString_forATypeAStringCanBe(String raw) throws JsonProcessingException {
        assertThat(codec.deserialize(raw, type(Object.class))).isEqualTo(raw);
        assertThat(codec.deserialize(raw, type(CharSequence.class))).isEqualTo(raw);
        assertThat(codec.deserialize(raw, type(Serializable.class))).isEqualTo(raw);
    }

    @Test
    void stringDeclaredAsObject_isStoredAsJson_soPowertoolsCanReplayIt() throws Exception {
        String data = codec.serialize("receipt-1", type(Object.class));

        assertThat(data).isEqualTo("\"receipt-1\"");
        assertThat(new ObjectMapper().readValue(data, Object.class)).isEqualTo("receipt-1");
    }

    @Test
    void nonJsonData_forAPojoType_stillFails() {
        assertThatThrownBy(() -> codec.deserialize("receipt-1", type(Receipt.class))).isInstanceOf(JsonProcessingException.class);
    }
}
