package io.lambdakit.secrets;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a {@link RawValue} into what the caller asked for. The {@link #name()} is part of the cache
 * key, so reading one secret as text and as a JSON type gives two cache entries (sharing one fetch),
 * never a {@code ClassCastException}.
 *
 * <p>A transformation that throws anything but a {@link SecretsException} is reported as a
 * {@link SecretTransformationException} naming the transformation and the exception's class only: its
 * message is dropped because parsers quote the input, which here is a secret.
 *
 * @param <T> the result type
 */
public interface Transformation<T> {

    /**
     * @return a stable name that identifies this transformation in the cache key and in messages,
     *         e.g. {@code json:com.example.DbConfig}; two transformations with the same name must give
     *         equal results
     */
    String name();

    /**
     * @param id    the secret id or parameter name, for messages
     * @param value the value as fetched
     * @return the transformed value; it is cached and shared by every caller, so treat it as read-only
     * @throws Exception when the value cannot be transformed
     */
    T apply(String id, RawValue value) throws Exception;

    /** @return the text as stored; a binary secret is refused (read it with {@link #binary()}) */
    static Transformation<String> text() {
        return Transformations.TEXT;
    }

    /**
     * @param type the class to bind the JSON text to (with lambdakit's shared Jackson mapper)
     * @param <T>  the result type
     * @return a JSON transformation named {@code json:<class name>}
     */
    static <T> Transformation<T> json(Class<T> type) {
        return Transformations.json(type);
    }

    /**
     * @param type a generic type to bind the JSON text to, e.g. {@code new TypeReference<List<Endpoint>>() {}}
     * @param <T>  the result type
     * @return a JSON transformation named {@code json:<type name>}
     */
    static <T> Transformation<T> json(TypeReference<T> type) {
        return Transformations.json(type);
    }

    /** @return the JSON object text as a map (values are String, Integer, Boolean, List, Map, ...) */
    static Transformation<Map<String, Object>> jsonMap() {
        return Transformations.jsonMap();
    }

    /** @return the JSON text as a Jackson tree */
    static Transformation<JsonNode> jsonTree() {
        return Transformations.jsonTree();
    }

    /**
     * @return the bytes encoded by base64 text (standard or URL-safe alphabet, padding optional); a
     *         binary secret is returned as is, because SecretBinary arrives already decoded
     */
    static Transformation<byte[]> base64() {
        return Transformations.BASE64;
    }

    /** @return base64 text decoded to bytes and read as UTF-8 text (the Powertools {@code Transformer.base64}) */
    static Transformation<String> base64Text() {
        return Transformations.BASE64_TEXT;
    }

    /** @return the bytes: a binary secret's as stored, or the UTF-8 encoding of a text value */
    static Transformation<byte[]> binary() {
        return Transformations.BINARY;
    }

    /**
     * A custom transformation of the text.
     *
     * @param name     a stable name for the cache key, e.g. {@code csv}
     * @param fromText the function; what it throws is reported without its message
     * @param <T>      the result type
     * @return the transformation
     */
    static <T> Transformation<T> of(String name, Function<String, T> fromText) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fromText, "fromText");
        return new Transformation<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public T apply(String id, RawValue value) {
                return fromText.apply(Transformations.requireText(id, name, value));
            }

            @Override
            public String toString() {
                return "Transformation[" + name + "]";
            }
        };
    }
}
