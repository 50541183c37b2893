package io.lambdakit.idempotency.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns results into the {@code data} attribute and back. A {@code String} result is stored raw,
 * as Powertools does; anything else as JSON through the configured mapper; a null result (or a
 * {@code void} method) stores no data and replays as null. Thread-safe.
 */
public final class ResponseCodec {

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
     * @return the data to store, or null
     * @throws JsonProcessingException when Jackson cannot serialise the result
     */
    public String serialize(Object result, JavaType type) throws JsonProcessingException {
        if (result == null || isVoid(type)) {
            return null;
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
        if (type.getRawClass() == String.class) {
            return data;
        }
        return mapper.readValue(data, type);
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
