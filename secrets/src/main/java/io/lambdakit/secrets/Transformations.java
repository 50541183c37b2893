package io.lambdakit.secrets;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.lambdakit.core.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The built-in transformations, and the safe wrapping of any transformation's failure. */
final class Transformations {

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private Transformations() {
    }

    /** Text as stored. */
    static final Transformation<String> TEXT = new Named<>("text") {
        @Override
        public String apply(String id, RawValue value) {
            return requireText(id, name(), value);
        }
    };

    /** Base64 text to bytes. */
    static final Transformation<byte[]> BASE64 = new Named<>("base64") {
        @Override
        public byte[] apply(String id, RawValue value) {
            if (value.isBinary()) {
                return value.bytes();
            }
            return decodeBase64(id, name(), value.text().orElseThrow());
        }
    };

    /** Base64 text to UTF-8 text. */
    static final Transformation<String> BASE64_TEXT = new Named<>("base64:text") {
        @Override
        public String apply(String id, RawValue value) {
            return new String(decodeBase64(id, name(), requireText(id, name(), value)), StandardCharsets.UTF_8);
        }
    };

    /** Bytes of the value. */
    static final Transformation<byte[]> BINARY = new Named<>("binary") {
        @Override
        public byte[] apply(String id, RawValue value) {
            return value.bytes();
        }
    };

    /** Created on first use: building the JSON readers creates the shared mapper. */
    private static final class JsonHolder {
        static final Transformation<Map<String, Object>> JSON_MAP =
                new JsonTransformation<>("json:map", Json.mapper().getTypeFactory().constructType(new TypeReference<Map<String, Object>>() { }));
        static final Transformation<JsonNode> JSON_TREE =
                new JsonTransformation<>("json:tree", Json.mapper().getTypeFactory().constructType(JsonNode.class));
    }

    /** @return JSON object as a map */
    static Transformation<Map<String, Object>> jsonMap() {
        return JsonHolder.JSON_MAP;
    }

    /** @return JSON as a tree */
    static Transformation<JsonNode> jsonTree() {
        return JsonHolder.JSON_TREE;
    }

    /**
     * @param type the target class
     * @param <T>  the result type
     * @return a JSON transformation to it
     */
    @SuppressWarnings("unchecked")
    static <T> Transformation<T> json(Class<T> type) {
        return (Transformation<T>) JSON_BY_CLASS.get(type);
    }

    /** One JSON transformation (and Jackson reader) per class, so {@code get(id, Type.class)} builds nothing per call. */
    private static final ClassValue<Transformation<?>> JSON_BY_CLASS = new ClassValue<>() {
        @Override
        protected Transformation<?> computeValue(Class<?> type) {
            return new JsonTransformation<>("json:" + type.getName(), Json.mapper().getTypeFactory().constructType(type));
        }
    };

    /**
     * @param type the target type
     * @param <T>  the result type
     * @return a JSON transformation to it
     */
    static <T> Transformation<T> json(TypeReference<T> type) {
        JavaType javaType = Json.mapper().getTypeFactory().constructType(type);
        return new JsonTransformation<>("json:" + javaType.toCanonical(), javaType);
    }

    /**
     * @param id             the secret id, for the message
     * @param transformation the transformation's name, for the message
     * @param value          the value
     * @return its text
     * @throws SecretTransformationException when it is a binary secret
     */
    static String requireText(String id, String transformation, RawValue value) {
        if (value.isBinary()) {
            throw new SecretTransformationException(id, transformation, "Secret '" + id + "' is a binary secret (SecretBinary), "
                    + "so it has no text for the '" + transformation + "' transformation; read it with getBinary(..) or "
                    + "Transformation.binary(), or store it as SecretString.");
        }
        return value.text().orElseThrow();
    }

    /**
     * Runs a transformation, turning any failure into a {@link SecretTransformationException} that
     * carries neither the value nor the failure's message (parsers quote their input).
     *
     * @param transformation the transformation
     * @param id             the secret id or parameter name
     * @param value          the fetched value
     * @return the result
     */
    static Object applySafely(Transformation<?> transformation, String id, RawValue value) {
        try {
            Object result = transformation.apply(id, value);
            if (result == null) {
                throw new SecretTransformationException(id, transformation.name(), "Transformation '" + transformation.name()
                        + "' returned null for '" + id + "'; a transformation must return a value or throw.");
            }
            return result;
        } catch (SecretsException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new SecretTransformationException(id, transformation.name(), "Transformation '" + transformation.name()
                    + "' failed for '" + id + "' with " + e.getClass().getName() + "; its message is not shown because it may "
                    + "quote the value. Check the stored value against what the transformation expects.");
        }
    }

    private static byte[] decodeBase64(String id, String transformation, String text) {
        // line breaks and blanks (MIME style) are allowed; any other character outside the alphabet is an error
        String s = WHITESPACE.matcher(text).replaceAll("");
        try {
            if (s.indexOf('-') >= 0 || s.indexOf('_') >= 0) {
                return Base64.getUrlDecoder().decode(s);
            }
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new SecretTransformationException(id, transformation, "'" + id + "' is not valid base64 text, so the '" + transformation + "' transformation cannot decode it; store "
                    + "base64 text, or read the value with Transformation.text().");
        }
    }

    private abstract static class Named<T> implements Transformation<T> {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public String toString() {
            return "Transformation[" + name + "]";
        }
    }

    private static final class JsonTransformation<T> extends Named<T> {
        private final ObjectReader reader;
        private final String typeName;

        JsonTransformation(String name, JavaType type) {
            super(name);
            this.reader = Json.mapper().readerFor(type);
            this.typeName = type.toCanonical();
        }

        @Override
        public T apply(String id, RawValue value) {
            String text = requireText(id, name(), value);
            try {
                return reader.readValue(text);
            } catch (JsonParseException e) {
                throw new SecretTransformationException(id, name(), "'" + id + "' is not valid JSON (syntax error at line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "), so it cannot be read as "
                        + typeName + "; fix the stored value, or read it with Transformation.text().");
            } catch (JsonMappingException e) {
                throw new SecretTransformationException(id, name(), "'" + id + "' is JSON that does not fit " + typeName + " ("
                        + e.getClass().getSimpleName() + " at " + path(e) + "); make the stored JSON and the type's fields agree.");
            } catch (JsonProcessingException e) {
                throw new SecretTransformationException(id, name(), "'" + id + "' could not be read as " + typeName + " ("
                        + e.getClass().getSimpleName() + "); fix the stored value or the target type.");
            }
        }

        private static String path(JsonMappingException e) {
            StringBuilder sb = new StringBuilder("$");
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    sb.append('.').append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    sb.append('[').append(r.getIndex()).append(']');
                }
            }
            return sb.toString();
        }
    }
}
