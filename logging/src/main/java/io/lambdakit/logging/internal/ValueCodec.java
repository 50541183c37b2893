package io.lambdakit.logging.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.lambdakit.core.Json;
import io.lambdakit.core.spi.JsonWriter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes user values (MDC entries, key-value pairs, events, responses) into a log line exactly as
 * Jackson with its JSR-310 and JDK 8 modules writes them, dates and durations as ISO-8601 strings
 * (see {@link JdkValues}): scalars, {@code java.time} values, {@code Optional}s, enums, UUIDs and
 * URIs without building a tree, everything else through a Jackson tree so that sensitive
 * members are masked at any depth. Strings that hold a JSON document (an API Gateway body, say)
 * are masked inside too. Strings are cut at the configured length, and a structured value larger
 * than its byte cap is replaced by a cut string of its JSON, so a value can never break a line.
 * Nothing here throws for a value: what cannot be serialised is written as its {@code toString()}.
 */
final class ValueCodec {

    private static final int MAX_DEPTH = 64;

    private ValueCodec() {
    }

    /**
     * Writes {@code "key": value}, masking the value when the key is sensitive.
     *
     * @param w     the line
     * @param key   the member name
     * @param value the value
     * @param s     settings
     */
    public static void writeMember(JsonWriter w, String key, Object value, LogOutputConfig s) {
        w.name(key);
        if (s.redactor().isSensitive(key)) {
            w.value(s.redactor().mask());
        } else {
            writeValue(w, value, s);
        }
    }

    /**
     * @param w     the line, positioned where a value is expected
     * @param value any value
     * @param s     settings
     */
    public static void writeValue(JsonWriter w, Object value, LogOutputConfig s) {
        if (value == null) {
            w.nullValue();
        } else if (value instanceof String str) {
            writeString(w, str, s);
        } else if (value instanceof Boolean b) {
            w.value(b.booleanValue());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof AtomicInteger || value instanceof AtomicLong) {
            w.value(((Number) value).longValue());
        } else if (value instanceof Double d) {
            writeDouble(w, d.doubleValue());
        } else if (value instanceof Float f) {
            writeFloat(w, f.floatValue());
        } else if (value instanceof BigInteger || value instanceof BigDecimal) {
            w.rawValue(value.toString());
        } else if (value instanceof CharSequence cs) {
            writeString(w, cs.toString(), s);
        } else if (value instanceof Enum<?> e) {
            writeEnum(w, e, s);
        } else if (value instanceof Character || value instanceof UUID || value instanceof URI || value instanceof URL) {
            writeString(w, value.toString(), s);
        } else if (value instanceof Class<?> c) {
            writeString(w, c.getName(), s);
        } else if (value instanceof Optional<?> opt) {
            writeValue(w, opt.orElse(null), s);
        } else if (value instanceof OptionalInt o) {
            if (o.isPresent()) {
                w.value(o.getAsInt());
            } else {
                w.nullValue();
            }
        } else if (value instanceof OptionalLong o) {
            if (o.isPresent()) {
                w.value(o.getAsLong());
            } else {
                w.nullValue();
            }
        } else if (value instanceof OptionalDouble o) {
            if (o.isPresent()) {
                writeDouble(w, o.getAsDouble());
            } else {
                w.nullValue();
            }
        } else if (value instanceof JsonNode node) {
            writeCapped(w, node, s);
        } else {
            String time = value instanceof TemporalAccessor || value instanceof TemporalAmount || value instanceof ZoneId
                    ? JdkValues.temporal(value) : null;
            if (time != null) {
                writeString(w, time, s);
            } else {
                writeCapped(w, value, s);
            }
        }
    }

    /** As Jackson writes a double: {@link Double#toString(double)}, and NaN and the infinities as strings. */
    private static void writeDouble(JsonWriter w, double d) {
        if (Double.isFinite(d)) {
            w.rawValue(Double.toString(d));
        } else {
            w.value(Double.toString(d));
        }
    }

    /** As Jackson writes a float: {@link Float#toString(float)}, not the wider double's digits. */
    private static void writeFloat(JsonWriter w, float f) {
        if (Float.isFinite(f)) {
            w.rawValue(Float.toString(f));
        } else {
            w.value(Float.toString(f));
        }
    }

    /** As Jackson writes the constant (its name, or its {@code @JsonProperty} / {@code @JsonValue}), computed once per enum. */
    private static void writeEnum(JsonWriter w, Enum<?> e, LogOutputConfig s) {
        JsonNode json;
        try {
            json = JdkValues.enumJson(e);
        } catch (RuntimeException | Error failure) {
            json = null;
        }
        if (json == null) {
            writeString(w, e.name(), s);
        } else {
            writeTree(w, json, s, 0);
        }
    }

    private static void writeCapped(JsonWriter w, Object value, LogOutputConfig s) {
        long mark = w.mark();
        int start = w.size();
        try {
            JsonNode tree = value instanceof JsonNode n ? n : JdkValues.toTree(value);
            writeTree(w, tree, s, 0);
        } catch (RuntimeException | Error e) {
            w.rewind(mark);
            writeString(w, safeToString(value), s);
            return;
        }
        int written = w.size() - start;
        if (written > s.maxValueBytes()) {
            String json = new String(w.buffer(), start, written, StandardCharsets.UTF_8);
            w.rewind(mark);
            w.truncatedValue(json, s.maxMessageChars(), s.truncationMarker());
        }
    }

    /**
     * @param w    the line
     * @param node a JSON tree, written with sensitive members masked
     * @param s    settings
     * @param depth current depth
     */
    static void writeTree(JsonWriter w, JsonNode node, LogOutputConfig s, int depth) {
        if (depth > MAX_DEPTH) {
            w.value("[nested deeper than " + MAX_DEPTH + "]");
            return;
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                w.beginObject();
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    w.name(e.getKey());
                    if (s.redactor().isSensitive(e.getKey())) {
                        w.value(s.redactor().mask());
                    } else {
                        writeTree(w, e.getValue(), s, depth + 1);
                    }
                }
                w.endObject();
            }
            case ARRAY -> {
                w.beginArray();
                for (JsonNode element : node) {
                    writeTree(w, element, s, depth + 1);
                }
                w.endArray();
            }
            case STRING -> writeString(w, node.textValue(), s);
            case NUMBER -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    w.value(node.longValue());
                } else if (node.isFloat()) {
                    writeFloat(w, node.floatValue());
                } else if (node.isDouble()) {
                    writeDouble(w, node.doubleValue());
                } else {
                    w.rawValue(node.numberValue().toString());
                }
            }
            case BOOLEAN -> w.value(node.booleanValue());
            case BINARY -> w.value(node.asText());
            case POJO -> writeString(w, safeToString(((POJONode) node).getPojo()), s);
            default -> w.nullValue();
        }
    }

    /**
     * Writes a string, cut to the configured length; a string that holds a JSON object or array
     * with sensitive members is written with those members masked.
     *
     * @param w   the line
     * @param str the string
     * @param s   settings
     */
    public static void writeString(JsonWriter w, String str, LogOutputConfig s) {
        if (!s.redactor().isEmpty() && looksLikeJson(str) && str.length() <= s.maxValueBytes()) {
            String masked = maskInsideJson(str, s);
            if (masked != null) {
                w.truncatedValue(masked, s.maxMessageChars(), s.truncationMarker());
                return;
            }
        }
        w.truncatedValue(str, s.maxMessageChars(), s.truncationMarker());
    }

    private static String maskInsideJson(String str, LogOutputConfig s) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(str);
        } catch (Exception e) {
            return null;
        }
        if (tree == null || !hasSensitiveMember(tree, s.redactor(), 0)) {
            return null;
        }
        JsonWriter inner = JsonWriter.create(str.length() + 16);
        writeTree(inner, tree, s, 0);
        return inner.toString();
    }

    private static boolean hasSensitiveMember(JsonNode node, Redactor r, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (r.isSensitive(e.getKey()) || hasSensitiveMember(e.getValue(), r, depth + 1)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasSensitiveMember(element, r, depth + 1)) {
                    return true;
                }
            }
        } else if (node.isTextual()) {
            String t = node.textValue();
            return looksLikeJson(t) && t.length() < 1_000_000 && maskableText(t, r);
        }
        return false;
    }

    private static boolean maskableText(String t, Redactor r) {
        try {
            JsonNode inner = Json.mapper().readTree(t);
            return inner != null && hasSensitiveMember(inner, r, 0);
        } catch (Exception e) {
            return false;
        }
    }

    static boolean looksLikeJson(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int j = n - 1;
        while (j > i && Character.isWhitespace(s.charAt(j))) {
            j--;
        }
        if (j <= i) {
            return false;
        }
        char first = s.charAt(i);
        char last = s.charAt(j);
        return (first == '{' && last == '}') || (first == '[' && last == ']');
    }

    static String safeToString(Object value) {
        try {
            return String.valueOf(value);
        } catch (RuntimeException | Error e) {
            return "[FAILED toString() of " + value.getClass().getName() + "]";
        }
    }
}
