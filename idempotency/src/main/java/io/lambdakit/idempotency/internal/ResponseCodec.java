package io.lambdakit.idempotency.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Turns results into the {@code data} attribute and back, compatibly with Powertools for AWS
 * Lambda (Java) in both directions:
 * <ul>
 *   <li>a {@code String} result of a method declared {@code String} is stored raw, as Powertools
 *       does; anything else as JSON through the configured mapper;</li>
 *   <li>a null result, and a {@code void} method's, is stored as {@code null} (the JSON Powertools
 *       stores) and replays as null, also for a declared {@code String} (Powertools replays the text
 *       {@code "null"} there; a String method that really returned the four letters {@code null}
 *       replays as null);</li>
 *   <li>a record without {@code data} (written by earlier lambdakit versions for null results)
 *       replays as null;</li>
 *   <li>for a declared type a String could be ({@code Object}, {@code CharSequence},
 *       {@code Serializable}...), data that is not one JSON value is a String Powertools stored raw
 *       and replays as that String (Powertools itself cannot replay it).</li>
 * </ul>
 * Thread-safe.
 */
final class ResponseCodec {

    /** What Powertools stores for a null result: the JSON {@code null}. */
    public static final String NULL_DATA = "null";

    private final ObjectMapper mapper;

    /**
     * @param mapper the mapper for results
     */
    public ResponseCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @return the mapper, e.g. to resolve a method's generic return type */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * @param result the body's result
     * @param type   the declared result type
     * @return the data to store, never null
     * @throws JsonProcessingException when Jackson cannot serialise the result
     */
    public String serialize(Object result, JavaType type) throws JsonProcessingException {
        if (result == null || isVoid(type)) {
            return NULL_DATA;
        }
        if (type.getRawClass() == String.class && result instanceof String s) {
            return s;
        }
        return mapper.writeValueAsString(result);
    }

    /**
     * @param data the stored data, or null
     * @param type the declared result type
     * @return the result
     * @throws JsonProcessingException when the data cannot be read as {@code type}
     */
    public Object deserialize(String data, JavaType type) throws JsonProcessingException {
        if (data == null || isVoid(type)) {
            return null;
        }
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return NULL_DATA.equals(data) ? null : data;
        }
        if (raw != Object.class && !raw.isAssignableFrom(String.class)) {
            return mapper.readValue(data, type);
        }
        try {
            return mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(data);
        } catch (JsonParseException | MismatchedInputException e) {
            return data; // not one JSON value: a String result Powertools stored raw
        }
    }

    /**
     * @param e a Jackson failure
     * @return where in the JSON it happened, without any value from the JSON
     */
    public static String describe(JsonProcessingException e) {
        String where = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? " at " + m.getPathReference() : "";
        return e.getClass().getSimpleName() + where;
    }

    private static boolean isVoid(JavaType type) {
        Class<?> raw = type.getRawClass();
        return raw == Void.class || raw == void.class;
    }
}
