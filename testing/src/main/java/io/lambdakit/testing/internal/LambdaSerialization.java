package io.lambdakit.testing.internal;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses serializers exactly as the managed Java runtime does: the {@code aws-lambda-java-events}
 * types through {@link LambdaEventSerializers} (with their mixins: {@code Records}, epoch dates,
 * base64 blobs), every other type through the runtime's own {@link JacksonFactory}.
 */
public final class LambdaSerialization {

    private static final Map<Type, PojoSerializer<Object>> CACHE = new ConcurrentHashMap<>();

    private LambdaSerialization() {
    }

    /**
     * @param type the declared type of a handler's input or output
     * @return the serializer the runtime would use for it
     */
    @SuppressWarnings("unchecked")
    public static PojoSerializer<Object> serializerFor(Type type) {
        return CACHE.computeIfAbsent(type, t -> {
            if (t instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
                ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader() : LambdaSerialization.class.getClassLoader();
                return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(c, loader);
            }
            return JacksonFactory.getInstance().getSerializer(t);
        });
    }

    /**
     * @param value an event or response object
     * @return its JSON as the runtime would write it
     */
    public static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializerFor(value.getClass()).toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * @param json JSON text
     * @param type the target type
     * @param <T>  the target type
     * @return the value as the runtime would read it
     */
    @SuppressWarnings("unchecked")
    public static <T> T fromJson(String json, Class<T> type) {
        return (T) serializerFor(type).fromJson(json);
    }
}
