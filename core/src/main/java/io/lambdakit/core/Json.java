package io.lambdakit.core;

import io.lambdakit.core.spi.JsonWriter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one Jackson setup lambdakit shares: unknown properties are ignored, empty beans serialise as
 * {@code {}}, dates as ISO strings where Jackson supports them. The mapper is created on first
 * use (at function init, or before a SnapStart checkpoint), never when this class loads.
 * For hot output (log lines, EMF, segments) use {@link JsonWriter} instead.
 */
public final class Json {

    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = configure(new ObjectMapper());
    }

    /**
     * @return the shared, configured mapper; thread-safe; do not reconfigure it
     */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** @return the shared mapper's factory, for streaming reads and writes */
    public static JsonFactory factory() {
        return Holder.MAPPER.getFactory();
    }

    /**
     * Applies lambdakit's settings to a mapper, for users who want the same behaviour in their own.
     *
     * @param mapper a mapper
     * @return the same mapper
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
