package io.lambdakit.testing.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * RFC 8259 JSON, read strictly: duplicate member names, trailing content, {@code NaN}/{@code Infinity}
 * literals, raw control characters, leading zeros and unpaired UTF-16 surrogates (raw or escaped) are
 * all errors. Numbers with a fraction or exponent are kept exactly (as {@code BigDecimal}), so a value
 * too large for a double is seen as written.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private StrictJson() {
    }

    /**
     * The outcome of a strict read.
     *
     * @param tree  the document, null when it could not be read
     * @param error why it could not be read (or why it is not acceptable), null when fine
     */
    public record Read(JsonNode tree, String error) {
    }

    /**
     * @param bytes a document in UTF-8
     * @return the document, or why it is not one
     */
    public static Read readUtf8(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Read(null, "is not valid UTF-8 (" + e.getMessage() + ")");
        }
        return read(text);
    }

    /**
     * @param text a document
     * @return the document, or why it is not one
     */
    public static Read read(String text) {
        int surrogate = unpairedSurrogate(text);
        if (surrogate >= 0) {
            return new Read(null, "has an unpaired UTF-16 surrogate U+" + Integer.toHexString(text.charAt(surrogate)).toUpperCase()
                    + " at index " + surrogate + " (it cannot be written as UTF-8)");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new Read(null, "is not strict JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at column " + e.getLocation().getColumnNr() : ""));
        }
        if (tree == null || tree.isMissingNode()) {
            return new Read(null, "is empty");
        }
        String escaped = escapedSurrogate(tree, "");
        if (escaped != null) {
            return new Read(null, "has an escaped unpaired UTF-16 surrogate in " + escaped + " (invalid Unicode; decoders replace or reject it)");
        }
        return new Read(tree, null);
    }

    /**
     * @param s any string
     * @return the index of the first unpaired surrogate, or -1
     */
    public static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String escapedSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            return unpairedSurrogate(node.textValue()) >= 0 ? "the value at '" + path + "'" : null;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (unpairedSurrogate(f.getKey()) >= 0) {
                    return "a member name under '" + path + "'";
                }
                String found = escapedSurrogate(f.getValue(), path + "/" + f.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = escapedSurrogate(node.get(i), path + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * @param s     a string
     * @param limit most characters to keep
     * @return {@code s} cut for a message, with control characters made visible
     */
    public static String excerpt(String s, int limit) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), limit) + 16);
        for (int i = 0; i < s.length() && i < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085' || Character.isSurrogate(c)) {
                b.append("\\u").append(String.format("%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > limit) {
            b.append("... (").append(s.length()).append(" characters)");
        }
        return b.toString();
    }
}
