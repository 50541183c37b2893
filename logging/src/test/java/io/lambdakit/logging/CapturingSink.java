package io.lambdakit.logging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lambdakit.logging.spi.LogSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink that keeps every write, checking that each is exactly one line, and (as the output's
 * {@code warningSink}, see {@link TestOutputs}) every report the output makes about its own
 * problems, kept apart. Thread-safe.
 */
public final class CapturingSink implements LogSink {

    /** Strict: duplicate keys and trailing garbage fail the parse. */
    public static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final List<String> writes = new ArrayList<>();
    private final List<String> reports = new ArrayList<>();

    @Override
    public synchronized void write(byte[] line, int offset, int length) {
        writes.add(new String(line, offset, length, StandardCharsets.UTF_8));
    }

    /** @return every write as received, newline included */
    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    /** @return every write parsed as one JSON object, after checking it is exactly one line */
    public List<JsonNode> lines() {
        List<JsonNode> out = new ArrayList<>();
        for (String w : writes()) {
            if (!w.endsWith("\n") || w.indexOf('\n') != w.length() - 1) {
                throw new AssertionError("a write was not exactly one line: " + w);
            }
            out.add(parse(w));
        }
        return out;
    }

    /**
     * @param message a message
     * @return the lines with that message
     */
    public List<JsonNode> withMessage(String message) {
        return lines().stream().filter(n -> message.equals(n.path("message").asText(null))).toList();
    }

    /**
     * @param message a message
     * @return the only line with that message
     */
    public JsonNode only(String message) {
        List<JsonNode> found = withMessage(message);
        if (found.size() != 1) {
            throw new AssertionError("expected one line with message '" + message + "' but found " + found.size() + " in " + writes());
        }
        return found.get(0);
    }

    /** @return the messages, in order */
    public List<String> messages() {
        return lines().stream().map(n -> n.path("message").asText()).toList();
    }

    /** @param line one report of the output about its own problems (its warning sink), without newline */
    public synchronized void report(String line) {
        reports.add(line);
    }

    /** @return the reports, each parsed as one JSON object */
    public synchronized List<JsonNode> reports() {
        List<JsonNode> out = new ArrayList<>();
        for (String r : reports) {
            out.add(parse(r));
        }
        return out;
    }

    /** @return the messages of the reports, in order */
    public List<String> reportMessages() {
        return reports().stream().map(n -> n.path("message").asText()).toList();
    }

    /** Forgets everything captured. */
    public synchronized void clear() {
        writes.clear();
        reports.clear();
    }

    /**
     * @param json a JSON document
     * @return its tree, strictly parsed
     */
    public static JsonNode parse(String json) {
        try {
            JsonNode n = STRICT.readTree(json);
            if (n == null || !n.isObject()) {
                throw new AssertionError("not a JSON object: " + json);
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON: " + json, e);
        }
    }
}
